package tests

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// TestStrictDecodingRejectsMistakes proves the decoder used by every other
// test is strict: a misspelled field, an unknown field, a wrongly typed
// value and an unknown kind all fail.
func TestStrictDecodingRejectsMistakes(t *testing.T) {
	b := renderOverlay(t, "prod")
	var sts object
	for _, o := range b.objects {
		if o.Kind == "StatefulSet" {
			sts = o
		}
	}
	good := string(sts.YAML)
	if _, err := decodeStrict([]byte(good)); err != nil {
		t.Fatalf("the rendered StatefulSet itself fails: %v", err)
	}
	for name, mutate := range map[string]func(string) string{
		"misspelled field": func(s string) string {
			return strings.Replace(s, "readOnlyRootFilesystem:", "readOnlyRootFileSystem:", 1)
		},
		"unknown field": func(s string) string {
			return strings.Replace(s, "  replicas: 1", "  replicas: 1\n  replicaz: 2", 1)
		},
		"wrong type": func(s string) string {
			return strings.Replace(s, "terminationGracePeriodSeconds: ", "terminationGracePeriodSeconds: thirty #", 1)
		},
		"duplicate key": func(s string) string {
			return strings.Replace(s, "  replicas: 1", "  replicas: 1\n  replicas: 2", 1)
		},
		"unknown kind": func(s string) string {
			return strings.Replace(s, "kind: StatefulSet", "kind: StatefulSett", 1)
		},
	} {
		bad := mutate(good)
		if bad == good {
			t.Fatalf("%s: the mutation did not apply", name)
		}
		if _, err := decodeStrict([]byte(bad)); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
}

// TestManifests renders every variant and checks the promises of
// deploy/README.md on the rendered set.
func TestManifests(t *testing.T) {
	for _, v := range variants(t) {
		t.Run(v.name, func(t *testing.T) {
			b := render(t, v.name, v.dir)
			t.Run("kinds", func(t *testing.T) { checkKinds(t, b) })
			t.Run("one writer", func(t *testing.T) { checkOneWriter(t, b) })
			t.Run("containers", func(t *testing.T) { checkContainers(t, b) })
			t.Run("probes", func(t *testing.T) { checkProbes(t, b) })
			t.Run("security", func(t *testing.T) { checkSecurity(t, &b.statefulSet(t).Spec.Template.Spec, b.name) })
			t.Run("images", func(t *testing.T) { checkImages(t, b) })
			t.Run("configmap references", func(t *testing.T) { checkConfigMapRefs(t, b) })
			t.Run("secrets documented", func(t *testing.T) { checkSecretsDocumented(t, b) })
			t.Run("grace period", func(t *testing.T) { checkGracePeriod(t, b) })
			t.Run("service", func(t *testing.T) { checkServices(t, b) })
			t.Run("disruption budget", func(t *testing.T) { checkPDB(t, b) })
			t.Run("network policy", func(t *testing.T) { checkNetworkPolicy(t, b) })
			t.Run("namespace", func(t *testing.T) { checkNamespace(t, b) })
			t.Run("resources", func(t *testing.T) { checkResources(t, &b.statefulSet(t).Spec.Template.Spec) })
		})
	}
}

func checkKinds(t *testing.T, b *bundle) {
	count := map[string]int{}
	for _, o := range b.objects {
		count[o.Kind]++
	}
	for kind, want := range map[string]int{"Namespace": 1, "StatefulSet": 1, "PodDisruptionBudget": 1, "NetworkPolicy": 1, "ServiceAccount": 1} {
		if count[kind] != want {
			t.Errorf("want %d %s, have %d", want, kind, count[kind])
		}
	}
	if count["Service"] < 1 || count["ConfigMap"] < 1 {
		t.Errorf("want a Service and a ConfigMap, have %v", count)
	}
	// Credentials are created by hand (README); none is ever rendered from
	// the repository.
	if count["Secret"] != 0 {
		t.Errorf("the manifests must not contain Secrets")
	}
}

func podLabels(b *bundle, t *testing.T) labels.Set {
	return labels.Set(b.statefulSet(t).Spec.Template.Labels)
}

func checkOneWriter(t *testing.T, b *bundle) {
	sts := b.statefulSet(t)
	if sts.Spec.Replicas == nil || *sts.Spec.Replicas != 1 {
		t.Fatalf("SQLite has one writer: replicas must be exactly 1, is %v", sts.Spec.Replicas)
	}
	sel, err := metav1LabelSelector(sts.Spec.Selector)
	if err != nil || !sel.Matches(podLabels(b, t)) {
		t.Errorf("the StatefulSet's selector does not match its pod template (%v)", err)
	}
	if len(sts.Spec.VolumeClaimTemplates) != 1 {
		t.Fatalf("want one volumeClaimTemplate (the database), have %d", len(sts.Spec.VolumeClaimTemplates))
	}
	pvc := sts.Spec.VolumeClaimTemplates[0]
	if len(pvc.Spec.AccessModes) != 1 || pvc.Spec.AccessModes[0] != corev1.ReadWriteOnce {
		t.Errorf("the database volume must be ReadWriteOnce, is %v", pvc.Spec.AccessModes)
	}
	if q, ok := pvc.Spec.Resources.Requests[corev1.ResourceStorage]; !ok || q.IsZero() {
		t.Errorf("the database volume has no storage request")
	}
	p := sts.Spec.PersistentVolumeClaimRetentionPolicy
	if p == nil || p.WhenDeleted != appsv1.RetainPersistentVolumeClaimRetentionPolicyType || p.WhenScaled != appsv1.RetainPersistentVolumeClaimRetentionPolicyType {
		t.Errorf("the database volume must be retained when the StatefulSet is deleted or scaled: %+v", p)
	}
	// The server's --db is on that volume.
	server := container(t, &sts.Spec.Template.Spec, "server")
	db, ok := flagValue(b.expandedArgs(t, server), "db")
	if !ok {
		t.Fatal("the server has no --db")
	}
	m := mountFor(server, db)
	if m == nil || m.Name != pvc.Name || m.ReadOnly {
		t.Errorf("--db=%s is not on the writable database volume %q (mount %+v)", db, pvc.Name, m)
	}
	// The governing Service exists and is headless.
	o, ok := b.find("Service", sts.Spec.ServiceName)
	if !ok {
		t.Fatalf("serviceName %q is not in the set", sts.Spec.ServiceName)
	}
	if svc := o.Typed.(*corev1.Service); svc.Spec.ClusterIP != corev1.ClusterIPNone {
		t.Errorf("the governing Service %s must be headless", svc.Name)
	}
	if sts.Spec.UpdateStrategy.Type != appsv1.RollingUpdateStatefulSetStrategyType {
		t.Errorf("updateStrategy must be RollingUpdate so that an apply rolls the pod")
	}
}

// mountFor returns the volume mount a path lies under (the longest).
func mountFor(c *corev1.Container, p string) *corev1.VolumeMount {
	var best *corev1.VolumeMount
	for i := range c.VolumeMounts {
		m := &c.VolumeMounts[i]
		if p == m.MountPath || strings.HasPrefix(p, strings.TrimSuffix(m.MountPath, "/")+"/") {
			if best == nil || len(m.MountPath) > len(best.MountPath) {
				best = m
			}
		}
	}
	return best
}

func checkContainers(t *testing.T, b *bundle) {
	sts := b.statefulSet(t)
	spec := &sts.Spec.Template.Spec
	if len(spec.Containers) != 2 || len(spec.InitContainers) != 0 {
		t.Fatalf("want the two containers server and gateway, have %d (+%d init)", len(spec.Containers), len(spec.InitContainers))
	}
	server := container(t, spec, "server")
	gateway := container(t, spec, "gateway")
	if len(server.Command) != 0 || len(gateway.Command) != 0 {
		t.Errorf("the containers must keep the images' ENTRYPOINT (no command), so SIGTERM reaches the program")
	}
	for _, c := range []*corev1.Container{server, gateway} {
		env, err := b.containerEnv(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range c.Args {
			if u := unresolved(a, env); len(u) > 0 {
				t.Errorf("container %s: arg %q refers to undefined %v", c.Name, a, u)
			}
		}
		// Absolute paths in the args are on a volume: the root filesystem
		// is read-only and the image holds nothing under them.
		for _, a := range b.expandedArgs(t, c) {
			_, v, ok := strings.Cut(a, "=")
			if ok && strings.HasPrefix(v, "/") && mountFor(c, v) == nil {
				t.Errorf("container %s: %q names a path on no volume", c.Name, a)
			}
		}
	}
	serverArgs := b.expandedArgs(t, server)
	if len(serverArgs) == 0 || serverArgs[0] != "serve" {
		t.Errorf("the server's first arg must be the serve command: %q", serverArgs)
	}
	for _, a := range append(serverArgs, b.expandedArgs(t, gateway)...) {
		if strings.Contains(a, "insecure") {
			t.Errorf("%s: %q: no insecure flag in a deployable overlay", b.name, a)
		}
	}
	// The gateway talks to the server over localhost, on the server's port.
	up, ok := flagValue(b.expandedArgs(t, gateway), "upstream")
	if !ok {
		t.Fatal("the gateway has no --upstream")
	}
	grpcPort := containerPort(t, server, "grpc")
	if up != fmt.Sprintf("127.0.0.1:%d", grpcPort) {
		t.Errorf("--upstream=%s: want the server over localhost, 127.0.0.1:%d", up, grpcPort)
	}
	listen, _ := flagValue(serverArgs, "listen")
	if !strings.HasSuffix(listen, fmt.Sprintf(":%d", grpcPort)) {
		t.Errorf("the server listens on %s, its container port is %d", listen, grpcPort)
	}
	// Prometheus finds the server's metrics by the pod's annotations, on
	// the port the server serves them on.
	metricsPort := containerPort(t, server, "metrics")
	if ml, _ := flagValue(serverArgs, "metrics_listen"); ml != fmt.Sprintf("0.0.0.0:%d", metricsPort) {
		t.Errorf("the server serves metrics on %q, its metrics container port is %d", ml, metricsPort)
	}
	ann := b.statefulSet(t).Spec.Template.Annotations
	if ann["prometheus.io/scrape"] != "true" || ann["prometheus.io/port"] != fmt.Sprint(metricsPort) ||
		ann["prometheus.io/path"] != "/metrics" {
		t.Errorf("the pod's prometheus.io annotations must name the metrics port %d and /metrics: %v", metricsPort, ann)
	}
	glisten, _ := flagValue(b.expandedArgs(t, gateway), "listen")
	if !strings.HasSuffix(glisten, fmt.Sprintf(":%d", containerPort(t, gateway, "http"))) {
		t.Errorf("the gateway listens on %s, its container port is %d", glisten, containerPort(t, gateway, "http"))
	}
	// Only the server writes: the database volume and /tmp. Secrets are
	// read-only.
	for _, c := range spec.Containers {
		for _, m := range c.VolumeMounts {
			v := volume(spec, m.Name)
			if v == nil && !isClaimTemplate(sts, m.Name) {
				t.Errorf("container %s mounts %q, which is no volume", c.Name, m.Name)
				continue
			}
			if v != nil && (v.Secret != nil || v.ConfigMap != nil || v.Projected != nil) && !m.ReadOnly {
				t.Errorf("container %s must mount %s read-only", c.Name, m.Name)
			}
			if !m.ReadOnly && c.Name != "server" {
				t.Errorf("only the server writes; %s mounts %s writable", c.Name, m.Name)
			}
			if !m.ReadOnly && m.MountPath != "/tmp" && !isClaimTemplate(sts, m.Name) {
				t.Errorf("container %s: writable mount %s at %s is neither the database volume nor /tmp", c.Name, m.Name, m.MountPath)
			}
			if m.MountPath == "/tmp" && (v == nil || v.EmptyDir == nil || v.EmptyDir.SizeLimit == nil) {
				t.Errorf("/tmp must be an emptyDir with a sizeLimit")
			}
		}
	}
	if m := mountFor(server, "/tmp/x"); m == nil || m.MountPath != "/tmp" {
		t.Errorf("the server needs a writable /tmp for SQLite's temporary files")
	}
	env, _ := b.containerEnv(server)
	if env["SQLITE_TMPDIR"] != "/tmp" {
		t.Errorf("SQLITE_TMPDIR must be /tmp, is %q", env["SQLITE_TMPDIR"])
	}
}

func isClaimTemplate(sts *appsv1.StatefulSet, name string) bool {
	for _, p := range sts.Spec.VolumeClaimTemplates {
		if p.Name == name {
			return true
		}
	}
	return false
}

func volume(spec *corev1.PodSpec, name string) *corev1.Volume {
	for i := range spec.Volumes {
		if spec.Volumes[i].Name == name {
			return &spec.Volumes[i]
		}
	}
	return nil
}

func containerPort(t *testing.T, c *corev1.Container, name string) int32 {
	t.Helper()
	for _, p := range c.Ports {
		if p.Name == name {
			return p.ContainerPort
		}
	}
	t.Fatalf("container %s has no port named %q", c.Name, name)
	return 0
}

// resolvePort resolves a probe's or Service's port (number or name) against
// a container's ports. It must be one of them.
func resolvePort(c *corev1.Container, p intstr.IntOrString) (int32, bool) {
	for _, cp := range c.Ports {
		if (p.Type == intstr.String && cp.Name == p.StrVal) || (p.Type == intstr.Int && cp.ContainerPort == p.IntVal) {
			return cp.ContainerPort, true
		}
	}
	return 0, false
}

// startupBudget is how long a startup probe lets a container take.
func startupBudget(p *corev1.Probe) time.Duration {
	period := p.PeriodSeconds
	if period == 0 {
		period = 10
	}
	failures := p.FailureThreshold
	if failures == 0 {
		failures = 3
	}
	return time.Duration(p.InitialDelaySeconds+period*failures) * time.Second
}

func checkProbes(t *testing.T, b *bundle) {
	spec := &b.statefulSet(t).Spec.Template.Spec
	server := container(t, spec, "server")
	for name, p := range map[string]*corev1.Probe{"startup": server.StartupProbe, "readiness": server.ReadinessProbe, "liveness": server.LivenessProbe} {
		if p == nil {
			t.Errorf("server: no %s probe", name)
			continue
		}
		if p.GRPC == nil || p.HTTPGet != nil || p.Exec != nil || p.TCPSocket != nil {
			t.Errorf("server: the %s probe must be a native gRPC probe (grpc.health.v1)", name)
			continue
		}
		if _, ok := resolvePort(server, intstr.FromInt32(p.GRPC.Port)); !ok {
			t.Errorf("server: the %s probe's port %d is not a port of the container", name, p.GRPC.Port)
		}
		if p.GRPC.Service != nil && *p.GRPC.Service != "" {
			t.Errorf("server: the %s probe asks for service %q; the server's overall health is \"\"", name, *p.GRPC.Service)
		}
	}
	// The startup probe covers opening the database and migrating: the
	// README promises 5 minutes.
	if server.StartupProbe != nil && startupBudget(server.StartupProbe) < 5*time.Minute {
		t.Errorf("server: the startup probe allows %v; migrations get 5 minutes", startupBudget(server.StartupProbe))
	}
	gateway := container(t, spec, "gateway")
	for name, want := range map[string]struct {
		p    *corev1.Probe
		path string
	}{"readiness": {gateway.ReadinessProbe, "/readyz"}, "liveness": {gateway.LivenessProbe, "/healthz"}} {
		p := want.p
		if p == nil || p.HTTPGet == nil {
			t.Errorf("gateway: the %s probe must be an HTTP GET", name)
			continue
		}
		if p.HTTPGet.Path != want.path {
			t.Errorf("gateway: the %s probe asks %s, want %s", name, p.HTTPGet.Path, want.path)
		}
		if p.HTTPGet.Scheme != "" && p.HTTPGet.Scheme != corev1.URISchemeHTTP {
			t.Errorf("gateway: the %s probe must use plain HTTP", name)
		}
		if _, ok := resolvePort(gateway, p.HTTPGet.Port); !ok {
			t.Errorf("gateway: the %s probe's port %s is not a port of the container", name, p.HTTPGet.Port.String())
		}
	}
	if p := gateway.StartupProbe; p != nil {
		if p.HTTPGet == nil || p.HTTPGet.Path != "/healthz" {
			t.Errorf("gateway: the startup probe must ask /healthz")
		} else if _, ok := resolvePort(gateway, p.HTTPGet.Port); !ok {
			t.Errorf("gateway: the startup probe's port is not a port of the container")
		}
	}
	for _, c := range spec.Containers {
		for _, p := range []*corev1.Probe{c.StartupProbe, c.ReadinessProbe, c.LivenessProbe} {
			if p != nil && p.TerminationGracePeriodSeconds != nil {
				t.Errorf("container %s: a probe overrides the grace period", c.Name)
			}
		}
	}
}

// checkSecurity checks a pod spec against the security context the README
// promises, which is also the "restricted" Pod Security Standard.
func checkSecurity(t *testing.T, spec *corev1.PodSpec, what string) {
	psc := spec.SecurityContext
	if psc == nil {
		psc = &corev1.PodSecurityContext{}
	}
	if spec.HostNetwork || spec.HostPID || spec.HostIPC {
		t.Errorf("%s: no host namespaces", what)
	}
	if spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken {
		t.Errorf("%s: automountServiceAccountToken must be false", what)
	}
	for _, v := range spec.Volumes {
		if v.HostPath != nil {
			t.Errorf("%s: volume %s is a hostPath", what, v.Name)
		}
		if !(v.ConfigMap != nil || v.Secret != nil || v.EmptyDir != nil || v.PersistentVolumeClaim != nil ||
			v.Projected != nil || v.DownwardAPI != nil || v.CSI != nil || v.Ephemeral != nil) {
			t.Errorf("%s: volume %s is of a type the restricted profile forbids", what, v.Name)
		}
	}
	if psc.FSGroup == nil {
		t.Errorf("%s: fsGroup must be set so the volume is writable by the non-root user", what)
	}
	all := append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...)
	for _, c := range all {
		sc := c.SecurityContext
		if sc == nil {
			t.Errorf("%s: container %s has no securityContext", what, c.Name)
			continue
		}
		// the effective value: the container's, else the pod's
		runAsNonRoot := sc.RunAsNonRoot
		if runAsNonRoot == nil {
			runAsNonRoot = psc.RunAsNonRoot
		}
		if runAsNonRoot == nil || !*runAsNonRoot {
			t.Errorf("%s: container %s: runAsNonRoot must be true", what, c.Name)
		}
		user := sc.RunAsUser
		if user == nil {
			user = psc.RunAsUser
		}
		if user == nil || *user == 0 {
			t.Errorf("%s: container %s: runAsUser must be a non-zero uid", what, c.Name)
		}
		if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
			t.Errorf("%s: container %s: readOnlyRootFilesystem must be true", what, c.Name)
		}
		if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			t.Errorf("%s: container %s: allowPrivilegeEscalation must be false", what, c.Name)
		}
		if sc.Privileged != nil && *sc.Privileged {
			t.Errorf("%s: container %s is privileged", what, c.Name)
		}
		if sc.Capabilities == nil || len(sc.Capabilities.Add) != 0 || !containsCap(sc.Capabilities.Drop, "ALL") {
			t.Errorf("%s: container %s: capabilities must drop ALL and add none", what, c.Name)
		}
		seccomp := sc.SeccompProfile
		if seccomp == nil {
			seccomp = psc.SeccompProfile
		}
		if seccomp == nil || seccomp.Type != corev1.SeccompProfileTypeRuntimeDefault {
			t.Errorf("%s: container %s: seccompProfile must be RuntimeDefault", what, c.Name)
		}
		for _, p := range c.Ports {
			if p.HostPort != 0 {
				t.Errorf("%s: container %s uses a hostPort", what, c.Name)
			}
		}
	}
}

