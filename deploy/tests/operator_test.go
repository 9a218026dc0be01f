package tests

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// operator carries out deploy/README.md's commands, as written, against the
// simulated pod: kubectl's cluster operations become what the cluster would
// do (stop the pod, start it, mount the volume in the helper pod), and
// `kubectl exec` / `kubectl cp` run and copy for real, in the container's
// terms (its user, environment, volumes). A command it does not know fails
// the test, so the README cannot gain a step no test has carried out.
type operator struct {
	t      *testing.T
	w      *world
	d      *podDef
	pod    *pod        // billing-0, nil while scaled to 0
	helper *corev1.Pod // billing-restore, while it exists
	vars   map[string]string
	out    string // stdout of the last kubectl exec
}

func newOperator(t *testing.T, w *world, d *podDef, p *pod) *operator {
	o := &operator{t: t, w: w, d: d, pod: p, vars: map[string]string{}}
	o.run(readmeCommand(t, "ns="))
	// The README sets prod's namespace and tells the reader to pick the
	// overlay's (TestReadmeNamespaces checks it names each).
	if d.b.name == "prod" && o.vars["ns"] != d.sts.Namespace {
		t.Fatalf("README's ns=%s, the prod overlay's namespace is %s", o.vars["ns"], d.sts.Namespace)
	}
	o.vars["ns"] = d.sts.Namespace
	return o
}

var (
	assignment = regexp.MustCompile(`^([a-z_]+)=(.*)$`)
	varUse     = regexp.MustCompile(`\$\{?([a-z_]+)\}?`)
)

// expandVars replaces $name and ${name} outside single quotes, as the shell
// does.
func (o *operator) expandVars(cmd string) string {
	var b strings.Builder
	inSingle := false
	start := 0
	flush := func(end int) {
		seg := cmd[start:end]
		if !inSingle {
			seg = varUse.ReplaceAllStringFunc(seg, func(m string) string {
				name := varUse.FindStringSubmatch(m)[1]
				v, ok := o.vars[name]
				if !ok {
					o.t.Fatalf("README uses $%s before setting it", name)
				}
				return v
			})
		}
		b.WriteString(seg)
	}
	for i := 0; i < len(cmd); i++ {
		if cmd[i] == '\'' {
			flush(i)
			b.WriteByte('\'')
			inSingle = !inSingle
			start = i + 1
		}
	}
	flush(len(cmd))
	return b.String()
}

// runSection carries out every command of a README section in order.
func (o *operator) runSection(title string) {
	o.t.Helper()
	for _, c := range readmeSection(o.t, title) {
		o.run(c)
	}
}

func (o *operator) run(cmd string) {
	t := o.t
	t.Helper()
	t.Logf("README: %s", cmd)
	if m := assignment.FindStringSubmatch(cmd); m != nil && !strings.Contains(strings.SplitN(cmd, "=", 2)[0], " ") {
		name, rhs := m[1], m[2]
		if strings.Contains(rhs, "kubectl") {
			// image=$(kubectl get statefulset/billing -o jsonpath=...server...image)
			want := `{.spec.template.spec.containers[?(@.name=="server")].image}`
			if !strings.Contains(rhs, "get statefulset/"+o.d.sts.Name) || !strings.Contains(rhs, want) {
				t.Fatalf("README step not simulated: %s", cmd)
			}
			o.vars[name] = container(t, o.d.spec, "server").Image
			return
		}
		out, err := exec.Command("/bin/sh", "-c", name+"="+o.expandVars(rhs)+`; printf %s "$`+name+`"`).Output()
		if err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
		o.vars[name] = string(out)
		return
	}
	stages := strings.Split(o.expandVars(cmd), " | ")
	w := shellWords(stages[0])
	if len(w) < 2 || w[0] != "kubectl" {
		t.Fatalf("README step not simulated: %s", cmd)
	}
	w = w[1:]
	if w[0] == "-n" {
		if w[1] != o.d.sts.Namespace {
			t.Fatalf("%s: namespace %s, the pod is in %s", cmd, w[1], o.d.sts.Namespace)
		}
		w = w[2:]
	}
	switch w[0] {
	case "scale":
		o.scale(cmd, w)
	case "wait":
		switch {
		case contains(w, "--for=delete") && contains(w, "pod/"+o.d.sts.Name+"-0"):
			if o.pod != nil {
				t.Fatalf("%s: the pod still runs", cmd)
			}
		case contains(w, "--for=condition=Ready") && o.helper != nil && contains(w, "pod/"+o.helper.Name):
		default:
			t.Fatalf("README step not simulated: %s", cmd)
		}
	case "set":
		o.applyHelper(cmd, w, stages)
	case "cp":
		o.copy(cmd, w)
	case "exec":
		o.exec(cmd, w)
	case "delete":
		if len(w) == 3 && w[1] == "pod" && o.helper != nil && w[2] == o.helper.Name {
			o.helper = nil
			return
		}
		t.Fatalf("README step not simulated: %s", cmd)
	case "rollout":
		if len(w) >= 3 && w[1] == "status" && w[2] == "statefulset/"+o.d.sts.Name {
			if o.pod == nil {
				t.Fatalf("%s: no pod", cmd)
			}
			o.pod.waitReady(30 * time.Second)
			return
		}
		t.Fatalf("README step not simulated: %s", cmd)
	default:
		t.Fatalf("README step not simulated: %s", cmd)
	}
}

