package tests

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

var (
	absl   = regexp.MustCompile(`(?m)^\s+--([A-Za-z0-9_]+) \(`)
	goflag = regexp.MustCompile(`(?m)^\s+-([A-Za-z0-9_-]+)`)
)

var knownFlagsCache sync.Map

// knownFlags lists the flags a program accepts, from its own help.
func knownFlags(t *testing.T, bin string) map[string]bool {
	t.Helper()
	if v, ok := knownFlagsCache.Load(bin); ok {
		return v.(map[string]bool)
	}
	out := map[string]bool{}
	// absl (billing-server): --helpfull; Go flag (billing-gateway): -h.
	b, _ := exec.Command(bin, "--helpfull").CombinedOutput()
	for _, m := range absl.FindAllStringSubmatch(string(b), -1) {
		out[m[1]] = true
	}
	if len(out) == 0 {
		b, _ = exec.Command(bin, "-h").CombinedOutput()
		for _, m := range goflag.FindAllStringSubmatch(string(b), -1) {
			out[m[1]] = true
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s: no flags found in its help", bin)
	}
	knownFlagsCache.Store(bin, out)
	return out
}

// TestManifestFlagsKnownToBinaries: every flag the manifests pass is one the
// real programs accept (an unknown flag stops absl and Go flag at start).
func TestManifestFlagsKnownToBinaries(t *testing.T) {
	bins := map[string]string{"billing-server": serverBin(t), "billing-gateway": gatewayBin(t)}
	for _, v := range variants(t) {
		b := render(t, v.name, v.dir)
		for _, c := range b.statefulSet(t).Spec.Template.Spec.Containers {
			repo, _, _ := imageRef(c.Image)
			bin := bins[path.Base(repo)]
			known := knownFlags(t, bin)
			for _, f := range flagNames(b.expandedArgs(t, &c)) {
				if known[f] {
					continue
				}
				t.Errorf("%s: container %s passes --%s, which %s does not accept", v.name, c.Name, f, path.Base(repo))
			}
		}
	}
}

// syncBuffer collects a process's output.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// proc is one running container (or `kubectl exec`) process.
type proc struct {
	name           string
	cmd            *exec.Cmd
	stdout, stderr *syncBuffer
	done           chan struct{}
	err            error
	exited         time.Time
}

func (p *proc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

func (p *proc) signal(sig syscall.Signal) error { return p.cmd.Process.Signal(sig) }

// wait waits for the process to exit, at most d.
func (p *proc) wait(d time.Duration) bool {
	select {
	case <-p.done:
		return true
	case <-time.After(d):
		return false
	}
}

func (p *proc) exitCode() int {
	if p.cmd.ProcessState == nil {
		return -1
	}
	return p.cmd.ProcessState.ExitCode()
}

// podDef is what a simulated pod is made from: a rendered overlay's pod
// template and the images' entrypoints.
type podDef struct {
	b    *bundle
	sts  *appsv1.StatefulSet
	spec *corev1.PodSpec
	// image name (billing-server) → ENTRYPOINT of its Dockerfile
	entrypoints map[string][]string
}

func newPodDef(t *testing.T, overlay string) *podDef {
	t.Helper()
	return podDefOf(t, renderOverlay(t, overlay))
}

func podDefOf(t *testing.T, b *bundle) *podDef {
	t.Helper()
	sts := b.podWorkload(t)
	d := &podDef{b: b, sts: sts, spec: &sts.Spec.Template.Spec, entrypoints: map[string][]string{}}
	for img, file := range imageDockerfiles(t) {
		d.entrypoints[img] = parseDockerfile(t, file).entrypoint(t)
	}
	return d
}

// hostBinary maps a path in an image to the program that stands for it
// here: the images' entrypoints to the real binaries (BILLING_SERVER_BIN,
// BILLING_GATEWAY_BIN), other programs (sh, rm) to this machine's.
func hostBinary(t *testing.T, d *podDef, p string) string {
	t.Helper()
	switch path.Base(p) {
	case "billing-server":
		return serverBin(t)
	case "billing-gateway":
		return gatewayBin(t)
	}
	for img, ep := range d.entrypoints {
		if ep[0] == p {
			t.Fatalf("no binary for image %s", img)
		}
	}
	found, err := exec.LookPath(path.Base(p))
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return found
}

// world is the machine a simulated pod runs on: its volumes' directories
// (the PersistentVolumeClaim outlives pods), the secrets' files, the free
// loopback ports standing for the container ports, and the workstation
// directory `kubectl cp` copies to.
type world struct {
	t       *testing.T
	root    string
	claims  map[string]string // claim name (data-billing-0) → directory
	secrets map[string]string // secret name → directory of its keys
	ports   map[int32]int     // container port → loopback port
	station string            // the operator's current directory
	sandbox bool
	uid     int
	gid     int
	apiKey  string
}

func newWorld(t *testing.T, d *podDef) *world {
	t.Helper()
	return newWorldWith(t, d, nil)
}

// newWorldWith is newWorld with given contents for some Secrets' keys
// (name → key → value); the others are made up as newWorld does.
func newWorldWith(t *testing.T, d *podDef, given map[string]map[string]string) *world {
	t.Helper()
	root, err := os.MkdirTemp("", "billing-pod-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, root: root, claims: map[string]string{}, secrets: map[string]string{}, ports: map[int32]int{},
		station: filepath.Join(root, "workstation"), sandbox: sandboxAvailable(t)}
	psc := d.spec.SecurityContext
	w.uid, w.gid = os.Getuid(), os.Getgid()
	if w.sandbox {
		w.uid = int(*psc.RunAsUser)
		w.gid = int(*psc.FSGroup)
	}
	if err := os.MkdirAll(w.station, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range d.spec.Containers {
		for _, p := range c.Ports {
			w.ports[p.ContainerPort] = freePort(t)
		}
	}
	for _, pvc := range d.sts.Spec.VolumeClaimTemplates {
		w.claim(pvc.Name + "-" + d.sts.Name + "-0")
	}
	// The secrets, as the README's commands create them: the JWT
	// verification key is a fresh RSA public key.
	d.b.secretData = nil // neededSecrets reads the manifest, not a cluster
	needed := neededSecrets(t, d.b)
	data := map[string]map[string]string{}
	for name, keys := range needed {
		dir := w.dir("secret-" + name)
		data[name] = map[string]string{}
		for _, k := range keys {
			var content []byte
			v, isGiven := given[name][k]
			switch {
			case isGiven:
				content = []byte(v)
			case k == "verification-keys":
				key, err := rsa.GenerateKey(rand.Reader, 2048)
				if err != nil {
					t.Fatal(err)
				}
				der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
				if err != nil {
					t.Fatal(err)
				}
				content = pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
			default:
				content = []byte("test-secret-" + k + "-0123456789abcdef0123456789abcdef\n")
			}
			data[name][k] = string(content)
			// as the kubelet writes a secret volume with fsGroup: readable
			// by the group, nobody else
			f := filepath.Join(dir, k)
			if err := os.WriteFile(f, content, 0o440); err != nil {
				t.Fatal(err)
			}
			w.chown(f, 0, w.gid)
			if err := os.Chmod(f, 0o440); err != nil {
				t.Fatal(err)
			}
		}
		w.secrets[name] = dir
	}
	d.b.secretData = data
	return w
}

func (w *world) dir(name string) string {
	d := filepath.Join(w.root, name)
	if err := os.MkdirAll(d, 0o755); err != nil {
		w.t.Fatal(err)
	}
	return d
}

// claim returns the directory of a PersistentVolumeClaim, as the kubelet
// gives it with fsGroup: owned by the group, setgid, group-writable.
func (w *world) claim(name string) string {
	if d, ok := w.claims[name]; ok {
		return d
	}
	d := w.dir("pvc-" + name)
	w.chown(d, w.uid, w.gid)
	if err := os.Chmod(d, 0o2770); err != nil {
		w.t.Fatal(err)
	}
	w.claims[name] = d
	return d
}

func (w *world) chown(p string, uid, gid int) {
	if os.Geteuid() != 0 {
		return
	}
	if err := os.Lchown(p, uid, gid); err != nil {
		w.t.Fatal(err)
	}
}

// chownTree gives files the test wrote into a volume to the pod's user, as
// if a container had written them.
func (w *world) chownTree(root string) {
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil {
			w.chown(p, w.uid, w.gid)
		}
		return nil
	})
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// mounts maps each of a container's mount paths to its directory here.
// emptyDirs are new for every pod (instance names one).
func (w *world) mounts(spec *corev1.PodSpec, claimOf func(vol string) string, c *corev1.Container, instance string) map[string]string {
	out := map[string]string{}
	for _, m := range c.VolumeMounts {
		v := volume(spec, m.Name)
		var dir string
		switch {
		case v == nil: // a volumeClaimTemplate
			dir = claimOf(m.Name)
		case v.PersistentVolumeClaim != nil:
			dir = w.claim(v.PersistentVolumeClaim.ClaimName)
		case v.EmptyDir != nil:
			dir = w.dir(instance + "-emptydir-" + m.Name)
			w.chown(dir, 0, w.gid)
			os.Chmod(dir, 0o2777)
		case v.Secret != nil:
			d, ok := w.secrets[v.Secret.SecretName]
			if !ok {
				w.t.Fatalf("secret %s was not created", v.Secret.SecretName)
			}
			dir = d
		default:
			w.t.Fatalf("volume %s: type not simulated", m.Name)
		}
		out[m.MountPath] = dir
	}
	return out
}

var hostPort = regexp.MustCompile(`^(0\.0\.0\.0|127\.0\.0\.1|localhost|\[::\]|)?:(\d+)$`)

// substitute moves a value of the manifest to this machine: HOST:PORT of a
// pod port to its loopback port, a path under a mount to its directory.
func (w *world) substitute(v string, mounts map[string]string) string {
	if m := hostPort.FindStringSubmatch(v); m != nil {
		n, _ := strconv.Atoi(m[2])
		if p, ok := w.ports[int32(n)]; ok {
			return "127.0.0.1:" + strconv.Itoa(p)
		}
	}
	var paths []string
	for p := range mounts {
		paths = append(paths, p)
	}
	sort.Slice(paths, func(i, j int) bool { return len(paths[i]) > len(paths[j]) })
	for _, p := range paths {
		if v == p || strings.HasPrefix(v, p+"/") {
			return mounts[p] + strings.TrimPrefix(v, p)
		}
	}
	return v
}

func (w *world) substituteArg(a string, mounts map[string]string) string {
	if strings.HasPrefix(a, "-") {
		if name, v, ok := strings.Cut(a, "="); ok {
			return name + "=" + w.substitute(v, mounts)
		}
		return a
	}
	return w.substitute(a, mounts)
}

// substituteText moves every mount path inside a script.
func (w *world) substituteText(s string, mounts map[string]string) string {
	var paths []string
	for p := range mounts {
		paths = append(paths, p)
	}
	sort.Slice(paths, func(i, j int) bool { return len(paths[i]) > len(paths[j]) })
	var pairs []string
	for _, p := range paths {
		pairs = append(pairs, p, mounts[p])
	}
	// one pass, longest path first: a replaced path is not replaced again
	return strings.NewReplacer(pairs...).Replace(s)
}

// launch starts one process of a container: argv (already expanded, in the
// container's terms) with the container's environment and mounts.
func (w *world) launch(name string, d *podDef, spec *corev1.PodSpec, c *corev1.Container, env map[string]string, argv []string, mounts map[string]string) *proc {
	t := w.t
	t.Helper()
	var args []string
	args = append(args, hostBinary(t, d, argv[0]))
	for _, a := range argv[1:] {
		args = append(args, w.substituteArg(a, mounts))
	}
	envList := []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=" + d.sts.Name + "-0"}
	var keys []string
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		envList = append(envList, k+"="+w.substitute(env[k], mounts))
	}
	dir := "/"
	if c.WorkingDir != "" {
		dir = w.substitute(c.WorkingDir, mounts)
	}
	var cmd *exec.Cmd
	if w.sandbox {
		psc := spec.SecurityContext
		uid, gid := int(*psc.RunAsUser), int(*psc.RunAsGroup)
		if c.SecurityContext != nil && c.SecurityContext.RunAsUser != nil {
			uid = int(*c.SecurityContext.RunAsUser)
		}
		groups := []int{gid}
		if psc.FSGroup != nil {
			groups = append(groups, int(*psc.FSGroup))
		}
		var rw []string
		for _, m := range c.VolumeMounts {
			if !m.ReadOnly {
				rw = append(rw, mounts[m.MountPath])
			}
		}
		cmd = sandboxCommand(sandboxSpec{Argv: args, Env: envList, Dir: dir, RW: rw, UID: uid, GID: gid, Groups: groups})
	} else {
		cmd = exec.Command(args[0], args[1:]...)
		cmd.Env = envList
		cmd.Dir = dir
	}
	p := &proc{name: name, cmd: cmd, stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s: start %q: %v", name, args, err)
	}
	go func() {
		p.err = cmd.Wait()
		p.exited = time.Now()
		close(p.done)
	}()
	t.Cleanup(func() {
		if p.running() {
			p.signal(syscall.SIGKILL)
			<-p.done
		}
	})
	return p
}

// pod is one run of the billing pod.
type pod struct {
	w          *world
	d          *podDef
	instance   string
	containers map[string]*proc
}

var podCounter int

// containerArgv is what the container's process runs: the image's
// ENTRYPOINT (the manifest sets no command) and the manifest's args,
// expanded from its environment.
func (d *podDef) containerArgv(t *testing.T, c *corev1.Container) ([]string, map[string]string) {
	t.Helper()
	env, err := d.b.containerEnv(c)
	if err != nil {
		t.Fatal(err)
	}
	repo, _, _ := imageRef(c.Image)
	ep, ok := d.entrypoints[path.Base(repo)]
	if !ok {
		t.Fatalf("no Dockerfile builds image %s", c.Image)
	}
	argv := append([]string{}, ep...)
	if len(c.Command) > 0 {
		argv = nil
		for _, a := range c.Command {
			argv = append(argv, expand(a, env))
		}
	}
	for _, a := range c.Args {
		argv = append(argv, expand(a, env))
	}
	return argv, env
}

// startContainer starts one container of the pod as the kubelet would.
func (p *pod) startContainer(name string) *proc {
	t := p.w.t
	t.Helper()
	c := container(t, p.d.spec, name)
	argv, env := p.d.containerArgv(t, c)
	mounts := p.w.mounts(p.d.spec, func(vol string) string {
		return p.w.claim(vol + "-" + p.d.sts.Name + "-0")
	}, c, p.instance)
	proc := p.w.launch(p.instance+"/"+name, p.d, p.d.spec, c, env, argv, mounts)
	p.containers[name] = proc
	return proc
}

// runInitContainers runs the pod's init containers in order, as the kubelet
// does before the others: each must exit 0.
func (p *pod) runInitContainers() {
	t := p.w.t
	t.Helper()
	for i := range p.d.spec.InitContainers {
		c := &p.d.spec.InitContainers[i]
		argv, env := p.d.containerArgv(t, c)
		mounts := p.w.mounts(p.d.spec, func(vol string) string {
			return p.w.claim(vol + "-" + p.d.sts.Name + "-0")
		}, c, p.instance)
		pr := p.w.launch(p.instance+"/init/"+c.Name, p.d, p.d.spec, c, env, argv, mounts)
		if !pr.wait(30*time.Second) || pr.exitCode() != 0 {
			t.Fatalf("init container %s did not exit 0 (%v)\n%s%s", c.Name, pr.err, pr.stdout.String(), pr.stderr.String())
		}
	}
}

// startPod starts both containers (as the kubelet does, together, after
// the init containers) and waits until the pod is ready.
func (w *world) startPod(d *podDef) *pod {
	p := w.newPod(d)
	p.runInitContainers()
	for _, c := range d.spec.Containers {
		p.startContainer(c.Name)
	}
	p.waitStarted()
	p.waitReady(30 * time.Second)
	return p
}

func (w *world) newPod(d *podDef) *pod {
	podCounter++
	return &pod{w: w, d: d, instance: fmt.Sprintf("pod%d", podCounter), containers: map[string]*proc{}}
}

// waitStarted waits until every container's startup probe succeeds, within
// the probe's own budget.
func (p *pod) waitStarted() {
	t := p.w.t
	t.Helper()
	for _, c := range p.d.spec.Containers {
		if c.StartupProbe == nil {
			continue
		}
		deadline := time.Now().Add(startupBudget(c.StartupProbe))
		for {
			err := p.probe(&c, c.StartupProbe)
			if err == nil {
				break
			}
			if pr := p.containers[c.Name]; pr != nil && !pr.running() {
				t.Fatalf("container %s exited before its startup probe passed (%v)\n%s", c.Name, pr.err, p.logs())
			}
			if time.Now().After(deadline) {
				t.Fatalf("container %s: the startup probe did not pass within its budget: %v\n%s", c.Name, err, p.logs())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// ready: every container's readiness probe passes.
func (p *pod) ready() error {
	for _, c := range p.d.spec.Containers {
		if err := p.probe(&c, c.ReadinessProbe); err != nil {
			return fmt.Errorf("container %s not ready: %w", c.Name, err)
		}
	}
	return nil
}

func (p *pod) waitReady(d time.Duration) {
	t := p.w.t
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		err := p.ready()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the pod did not become ready within %v: %v\n%s", d, err, p.logs())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// probe runs one probe the way the kubelet does: a gRPC health Check
// (SERVING passes) or an HTTP GET (200-399 passes), against the port the
// probe names, within its timeout.
func (p *pod) probe(c *corev1.Container, pr *corev1.Probe) error {
	timeout := time.Duration(pr.TimeoutSeconds) * time.Second
	if timeout == 0 {
		timeout = time.Second
	}
	switch {
	case pr.GRPC != nil:
		port, ok := p.w.ports[pr.GRPC.Port]
		if !ok {
			return fmt.Errorf("gRPC probe port %d is no pod port", pr.GRPC.Port)
		}
		service := ""
		if pr.GRPC.Service != nil {
			service = *pr.GRPC.Service
		}
		return grpcHealth(fmt.Sprintf("127.0.0.1:%d", port), service, timeout)
	case pr.HTTPGet != nil:
		n, ok := resolvePort(c, pr.HTTPGet.Port)
		if !ok {
			return fmt.Errorf("HTTP probe port %s is no port of %s", pr.HTTPGet.Port.String(), c.Name)
		}
		client := &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
		resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d%s", p.w.ports[n], pr.HTTPGet.Path))
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode < 200 || resp.StatusCode >= 400 {
			return fmt.Errorf("GET %s: %d", pr.HTTPGet.Path, resp.StatusCode)
		}
		return nil
	case pr.TCPSocket != nil:
		n, ok := resolvePort(c, pr.TCPSocket.Port)
		if !ok {
			return fmt.Errorf("TCP probe port %s is no port of %s", pr.TCPSocket.Port.String(), c.Name)
		}
		conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", p.w.ports[n]), timeout)
		if err != nil {
			return err
		}
		return conn.Close()
	}
	return fmt.Errorf("probe of a kind not simulated")
}

func grpcHealth(addr, service string, timeout time.Duration) error {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: service})
	if err != nil {
		return err
	}
	if resp.Status != healthpb.HealthCheckResponse_SERVING {
		return fmt.Errorf("health %s", resp.Status)
	}
	return nil
}

// stop is what the kubelet does when the pod is deleted: (after preStop)
// SIGTERM to every container at once; it returns when both exited, failing
// unless both exit 0 within the grace period left after the preStop pause.
func (p *pod) stop() map[string]time.Duration {
	t := p.w.t
	t.Helper()
	start := p.sigterm()
	return p.waitExited(start)
}

func (p *pod) sigterm() time.Time {
	start := time.Now()
	for name, pr := range p.containers {
		if err := pr.signal(syscall.SIGTERM); err != nil {
			p.w.t.Fatalf("SIGTERM %s: %v (it had already exited)\n%s", name, err, p.logs())
		}
	}
	return start
}

func (p *pod) waitExited(start time.Time) map[string]time.Duration {
	t := p.w.t
	t.Helper()
	grace := time.Duration(*p.d.spec.TerminationGracePeriodSeconds) * time.Second
	took := map[string]time.Duration{}
	for name, pr := range p.containers {
		c := container(t, p.d.spec, name)
		budget := grace - preStopPause(c)
		if !pr.wait(time.Until(start.Add(budget))) {
			t.Fatalf("container %s did not exit within the %v the grace period leaves after preStop (it would be SIGKILLed)\n%s", name, budget, p.logs())
		}
		if code := pr.exitCode(); code != 0 {
			t.Errorf("container %s exited %d after SIGTERM, want 0\n%s", name, code, p.logs())
		}
		took[name] = pr.exited.Sub(start)
	}
	return took
}

// kill is a crash (OOM kill, node failure of the process): SIGKILL.
func (p *pod) kill() {
	for _, pr := range p.containers {
		pr.signal(syscall.SIGKILL)
		<-pr.done
	}
}

func (p *pod) logs() string {
	var b strings.Builder
	var names []string
	for n := range p.containers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		pr := p.containers[n]
		fmt.Fprintf(&b, "--- %s stderr (last 3000 bytes)\n%s\n--- %s stdout (last 1000 bytes)\n%s\n", pr.name, tail(pr.stderr.String(), 3000), pr.name, tail(pr.stdout.String(), 1000))
	}
	return b.String()
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// httpPort is the loopback port of the pod's REST port (Service port http).
func (p *pod) baseURL() string {
	gw := container(p.w.t, p.d.spec, "gateway")
	n, _ := resolvePort(gw, intstr.FromString("http"))
	return fmt.Sprintf("http://127.0.0.1:%d", p.w.ports[n])
}

// dataDir is the database volume's directory.
func (p *pod) dataDir() string {
	return p.w.claim(p.d.sts.Spec.VolumeClaimTemplates[0].Name + "-" + p.d.sts.Name + "-0")
}

// dbPath is the server's --db, here.
func (p *pod) dbPath() string {
	t := p.w.t
	server := container(t, p.d.spec, "server")
	db, _ := flagValue(p.d.b.expandedArgs(t, server), "db")
	mounts := p.w.mounts(p.d.spec, func(vol string) string { return p.w.claim(vol + "-" + p.d.sts.Name + "-0") }, server, p.instance)
	return p.w.substitute(db, mounts)
}