func containsCap(caps []corev1.Capability, want corev1.Capability) bool {
	for _, c := range caps {
		if c == want {
			return true
		}
	}
	return false
}

// imageRef splits an image reference into repository, tag and digest.
func imageRef(image string) (repo, tag, digest string) {
	rest := image
	if i := strings.Index(rest, "@"); i >= 0 {
		rest, digest = rest[:i], rest[i+1:]
	}
	if i := strings.LastIndex(rest, ":"); i > strings.LastIndex(rest, "/") {
		rest, tag = rest[:i], rest[i+1:]
	}
	return rest, tag, digest
}

// pinned reports why an image reference is not pinned ("" if it is): a tag
// other than latest, or a sha256 digest.
func pinned(image string) string {
	_, tag, digest := imageRef(image)
	switch {
	case digest != "":
		if !strings.HasPrefix(digest, "sha256:") || len(digest) != len("sha256:")+64 {
			return "malformed digest"
		}
		return ""
	case tag == "":
		return "no tag"
	case tag == "latest":
		return "tag latest"
	}
	return ""
}

func checkImages(t *testing.T, b *bundle) {
	sts := b.statefulSet(t)
	tags := map[string]string{}
	for _, c := range sts.Spec.Template.Spec.Containers {
		if why := pinned(c.Image); why != "" {
			t.Errorf("container %s: image %q is not pinned (%s)", c.Name, c.Image, why)
		}
		if c.ImagePullPolicy == corev1.PullAlways {
			t.Errorf("container %s: a pinned image needs no imagePullPolicy Always", c.Name)
		}
		repo, tag, _ := imageRef(c.Image)
		tags[path.Base(repo)] = tag
	}
	if len(tags) != 2 || tags["billing-server"] == "" || tags["billing-server"] != tags["billing-gateway"] {
		t.Errorf("both images are built from one commit and carry one tag: %v", tags)
	}
}