func (o *operator) scale(cmd string, w []string) {
	t := o.t
	if len(w) != 3 || w[1] != "statefulset/"+o.d.sts.Name {
		t.Fatalf("README step not simulated: %s", cmd)
	}
	switch w[2] {
	case "--replicas=0":
		if o.pod != nil {
			o.pod.stop()
			o.pod = nil
		}
	case "--replicas=1":
		if o.helper != nil {
			t.Fatalf("%s: the helper pod still has the volume mounted", cmd)
		}
		if o.pod == nil {
			o.pod = o.w.startPod(o.d)
		}
	default:
		t.Fatalf("%s: billing runs exactly one replica", cmd)
	}
}

// applyHelper: kubectl set image --local -f FILE C=IMAGE -o yaml | kubectl apply -f -
func (o *operator) applyHelper(cmd string, w []string, stages []string) {
	t := o.t
	if len(stages) != 2 || !strings.Contains(stages[1], "apply -f -") || w[1] != "image" || !contains(w, "--local") {
		t.Fatalf("README step not simulated: %s", cmd)
	}
	if a := shellWords(stages[1]); len(a) < 3 || a[1] != "-n" || a[2] != o.d.sts.Namespace {
		t.Fatalf("%s: the helper must be applied in the pod's namespace", cmd)
	}
	if o.pod != nil {
		t.Fatalf("%s: the helper pod must not mount the volume while billing-0 runs", cmd)
	}
	var file, setting string
	for i, x := range w {
		if x == "-f" {
			file = w[i+1]
		}
		if strings.Contains(x, "=") && !strings.HasPrefix(x, "-") {
			setting = x
		}
	}
	raw, err := os.ReadFile(filepath.Join(repoRoot, file))
	if err != nil {
		t.Fatal(err)
	}
	obj, err := decodeStrict(raw)
	if err != nil {
		t.Fatal(err)
	}
	p := obj.Typed.(*corev1.Pod)
	name, image, _ := strings.Cut(setting, "=")
	found := false
	for i := range p.Spec.Containers {
		if p.Spec.Containers[i].Name == name {
			p.Spec.Containers[i].Image = image
			found = true
		}
	}
	if !found {
		t.Fatalf("%s: the helper has no container %s", cmd, name)
	}
	if image != container(t, o.d.spec, "server").Image {
		t.Fatalf("%s: the helper must run the server's image", cmd)
	}
	o.helper = p
}

// target resolves POD [-c C] to the pod spec and container.
func (o *operator) target(cmd, podName, containerName string) (*corev1.PodSpec, *corev1.Container, string) {
	t := o.t
	switch {
	// deploy/NAME: kubectl picks one of the Deployment's pods (postgres).
	case podName == o.d.sts.Name+"-0" || podName == "deploy/"+o.d.sts.Name:
		if o.pod == nil {
			t.Fatalf("%s: pod %s does not exist (scaled to 0)", cmd, podName)
		}
		if containerName == "" {
			containerName = o.d.sts.Spec.Template.Annotations["kubectl.kubernetes.io/default-container"]
		}
		return o.d.spec, container(t, o.d.spec, containerName), o.pod.instance
	case o.helper != nil && podName == o.helper.Name:
		if containerName == "" {
			containerName = o.helper.Spec.Containers[0].Name
		}
		return &o.helper.Spec, container(t, &o.helper.Spec, containerName), "helper"
	}
	t.Fatalf("%s: no pod %s", cmd, podName)
	return nil, nil, ""
}

