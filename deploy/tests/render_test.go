package tests

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// Paths of the repository, from deploy/tests.
var (
	repoRoot  = mustAbs("../..")
	deployDir = filepath.Join(repoRoot, "deploy")
)

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		panic(err)
	}
	return a
}

// kinds are the only objects the manifests may contain, each decoded into
// its Kubernetes API type. Anything else fails: a new kind needs its type
// here and its promises checked.
var kinds = map[string]func() any{
	"v1/Namespace":        func() any { return &corev1.Namespace{} },
	"v1/ServiceAccount":   func() any { return &corev1.ServiceAccount{} },
	"v1/ConfigMap":        func() any { return &corev1.ConfigMap{} },
	"v1/Service":          func() any { return &corev1.Service{} },
	"v1/Pod":              func() any { return &corev1.Pod{} },
	"apps/v1/StatefulSet": func() any { return &appsv1.StatefulSet{} },
	"apps/v1/Deployment":  func() any { return &appsv1.Deployment{} },
	"autoscaling/v2/HorizontalPodAutoscaler": func() any {
		return &autoscalingv2.HorizontalPodAutoscaler{}
	},
	"policy/v1/PodDisruptionBudget":      func() any { return &policyv1.PodDisruptionBudget{} },
	"networking.k8s.io/v1/NetworkPolicy": func() any { return &networkingv1.NetworkPolicy{} },
}

// object is one rendered manifest, decoded strictly.
type object struct {
	Kind, Name, Namespace string
	YAML                  []byte
	Typed                 any
}

// decodeStrict decodes one manifest into its API type. Unknown or misspelled
// fields, duplicate keys and wrongly typed values are errors.
func decodeStrict(y []byte) (object, error) {
	var tm metav1.TypeMeta
	if err := yaml.Unmarshal(y, &tm); err != nil {
		return object{}, err
	}
	newTyped, ok := kinds[tm.APIVersion+"/"+tm.Kind]
	if !ok {
		return object{}, fmt.Errorf("no API type known for apiVersion %q kind %q", tm.APIVersion, tm.Kind)
	}
	typed := newTyped()
	// YAML to JSON refusing duplicate keys, then JSON into the type the way
	// the API server decodes strictly: field names match case-sensitively
	// (encoding/json would take "readOnlyRootFileSystem"), unknown and
	// duplicate fields are errors.
	j, err := yaml.YAMLToJSONStrict(y)
	if err != nil {
		return object{}, fmt.Errorf("%s: %w", tm.Kind, err)
	}
	strict, err := sigsjson.UnmarshalStrict(j, typed, sigsjson.DisallowDuplicateFields, sigsjson.DisallowUnknownFields)
	if err != nil {
		return object{}, fmt.Errorf("%s: %w", tm.Kind, err)
	}
	if len(strict) > 0 {
		return object{}, fmt.Errorf("%s: %w", tm.Kind, errors.Join(strict...))
	}
	meta := typed.(metav1.Object)
	return object{Kind: tm.Kind, Name: meta.GetName(), Namespace: meta.GetNamespace(), YAML: y, Typed: typed}, nil
}

// variant is one thing a team can apply: an overlay, or an overlay with one
// of the optional components added.
type variant struct {
	name string
	dir  string // a kustomization directory
}

// overlayNames lists the SQLite overlays in deploy/overlays/*: a new one is
// checked as soon as it exists. The postgres overlay (a Deployment, no
// volume) has its own checks in postgres_overlay_test.go.
func overlayNames(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(deployDir, "overlays"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != postgresOverlay {
			names = append(names, e.Name())
		}
	}
	if len(names) < 2 {
		t.Fatalf("expected the dev and prod overlays, found %v", names)
	}
	return names
}