func checkConfigMapRefs(t *testing.T, b *bundle) {
	spec := &b.statefulSet(t).Spec.Template.Spec
	for _, c := range spec.Containers {
		if _, err := b.containerEnv(&c); err != nil {
			t.Error(err)
		}
	}
	for _, v := range spec.Volumes {
		if v.ConfigMap == nil {
			continue
		}
		cm := b.configMap(v.ConfigMap.Name)
		if cm == nil {
			t.Errorf("volume %s: ConfigMap %q is not in the set", v.Name, v.ConfigMap.Name)
			continue
		}
		for _, it := range v.ConfigMap.Items {
			if _, ok := cm.Data[it.Key]; !ok {
				t.Errorf("volume %s: ConfigMap %s has no key %s", v.Name, cm.Name, it.Key)
			}
		}
	}
	// Every ConfigMap is used (a leftover would be a setting that does
	// nothing).
	used := map[string]bool{}
	for _, c := range spec.Containers {
		for _, e := range c.Env {
			if e.ValueFrom != nil && e.ValueFrom.ConfigMapKeyRef != nil {
				used[e.ValueFrom.ConfigMapKeyRef.Name] = true
			}
		}
		for _, e := range c.EnvFrom {
			if e.ConfigMapRef != nil {
				used[e.ConfigMapRef.Name] = true
			}
		}
	}
	for _, v := range spec.Volumes {
		if v.ConfigMap != nil {
			used[v.ConfigMap.Name] = true
		}
	}
	for _, o := range b.all("ConfigMap") {
		if !used[o.Name] {
			t.Errorf("ConfigMap %s is used by no container", o.Name)
		}
		// and every key of it is used by an env entry or envFrom
		cm := o.Typed.(*corev1.ConfigMap)
		for k := range cm.Data {
			if !configKeyUsed(spec, cm.Name, k) {
				t.Errorf("ConfigMap %s: key %s is used by no container", cm.Name, k)
			}
		}
	}
}