func (o *operator) mountsOf(spec *corev1.PodSpec, c *corev1.Container, instance string) map[string]string {
	return o.w.mounts(spec, func(vol string) string {
		return o.w.claim(vol + "-" + o.d.sts.Name + "-0")
	}, c, instance)
}

// copy: kubectl cp [-c C] SRC DST, one of them POD:PATH. Into a pod, the
// file belongs to the container's user (kubectl cp untars as it).
func (o *operator) copy(cmd string, w []string) {
	t := o.t
	containerName := ""
	var paths []string
	for i := 1; i < len(w); i++ {
		if w[i] == "-c" {
			containerName = w[i+1]
			i++
			continue
		}
		paths = append(paths, w[i])
	}
	if len(paths) != 2 {
		t.Fatalf("README step not simulated: %s", cmd)
	}
	local := func(p string) string { return filepath.Join(o.w.station, p) }
	remote := func(p string) string {
		podName, rp, _ := strings.Cut(p, ":")
		spec, c, instance := o.target(cmd, podName, containerName)
		mounts := o.mountsOf(spec, c, instance)
		hp := o.w.substitute(rp, mounts)
		if hp == rp {
			t.Fatalf("%s: %s is on no volume of %s", cmd, rp, c.Name)
		}
		return hp
	}
	var src, dst string
	into := false
	switch {
	case strings.Contains(paths[0], ":") && !strings.Contains(paths[1], ":"):
		src, dst = remote(paths[0]), local(paths[1])
	case !strings.Contains(paths[0], ":") && strings.Contains(paths[1], ":"):
		src, dst = local(paths[0]), remote(paths[1])
		into = true
	default:
		t.Fatalf("README step not simulated: %s", cmd)
	}
	in, err := os.Open(src)
	if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	if into {
		o.w.chown(dst, o.w.uid, o.w.gid)
	}
}

// exec: kubectl exec POD [-c C] -- ARGV..., run in the container's terms;
// it must succeed. Its stdout is kept (a key, for instance).
func (o *operator) exec(cmd string, w []string) {
	t := o.t
	podName := w[1]
	containerName := ""
	i := 2
	for ; i < len(w) && w[i] != "--"; i++ {
		if w[i] == "-c" {
			containerName = w[i+1]
			i++
		}
	}
	if i >= len(w)-1 {
		t.Fatalf("README step not simulated: %s", cmd)
	}
	argv := w[i+1:]
	spec, c, instance := o.target(cmd, podName, containerName)
	mounts := o.mountsOf(spec, c, instance)
	env := map[string]string{}
	if spec == o.d.spec {
		var err error
		if env, err = o.d.b.containerEnv(c); err != nil {
			t.Fatal(err)
		}
	}
	if argv[0] == "sh" {
		// the script's paths are the container's, and its billing-server
		// is the image's (here, the real binary)
		for j := range argv[1:] {
			argv[j+1] = o.w.substituteText(argv[j+1], mounts)
			argv[j+1] = strings.ReplaceAll(argv[j+1], "exec billing-server ", "exec "+serverBin(t)+" ")
		}
	}
	p := o.w.launch("exec "+argv[0], o.d, spec, c, env, argv, mounts)
	if !p.wait(2 * time.Minute) {
		t.Fatalf("%s: did not finish", cmd)
	}
	if p.exitCode() != 0 {
		t.Fatalf("%s: exit %d\nstdout: %s\nstderr: %s", cmd, p.exitCode(), p.stdout.String(), p.stderr.String())
	}
	o.out = p.stdout.String()
	t.Logf("  stdout: %s  stderr: %s", strings.TrimSpace(tail(o.out, 300)), strings.TrimSpace(tail(p.stderr.String(), 300)))
}

// createAPIKey runs the README's `keys create` in billing-0 and keeps the
// key it prints.
func (o *operator) createAPIKey() {
	o.createAPIKeyWith(readmeCommand(o.t, "billing-server keys create", "billing-0"))
}

// createAPIKeyWith runs a README command that prints a new key.
func (o *operator) createAPIKeyWith(cmd string) {
	t := o.t
	o.run(cmd)
	key := strings.TrimSpace(o.out)
	if key == "" || strings.ContainsAny(key, " \n") || bytes.ContainsAny([]byte(key), "\t") {
		t.Fatalf("keys create printed %q, want the key alone", o.out)
	}
	o.w.apiKey = key
}