func componentNames(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(deployDir, "components"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names
}

// variants is every overlay, and every overlay with each component (in a
// kustomization written to a temporary directory).
func variants(t *testing.T) []variant {
	t.Helper()
	var vs []variant
	for _, o := range overlayNames(t) {
		dir := filepath.Join(deployDir, "overlays", o)
		vs = append(vs, variant{name: o, dir: dir})
		for _, c := range componentNames(t) {
			tmp := t.TempDir()
			// Kustomize takes relative paths only.
			rel := func(p string) string {
				r, err := filepath.Rel(tmp, p)
				if err != nil {
					t.Fatal(err)
				}
				return r
			}
			k := fmt.Sprintf("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - %s\ncomponents:\n  - %s\n",
				rel(dir), rel(filepath.Join(deployDir, "components", c)))
			if err := os.WriteFile(filepath.Join(tmp, "kustomization.yaml"), []byte(k), 0o644); err != nil {
				t.Fatal(err)
			}
			vs = append(vs, variant{name: o + "+" + c, dir: tmp})
		}
	}
	return vs
}

// bundle is the rendered output of one kustomization.
type bundle struct {
	name    string
	objects []object
	// secretData is what a simulated cluster holds in its Secrets (name →
	// key → value), for env values taken from a Secret.
	secretData map[string]map[string]string
}

// render runs Kustomize (the Go API kubectl and kustomize use) on a
// kustomization directory and decodes every object strictly.
func render(t *testing.T, name, dir string) *bundle {
	t.Helper()
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	m, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatalf("kustomize build %s: %v", dir, err)
	}
	b := &bundle{name: name}
	for _, r := range m.Resources() {
		y, err := r.AsYAML()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		o, err := decodeStrict(y)
		if err != nil {
			t.Fatalf("%s: %s/%s does not decode strictly: %v\n%s", name, r.GetKind(), r.GetName(), err, y)
		}
		b.objects = append(b.objects, o)
	}
	return b
}

func renderOverlay(t *testing.T, overlay string) *bundle {
	t.Helper()
	return render(t, overlay, filepath.Join(deployDir, "overlays", overlay))
}

func (b *bundle) all(kind string) []object {
	var out []object
	for _, o := range b.objects {
		if o.Kind == kind {
			out = append(out, o)
		}
	}
	return out
}

func (b *bundle) find(kind, name string) (object, bool) {
	for _, o := range b.objects {
		if o.Kind == kind && o.Name == name {
			return o, true
		}
	}
	return object{}, false
}

// podWorkload is what makes the pods: the SQLite overlays' StatefulSet, or
// the postgres overlay's Deployment as a StatefulSet of the same name,
// namespace and pod template without volume claims (all a simulated pod
// needs of it).
func (b *bundle) podWorkload(t *testing.T) *appsv1.StatefulSet {
	t.Helper()
	if deployments := b.all("Deployment"); len(deployments) == 1 && len(b.all("StatefulSet")) == 0 {
		d := deployments[0].Typed.(*appsv1.Deployment)
		return &appsv1.StatefulSet{ObjectMeta: d.ObjectMeta, Spec: appsv1.StatefulSetSpec{Template: d.Spec.Template}}
	}
	return b.statefulSet(t)
}

func (b *bundle) statefulSet(t *testing.T) *appsv1.StatefulSet {
	t.Helper()
	all := b.all("StatefulSet")
	if len(all) != 1 {
		t.Fatalf("%s: want exactly one StatefulSet, have %d", b.name, len(all))
	}
	return all[0].Typed.(*appsv1.StatefulSet)
}

func (b *bundle) configMap(name string) *corev1.ConfigMap {
	if o, ok := b.find("ConfigMap", name); ok {
		return o.Typed.(*corev1.ConfigMap)
	}
	return nil
}

func (b *bundle) services() []*corev1.Service {
	var out []*corev1.Service
	for _, o := range b.all("Service") {
		out = append(out, o.Typed.(*corev1.Service))
	}
	return out
}

func container(t *testing.T, spec *corev1.PodSpec, name string) *corev1.Container {
	t.Helper()
	for i := range spec.Containers {
		if spec.Containers[i].Name == name {
			return &spec.Containers[i]
		}
	}
	t.Fatalf("no container %q in the pod", name)
	return nil
}