func configKeyUsed(spec *corev1.PodSpec, cm, key string) bool {
	for _, c := range spec.Containers {
		for _, e := range c.EnvFrom {
			if e.ConfigMapRef != nil && e.ConfigMapRef.Name == cm {
				return true
			}
		}
		for _, e := range c.Env {
			if e.ValueFrom != nil && e.ValueFrom.ConfigMapKeyRef != nil && e.ValueFrom.ConfigMapKeyRef.Name == cm && e.ValueFrom.ConfigMapKeyRef.Key == key {
				for _, a := range c.Args {
					if strings.Contains(a, "$("+e.Name+")") {
						return true
					}
				}
			}
		}
	}
	return false
}

// neededSecrets maps each Secret the pod needs to the keys it reads: the
// keys of a mounted secret are the files under its mount path that the
// containers' args name (or its items).
func neededSecrets(t *testing.T, b *bundle) map[string][]string {
	spec := &b.podWorkload(t).Spec.Template.Spec
	out := map[string][]string{}
	for _, v := range spec.Volumes {
		var secretName string
		var items []corev1.KeyToPath
		switch {
		case v.Secret != nil:
			secretName, items = v.Secret.SecretName, v.Secret.Items
			if v.Secret.Optional != nil && *v.Secret.Optional {
				t.Errorf("secret volume %s is optional: the server would start without its keys", v.Name)
			}
		case v.Projected != nil:
			t.Errorf("projected volume %s: not expected", v.Name)
			continue
		default:
			continue
		}
		keys := map[string]bool{}
		for _, it := range items {
			keys[it.Key] = true
		}
		for _, c := range spec.Containers {
			for _, m := range c.VolumeMounts {
				if m.Name != v.Name {
					continue
				}
				for _, a := range b.expandedArgs(t, &c) {
					_, val, ok := strings.Cut(a, "=")
					if ok && strings.HasPrefix(val, m.MountPath+"/") {
						key := strings.TrimPrefix(val, m.MountPath+"/")
						if len(items) > 0 {
							found := false
							for _, it := range items {
								if it.Path == key {
									found = true
								}
							}
							if !found {
								t.Errorf("%q: %s is not a path of secret volume %s's items", a, key, v.Name)
							}
							continue
						}
						keys[key] = true
					}
				}
			}
		}
		if len(keys) == 0 {
			t.Errorf("secret %s is mounted but nothing reads a key of it", secretName)
		}
		for k := range keys {
			out[secretName] = append(out[secretName], k)
		}
	}
	for _, c := range spec.Containers {
		for _, e := range c.Env {
			if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
				out[e.ValueFrom.SecretKeyRef.Name] = append(out[e.ValueFrom.SecretKeyRef.Name], e.ValueFrom.SecretKeyRef.Key)
			}
		}
		for _, e := range c.EnvFrom {
			if e.SecretRef != nil {
				t.Errorf("container %s: envFrom a Secret: its keys cannot be checked", c.Name)
			}
		}
	}
	for _, s := range spec.ImagePullSecrets {
		out[s.Name] = append(out[s.Name], ".dockerconfigjson")
	}
	return out
}

