package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// postgresOverlay runs billing on PostgreSQL: several replicas, no volume.
const postgresOverlay = "postgres"

func TestPostgresOverlay(t *testing.T) {
	b := renderOverlay(t, postgresOverlay)
	count := map[string]int{}
	for _, o := range b.objects {
		count[o.Kind]++
	}
	for kind, want := range map[string]int{"Namespace": 1, "Deployment": 1, "HorizontalPodAutoscaler": 1,
		"PodDisruptionBudget": 1, "NetworkPolicy": 1, "ServiceAccount": 1, "Service": 1,
		"StatefulSet": 0, "PersistentVolumeClaim": 0, "Secret": 0} {
		if count[kind] != want {
			t.Errorf("want %d %s, have %d", want, kind, count[kind])
		}
	}
	deployments := b.all("Deployment")
	if len(deployments) != 1 {
		t.Fatalf("want one Deployment, have %d", len(deployments))
	}
	d := deployments[0].Typed.(*appsv1.Deployment)
	spec := &d.Spec.Template.Spec

	t.Run("replicas", func(t *testing.T) {
		// The HPA owns the count: a replicas field would put it back at
		// every kubectl apply, undoing a scale-up under load.
		if d.Spec.Replicas != nil {
			t.Errorf("replicas must be left to the HPA, is %d", *d.Spec.Replicas)
		}
		s := d.Spec.Strategy
		if s.Type != appsv1.RollingUpdateDeploymentStrategyType || s.RollingUpdate == nil ||
			s.RollingUpdate.MaxUnavailable == nil || s.RollingUpdate.MaxUnavailable.IntValue() != 0 {
			t.Errorf("want RollingUpdate with maxUnavailable 0, have %+v", s)
		}
	})
	t.Run("spread over nodes", func(t *testing.T) {
		// Losing a node leaves a replica serving only if no two share one.
		found := false
		for _, c := range spec.TopologySpreadConstraints {
			if c.TopologyKey != corev1.LabelHostname {
				continue
			}
			found = true
			if c.MaxSkew != 1 || c.WhenUnsatisfiable != corev1.DoNotSchedule {
				t.Errorf("want maxSkew 1, whenUnsatisfiable DoNotSchedule on %s, have %d, %s", c.TopologyKey, c.MaxSkew, c.WhenUnsatisfiable)
			}
			// Otherwise a cordoned or dead node's zero blocks the replacement.
			if c.NodeTaintsPolicy == nil || *c.NodeTaintsPolicy != corev1.NodeInclusionPolicyHonor {
				t.Errorf("want nodeTaintsPolicy Honor, have %v", c.NodeTaintsPolicy)
			}
			sel, err := metav1LabelSelector(c.LabelSelector)
			if err != nil || sel.Empty() || !sel.Matches(labels.Set(d.Spec.Template.Labels)) {
				t.Errorf("the spread constraint does not select the Deployment's pods (%v)", err)
			}
		}
		if !found {
			t.Errorf("no topologySpreadConstraint on %s: both replicas may land on one node", corev1.LabelHostname)
		}
	})
	t.Run("network policy", func(t *testing.T) { checkNetworkPolicyOf(t, b, spec, true) })
	t.Run("disruption budget", func(t *testing.T) {
		pdb := b.all("PodDisruptionBudget")[0].Typed.(*policyv1.PodDisruptionBudget)
		if pdb.Spec.MinAvailable == nil || pdb.Spec.MinAvailable.IntValue() != 1 {
			t.Errorf("want minAvailable 1, have %v", pdb.Spec.MinAvailable)
		}
		sel, err := metav1LabelSelector(pdb.Spec.Selector)
		if err != nil || !sel.Matches(labels.Set(d.Spec.Template.Labels)) {
			t.Errorf("the PDB does not select the Deployment's pods (%v)", err)
		}
	})
	t.Run("autoscaler", func(t *testing.T) {
		hpa := b.all("HorizontalPodAutoscaler")[0].Typed.(*autoscalingv2.HorizontalPodAutoscaler)
		if hpa.Spec.ScaleTargetRef.Kind != "Deployment" || hpa.Spec.ScaleTargetRef.Name != d.Name {
			t.Errorf("the HPA scales %+v, not the Deployment", hpa.Spec.ScaleTargetRef)
		}
		if hpa.Spec.MinReplicas == nil || *hpa.Spec.MinReplicas < 2 || hpa.Spec.MaxReplicas < *hpa.Spec.MinReplicas {
			t.Errorf("want minReplicas >= 2 <= maxReplicas, have %v..%d", hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas)
		}
		cpu := false
		for _, m := range hpa.Spec.Metrics {
			if m.Type == autoscalingv2.ResourceMetricSourceType && m.Resource != nil && m.Resource.Name == corev1.ResourceCPU {
				cpu = true
			}
		}
		if !cpu {
			t.Error("the HPA does not scale on CPU")
		}
		// Utilization is relative to requests: every container needs one.
		for _, c := range spec.Containers {
			if _, ok := c.Resources.Requests[corev1.ResourceCPU]; !ok {
				t.Errorf("container %s has no CPU request", c.Name)
			}
		}
	})
	t.Run("database from a Secret", func(t *testing.T) {
		server := container(t, spec, "server")
		args := strings.Join(server.Args, " ")
		if !strings.Contains(args, "--db=$(BILLING_DB_URI)") {
			t.Errorf("the server's --db must be the DSN from the Secret, args: %s", args)
		}
		var uriFromSecret, passfile bool
		for _, e := range server.Env {
			if e.Name == "BILLING_DB_URI" && e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil &&
				e.ValueFrom.SecretKeyRef.Name == "billing-postgres" {
				uriFromSecret = true
			}
			if e.Name == "PGPASSFILE" && e.Value == "/var/run/billing/postgres/pgpass" {
				passfile = true
			}
			if strings.Contains(strings.ToUpper(e.Name), "PASSWORD") {
				t.Errorf("no password in the environment (%s): libpq reads PGPASSFILE", e.Name)
			}
		}
		if !uriFromSecret || !passfile {
			t.Errorf("want BILLING_DB_URI from Secret billing-postgres and PGPASSFILE the init container's copy")
		}
		mounted := false
		for _, v := range spec.Volumes {
			if v.Secret != nil && v.Secret.SecretName == "billing-postgres" {
				mounted = true
			}
			if v.PersistentVolumeClaim != nil {
				t.Errorf("no volume claims on PostgreSQL: %s", v.Name)
			}
		}
		if !mounted {
			t.Error("Secret billing-postgres (pgpass) is not mounted")
		}
	})
	t.Run("liveness without the database", func(t *testing.T) {
		// gRPC health is NOT_SERVING while PostgreSQL is away: as liveness it
		// would restart every replica during an outage.
		if pr := container(t, spec, "server").LivenessProbe; pr == nil || pr.GRPC != nil {
			t.Errorf("the server's liveness probe must not be gRPC health: %+v", pr)
		}
	})
	t.Run("security", func(t *testing.T) { checkSecurity(t, spec, b.name) })
	t.Run("resources", func(t *testing.T) { checkResources(t, spec) })
	t.Run("documented", func(t *testing.T) {
		readme, err := os.ReadFile(filepath.Join(deployDir, "README.md"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"overlays/postgres", "billing-postgres", "CloudNativePG", "copy-data", "pgpass"} {
			if !strings.Contains(string(readme), want) {
				t.Errorf("deploy/README.md does not mention %s", want)
			}
		}
	})
}