// containerEnv resolves a container's environment the way the kubelet does:
// envFrom first, then env; values from ConfigMaps of the bundle. A reference
// that cannot be resolved is an error (the kubelet would not start the
// container).
func (b *bundle) containerEnv(c *corev1.Container) (map[string]string, error) {
	env := map[string]string{}
	for _, from := range c.EnvFrom {
		switch {
		case from.ConfigMapRef != nil:
			cm := b.configMap(from.ConfigMapRef.Name)
			if cm == nil {
				if from.ConfigMapRef.Optional != nil && *from.ConfigMapRef.Optional {
					continue
				}
				return nil, fmt.Errorf("container %s: envFrom ConfigMap %q is not in the set", c.Name, from.ConfigMapRef.Name)
			}
			for k, v := range cm.Data {
				env[from.Prefix+k] = v
			}
		default:
			return nil, fmt.Errorf("container %s: envFrom other than a ConfigMap is not expected", c.Name)
		}
	}
	for _, e := range c.Env {
		switch {
		case e.ValueFrom == nil:
			env[e.Name] = expand(e.Value, env)
		case e.ValueFrom.ConfigMapKeyRef != nil:
			ref := e.ValueFrom.ConfigMapKeyRef
			optional := ref.Optional != nil && *ref.Optional
			cm := b.configMap(ref.Name)
			if cm == nil {
				if optional {
					continue
				}
				return nil, fmt.Errorf("container %s: env %s: ConfigMap %q is not in the set", c.Name, e.Name, ref.Name)
			}
			v, ok := cm.Data[ref.Key]
			if !ok {
				if optional {
					continue
				}
				return nil, fmt.Errorf("container %s: env %s: ConfigMap %q has no key %q", c.Name, e.Name, ref.Name, ref.Key)
			}
			env[e.Name] = v
		case e.ValueFrom.SecretKeyRef != nil && b.secretData == nil:
			// Rendered, not run: the value is whatever the cluster holds.
			env[e.Name] = "<secret " + e.ValueFrom.SecretKeyRef.Name + "/" + e.ValueFrom.SecretKeyRef.Key + ">"
		case e.ValueFrom.SecretKeyRef != nil:
			ref := e.ValueFrom.SecretKeyRef
			v, ok := b.secretData[ref.Name][ref.Key]
			if !ok {
				return nil, fmt.Errorf("container %s: env %s: Secret %q has no key %q", c.Name, e.Name, ref.Name, ref.Key)
			}
			env[e.Name] = v
		default:
			return nil, fmt.Errorf("container %s: env %s: only values and ConfigMap and Secret keys are expected", c.Name, e.Name)
		}
	}
	return env, nil
}

var varRef = regexp.MustCompile(`\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)`)

// expand replaces $(NAME) with the variable's value as Kubernetes does for
// command, args and env values; $$ is a literal $; an undefined reference is
// left as it is.
func expand(s string, env map[string]string) string {
	return varRef.ReplaceAllStringFunc(s, func(m string) string {
		if m == "$$" {
			return "$"
		}
		name := m[2 : len(m)-1]
		if v, ok := env[name]; ok {
			return v
		}
		return m
	})
}

// unresolved lists the $(NAME) references of s that env does not define.
func unresolved(s string, env map[string]string) []string {
	var out []string
	for _, m := range varRef.FindAllStringSubmatch(s, -1) {
		if m[0] == "$$" {
			continue
		}
		if _, ok := env[m[1]]; !ok {
			out = append(out, m[1])
		}
	}
	return out
}

// expandedArgs is the container's args as the program receives them.
func (b *bundle) expandedArgs(t *testing.T, c *corev1.Container) []string {
	t.Helper()
	env, err := b.containerEnv(c)
	if err != nil {
		t.Fatalf("%s: %v", b.name, err)
	}
	var out []string
	for _, a := range c.Args {
		out = append(out, expand(a, env))
	}
	return out
}

// flagValue returns the value of --name=VALUE (or -name=VALUE) in args.
func flagValue(args []string, name string) (string, bool) {
	for _, a := range args {
		for _, p := range []string{"--" + name + "=", "-" + name + "="} {
			if strings.HasPrefix(a, p) {
				return strings.TrimPrefix(a, p), true
			}
		}
	}
	return "", false
}

// flagNames lists the names of the --flags in args.
func flagNames(args []string) []string {
	var out []string
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			continue
		}
		n := strings.TrimLeft(a, "-")
		if i := strings.IndexByte(n, '='); i >= 0 {
			n = n[:i]
		}
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (b *bundle) dump() string {
	var buf bytes.Buffer
	for _, o := range b.objects {
		buf.WriteString("---\n")
		buf.Write(o.YAML)
	}
	return buf.String()
}