func checkSecretsDocumented(t *testing.T, b *bundle) {
	documented := secretCommands(t)
	needed := neededSecrets(t, b)
	if len(needed) == 0 {
		t.Fatal("the pod mounts no Secret: where are the JWT verification keys?")
	}
	for name, keys := range needed {
		have, ok := documented[name]
		if !ok {
			t.Errorf("Secret %s is needed by the pod but deploy/README.md has no `kubectl -n \"$ns\" create secret generic %s ...`", name, name)
			continue
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !contains(have, k) {
				t.Errorf("Secret %s: the pod reads key %q, the README's command creates %v", name, k, have)
			}
		}
	}
}

// durationArg reads a duration flag the way absl and Go flags parse the
// common forms ("10s", "1m30s").
func durationArg(t *testing.T, args []string, name string) time.Duration {
	t.Helper()
	v, ok := flagValue(args, name)
	if !ok {
		t.Fatalf("no --%s in %q", name, args)
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		t.Fatalf("--%s=%s: %v", name, v, err)
	}
	return d
}

func preStopPause(c *corev1.Container) time.Duration {
	if c.Lifecycle == nil || c.Lifecycle.PreStop == nil {
		return 0
	}
	if s := c.Lifecycle.PreStop.Sleep; s != nil {
		return time.Duration(s.Seconds) * time.Second
	}
	return 0
}

// shutdownBudget is, per container, the longest a stop may take: the
// preStop pause plus the program's own drain deadline.
func shutdownBudget(t *testing.T, b *bundle) (grace time.Duration, need map[string]time.Duration) {
	spec := &b.statefulSet(t).Spec.Template.Spec
	if spec.TerminationGracePeriodSeconds == nil {
		t.Fatal("terminationGracePeriodSeconds is not set")
	}
	grace = time.Duration(*spec.TerminationGracePeriodSeconds) * time.Second
	server := container(t, spec, "server")
	gateway := container(t, spec, "gateway")
	need = map[string]time.Duration{
		"server":  preStopPause(server) + durationArg(t, b.expandedArgs(t, server), "drain_timeout"),
		"gateway": preStopPause(gateway) + durationArg(t, b.expandedArgs(t, gateway), "shutdown-timeout"),
	}
	return grace, need
}

func checkGracePeriod(t *testing.T, b *bundle) {
	grace, need := shutdownBudget(t, b)
	for name, d := range need {
		if grace <= d {
			t.Errorf("terminationGracePeriodSeconds %v must exceed the %s's preStop + drain deadline %v", grace, name, d)
		}
	}
	spec := &b.statefulSet(t).Spec.Template.Spec
	for _, c := range spec.Containers {
		if c.Lifecycle == nil || c.Lifecycle.PreStop == nil || c.Lifecycle.PreStop.Sleep == nil {
			t.Errorf("container %s: a preStop sleep lets the endpoints drop the pod before SIGTERM", c.Name)
		} else if c.Lifecycle.PreStop.Exec != nil || c.Lifecycle.PreStop.HTTPGet != nil {
			t.Errorf("container %s: preStop must only sleep", c.Name)
		}
	}
	// The gateway's upstream deadline fits in its shutdown window, so a
	// request in flight at SIGTERM can complete.
	gateway := container(t, spec, "gateway")
	args := b.expandedArgs(t, gateway)
	if durationArg(t, args, "upstream-timeout") > durationArg(t, args, "shutdown-timeout") {
		t.Errorf("the gateway's --upstream-timeout exceeds its --shutdown-timeout")
	}
}

func checkServices(t *testing.T, b *bundle) {
	sts := b.statefulSet(t)
	spec := &sts.Spec.Template.Spec
	pod := podLabels(b, t)
	o, ok := b.find("Service", "billing")
	if !ok {
		t.Fatal("no Service billing")
	}
	api := o.Typed.(*corev1.Service)
	want := map[string]struct {
		port      int32
		container string
	}{"http": {8080, "gateway"}, "grpc": {50051, "server"}}
	for _, svc := range b.services() {
		if !labels.SelectorFromSet(svc.Spec.Selector).Matches(pod) || len(svc.Spec.Selector) == 0 {
			t.Errorf("Service %s does not select the pod", svc.Name)
		}
		if svc.Spec.Type == corev1.ServiceTypeNodePort || svc.Spec.Type == corev1.ServiceTypeLoadBalancer {
			t.Errorf("Service %s is exposed outside the cluster (%s): leave that to an Ingress/Gateway", svc.Name, svc.Spec.Type)
		}
		if len(svc.Spec.Ports) != len(want) {
			t.Errorf("Service %s: want ports %v, have %d", svc.Name, want, len(svc.Spec.Ports))
		}
		for _, p := range svc.Spec.Ports {
			w, ok := want[p.Name]
			if !ok {
				t.Errorf("Service %s: unexpected port %q", svc.Name, p.Name)
				continue
			}
			if p.Port != w.port {
				t.Errorf("Service %s: port %s is %d, want %d", svc.Name, p.Name, p.Port, w.port)
			}
			if p.AppProtocol == nil || *p.AppProtocol == "" {
				t.Errorf("Service %s: port %s has no appProtocol", svc.Name, p.Name)
			} else if w := map[string]string{"http": "http", "grpc": "kubernetes.io/h2c"}[p.Name]; *p.AppProtocol != w {
				t.Errorf("Service %s: port %s appProtocol %q, want %q", svc.Name, p.Name, *p.AppProtocol, w)
			}
			if p.Protocol != corev1.ProtocolTCP {
				t.Errorf("Service %s: port %s must be TCP", svc.Name, p.Name)
			}
			c := container(t, spec, w.container)
			target, ok := resolvePort(c, p.TargetPort)
			if !ok {
				t.Errorf("Service %s: port %s targets %s, not a port of container %s", svc.Name, p.Name, p.TargetPort.String(), w.container)
			} else if target != w.port {
				t.Errorf("Service %s: port %s reaches container port %d, want %d", svc.Name, p.Name, target, w.port)
			}
		}
	}
	if api.Spec.ClusterIP == corev1.ClusterIPNone {
		t.Errorf("Service billing must have a cluster IP")
	}
}

func checkPDB(t *testing.T, b *bundle) {
	o := b.all("PodDisruptionBudget")
	if len(o) != 1 {
		t.Fatalf("want one PodDisruptionBudget")
	}
	pdb := o[0].Typed.(*policyv1.PodDisruptionBudget)
	sel, err := metav1LabelSelector(pdb.Spec.Selector)
	if err != nil || sel.Empty() || !sel.Matches(podLabels(b, t)) {
		t.Errorf("the PodDisruptionBudget does not select the pod (%v)", err)
	}
	if pdb.Spec.UnhealthyPodEvictionPolicy == nil || *pdb.Spec.UnhealthyPodEvictionPolicy != policyv1.AlwaysAllow {
		t.Errorf("a pod that is not ready must always be evictable (unhealthyPodEvictionPolicy AlwaysAllow)")
	}
	overlay, _, _ := strings.Cut(b.name, "+")
	switch overlay {
	case "prod":
		if pdb.Spec.MinAvailable == nil || pdb.Spec.MinAvailable.IntValue() != 1 || pdb.Spec.MaxUnavailable != nil {
			t.Errorf("prod: the README promises minAvailable: 1 (no voluntary eviction)")
		}
	case "dev":
		if pdb.Spec.MaxUnavailable == nil || pdb.Spec.MaxUnavailable.IntValue() != 1 || pdb.Spec.MinAvailable != nil {
			t.Errorf("dev: the README promises maxUnavailable: 1 (drains may evict)")
		}
	}
}

func checkNetworkPolicy(t *testing.T, b *bundle) {
	checkNetworkPolicyOf(t, b, &b.statefulSet(t).Spec.Template.Spec, false)
}

// checkNetworkPolicyOf checks the NetworkPolicy against the pod spec it
// guards: ingress to the pod's three ports only; egress to what
// billing-server opens (DNS, SMTP, webhooks over HTTP(S) to public addresses
// only, and PostgreSQL where the overlay has a database) and nothing else;
// and deploy/README.md saying so.
func checkNetworkPolicyOf(t *testing.T, b *bundle, spec *corev1.PodSpec, database bool) {
	o := b.all("NetworkPolicy")
	if len(o) != 1 {
		t.Fatalf("want one NetworkPolicy")
	}
	np := o[0].Typed.(*networkingv1.NetworkPolicy)
	sel, err := metav1LabelSelector(&np.Spec.PodSelector)
	if err != nil || sel.Empty() || !sel.Matches(labels.Set(b.podWorkload(t).Spec.Template.Labels)) {
		t.Errorf("the NetworkPolicy does not select the pod (%v)", err)
	}
	types := map[networkingv1.PolicyType]bool{}
	for _, pt := range np.Spec.PolicyTypes {
		types[pt] = true
	}
	if len(np.Spec.PolicyTypes) != 2 || !types[networkingv1.PolicyTypeIngress] || !types[networkingv1.PolicyTypeEgress] {
		t.Errorf("policyTypes must be [Ingress Egress] (an egress section unenforced says nothing), is %v", np.Spec.PolicyTypes)
	}
	// every admitted port, resolved against the pod's containers
	admitted := map[int32]bool{}
	for _, rule := range np.Spec.Ingress {
		if len(rule.Ports) == 0 {
			t.Errorf("an ingress rule without ports admits every port")
		}
		for _, p := range rule.Ports {
			if p.Protocol == nil || *p.Protocol != corev1.ProtocolTCP {
				t.Errorf("ingress port %v must be TCP", p.Port)
			}
			if p.Port == nil || p.EndPort != nil {
				t.Errorf("ingress port must be one port, not a range")
				continue
			}
			found := false
			for i := range spec.Containers {
				if n, ok := resolvePort(&spec.Containers[i], *p.Port); ok {
					admitted[n], found = true, true
				}
			}
			if !found {
				t.Errorf("ingress port %s is no port of the pod", p.Port.String())
			}
		}
	}
	if len(admitted) != 3 || !admitted[8080] || !admitted[50051] || !admitted[9090] {
		t.Errorf("the NetworkPolicy must admit exactly 8080, 50051 and 9090 (metrics), admits %v", admitted)
	}

	want := map[string]bool{"UDP/53": true, "TCP/53": true, "TCP/25": true, "TCP/465": true, "TCP/587": true,
		"TCP/443": true, "TCP/80": true}
	if database {
		want["TCP/5432"] = true
	}
	allowed := map[string]bool{}
	for _, rule := range np.Spec.Egress {
		if len(rule.Ports) == 0 {
			t.Errorf("an egress rule without ports lets the pod out on every port: %+v", rule)
		}
		web := false
		for _, p := range rule.Ports {
			if p.Protocol == nil || p.Port == nil || p.Port.Type != intstr.Int || p.EndPort != nil {
				t.Errorf("egress port %v must be one numbered port with its protocol", p.Port)
				continue
			}
			key := fmt.Sprintf("%s/%d", *p.Protocol, p.Port.IntVal)
			allowed[key] = true
			web = web || key == "TCP/443" || key == "TCP/80"
		}
		if web {
			checkPublicOnly(t, rule.To)
		}
	}
	for key := range want {
		if !allowed[key] {
			t.Errorf("egress must allow %s", key)
		}
	}
	for key := range allowed {
		if !want[key] {
			t.Errorf("egress allows %s, which billing-server never opens here", key)
		}
	}

	// deploy/README.md's "Network" paragraph tells the same ports.
	network := ""
	for _, part := range strings.Split(readme(t), "\n- ") {
		if strings.HasPrefix(part, "**Network**") {
			network = part
		}
	}
	if network == "" {
		t.Fatal("deploy/README.md has no **Network** paragraph")
	}
	for key := range allowed {
		if port := strings.SplitN(key, "/", 2)[1]; !strings.Contains(network, port) {
			t.Errorf("deploy/README.md's Network paragraph does not mention egress port %s", port)
		}
	}
}

// checkPublicOnly: the webhook rule reaches public addresses only, the
// policy's copy of the server's SSRF guard for the ranges that matter most
// (the cloud metadata service on link-local, the cluster's private ranges).
func checkPublicOnly(t *testing.T, peers []networkingv1.NetworkPolicyPeer) {
	t.Helper()
	if len(peers) == 0 {
		t.Error("the webhook egress rule (80, 443) must name its destinations (public addresses), not allow all")
		return
	}
	mustExclude := map[string][]string{
		"0.0.0.0/0": {"10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16"},
		"::/0":      {"fc00::/7", "fe80::/10"},
	}
	for _, peer := range peers {
		if peer.IPBlock == nil || peer.PodSelector != nil || peer.NamespaceSelector != nil {
			t.Errorf("a webhook egress peer must be an ipBlock: %+v", peer)
			continue
		}
		need, ok := mustExclude[peer.IPBlock.CIDR]
		if !ok {
			t.Errorf("webhook egress to %s: want 0.0.0.0/0 and ::/0 less the private ranges", peer.IPBlock.CIDR)
			continue
		}
		for _, cidr := range need {
			if !contains(peer.IPBlock.Except, cidr) {
				t.Errorf("webhook egress to %s must except %s", peer.IPBlock.CIDR, cidr)
			}
		}
	}
}

func checkNamespace(t *testing.T, b *bundle) {
	nss := b.all("Namespace")
	if len(nss) != 1 {
		t.Fatalf("want one Namespace")
	}
	ns := nss[0].Typed.(*corev1.Namespace)
	if ns.Labels["pod-security.kubernetes.io/enforce"] != "restricted" {
		t.Errorf("Namespace %s must enforce the restricted Pod Security Standard", ns.Name)
	}
	for _, o := range b.objects {
		if o.Kind != "Namespace" && o.Namespace != ns.Name {
			t.Errorf("%s %s is in namespace %q, not %s", o.Kind, o.Name, o.Namespace, ns.Name)
		}
	}
	sts := b.statefulSet(t)
	sa := sts.Spec.Template.Spec.ServiceAccountName
	o, ok := b.find("ServiceAccount", sa)
	if sa == "" || !ok {
		t.Errorf("the pod's ServiceAccount %q is not in the set", sa)
	} else if a := o.Typed.(*corev1.ServiceAccount).AutomountServiceAccountToken; a == nil || *a {
		t.Errorf("ServiceAccount %s must not automount its token", sa)
	}
}

func checkResources(t *testing.T, spec *corev1.PodSpec) {
	for _, c := range spec.Containers {
		for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
			req, hasReq := c.Resources.Requests[r]
			lim, hasLim := c.Resources.Limits[r]
			if !hasReq || !hasLim || req.IsZero() || lim.IsZero() {
				t.Errorf("container %s: %s needs a request and a limit", c.Name, r)
				continue
			}
			if req.Cmp(lim) > 0 {
				t.Errorf("container %s: %s request %s exceeds its limit %s", c.Name, r, req.String(), lim.String())
			}
		}
	}
}

// TestSettingChangeRenamesConfigMap: a changed setting gives the ConfigMap a
// new name, and the StatefulSet refers to the new one (so applying it
// restarts the pod).
func TestSettingChangeRenamesConfigMap(t *testing.T) {
	before := renderOverlay(t, "prod")
	tmp := t.TempDir()
	if err := os.CopyFS(tmp, os.DirFS(deployDir)); err != nil {
		t.Fatal(err)
	}
	env := filepath.Join(tmp, "base", "settings.env")
	b, err := os.ReadFile(env)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(b), "RATE_LIMIT_BURST=", "RATE_LIMIT_BURST=7", 1)
	if changed == string(b) {
		t.Fatal("RATE_LIMIT_BURST not in base/settings.env")
	}
	if err := os.WriteFile(env, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	after := render(t, "prod (changed)", filepath.Join(tmp, "overlays", "prod"))
	name := func(b *bundle) string {
		cms := b.all("ConfigMap")
		if len(cms) != 1 {
			t.Fatalf("want one ConfigMap")
		}
		server := container(t, &b.statefulSet(t).Spec.Template.Spec, "server")
		for _, e := range server.Env {
			if e.ValueFrom != nil && e.ValueFrom.ConfigMapKeyRef != nil && e.ValueFrom.ConfigMapKeyRef.Name != cms[0].Name {
				t.Fatalf("the StatefulSet refers to %s, the ConfigMap is %s", e.ValueFrom.ConfigMapKeyRef.Name, cms[0].Name)
			}
		}
		return cms[0].Name
	}
	if name(before) == name(after) {
		t.Errorf("a changed setting kept the ConfigMap name %s", name(before))
	}
	if !strings.HasPrefix(name(before), "billing-settings-") {
		t.Errorf("the ConfigMap's name %s has no content hash", name(before))
	}
}

// TestRestoreHelper: the helper pod of the README's restore decodes
// strictly, mounts the StatefulSet's claim, runs the server image as the
// same user with the same security context, and gets its image from
// `kubectl set image ... restore=` (the container name).
func TestRestoreHelper(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(deployDir, "restore-helper.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	o, err := decodeStrict(raw)
	if err != nil {
		t.Fatal(err)
	}
	pod, ok := o.Typed.(*corev1.Pod)
	if !ok {
		t.Fatalf("restore-helper.yaml is a %s, not a Pod", o.Kind)
	}
	checkSecurity(t, &pod.Spec, "restore-helper")
	checkResources(t, &pod.Spec)
	if pod.Namespace != "" {
		t.Errorf("the helper takes its namespace from `kubectl -n`")
	}
	setImage := readmeCommand(t, "set image", "restore-helper.yaml")
	if !strings.Contains(setImage, " "+pod.Spec.Containers[0].Name+"=") || len(pod.Spec.Containers) != 1 {
		t.Errorf("README's %q must set the image of the helper's one container %s", setImage, pod.Spec.Containers[0].Name)
	}
	if !strings.Contains(readme(t), "pod/"+pod.Name) {
		t.Errorf("README does not wait for pod/%s", pod.Name)
	}
	_ = readmeCommand(t, "exec "+pod.Name+" ")
	for _, ov := range overlayNames(t) {
		b := renderOverlay(t, ov)
		sts := b.statefulSet(t)
		claim := sts.Spec.VolumeClaimTemplates[0].Name + "-" + sts.Name + "-0"
		server := container(t, &sts.Spec.Template.Spec, "server")
		db, _ := flagValue(b.expandedArgs(t, server), "db")
		var mounted bool
		for _, v := range pod.Spec.Volumes {
			if v.PersistentVolumeClaim != nil && v.PersistentVolumeClaim.ClaimName == claim {
				for _, m := range pod.Spec.Containers[0].VolumeMounts {
					if m.Name == v.Name && m.MountPath == path.Dir(db) && !m.ReadOnly {
						mounted = true
					}
				}
			}
		}
		if !mounted {
			t.Errorf("%s: the helper must mount claim %s writable at %s", ov, claim, path.Dir(db))
		}
		if *pod.Spec.SecurityContext.RunAsUser != *sts.Spec.Template.Spec.SecurityContext.RunAsUser ||
			*pod.Spec.SecurityContext.FSGroup != *sts.Spec.Template.Spec.SecurityContext.FSGroup {
			t.Errorf("%s: the helper must run as the server's user and group", ov)
		}
		srepo, _, _ := imageRef(server.Image)
		hrepo, _, _ := imageRef(pod.Spec.Containers[0].Image)
		if path.Base(srepo) != path.Base(hrepo) {
			t.Errorf("the helper runs %s, the server image is %s", hrepo, srepo)
		}
	}
	if why := pinned(pod.Spec.Containers[0].Image); why != "" {
		t.Errorf("the helper's image is not pinned: %s", why)
	}
	if c := pod.Spec.Containers[0].Command; len(c) == 0 || c[0] != "sleep" {
		t.Errorf("the helper must only wait (sleep) for the README's commands")
	}
}

func metav1LabelSelector(s *metav1.LabelSelector) (labels.Selector, error) {
	if s == nil {
		return nil, fmt.Errorf("no selector")
	}
	return metav1.LabelSelectorAsSelector(s)
}
