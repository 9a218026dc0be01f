package tests

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
	"google.golang.org/grpc/status"
	corev1 "k8s.io/api/core/v1"
)

// The pod's lifecycle with the real binaries, started as the manifest
// starts them (see pod_test.go): probes, SIGTERM, restarts, backup and
// restore by the README's own commands (operator_test.go).

func waitFor(t *testing.T, d time.Duration, what string, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v: %v", what, d, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func notPassing(p *pod, container string, which string) func() error {
	return func() error {
		c := container2(p, container)
		pr := c.ReadinessProbe
		if which == "liveness" {
			pr = c.LivenessProbe
		}
		if err := p.probe(c, pr); err == nil {
			return fmt.Errorf("the %s %s probe still passes", container, which)
		}
		return nil
	}
}

func passing(p *pod, container string, which string) func() error {
	return func() error {
		c := container2(p, container)
		pr := c.ReadinessProbe
		if which == "liveness" {
			pr = c.LivenessProbe
		}
		return p.probe(c, pr)
	}
}

func container2(p *pod, name string) *corev1.Container { return container(p.w.t, p.d.spec, name) }

// TestLifecycleProbes: the probes' endpoints report ready only while the
// service is serving: not before the server runs, not while its database
// is unusable, not once SIGTERM arrived; and the logs are JSON lines with
// the fields the README names.
func TestLifecycleProbes(t *testing.T) {
	for _, v := range variants(t) {
		t.Run(v.name, func(t *testing.T) {
			d := podDefOf(t, render(t, v.name, v.dir))
			w := newWorld(t, d)
			p := w.newPod(d)

			// The gateway alone: alive, not ready; nothing answers the
			// server's probe.
			p.startContainer("gateway")
			waitFor(t, 10*time.Second, "gateway liveness", passing(p, "gateway", "liveness"))
			for i := 0; i < 10; i++ {
				if err := notPassing(p, "gateway", "readiness")(); err != nil {
					t.Fatalf("without billing-server: %v", err)
				}
				if err := notPassing(p, "server", "readiness")(); err != nil {
					t.Fatalf("before billing-server runs: %v", err)
				}
				time.Sleep(100 * time.Millisecond)
			}

			// The server starts (creating and migrating the database): its
			// startup probe passes within its budget, then both are ready.
			p.startContainer("server")
			p.waitStarted()
			p.waitReady(30 * time.Second)
			o := newOperator(t, w, d, p)
			o.createAPIKey()
			a := p.api()
			id := mustCreate(t, a, "Probe Customer")

			// The database becomes unusable (its file moved away): neither
			// container is ready, the gateway stays alive; back in place,
			// both are ready again.
			db := p.dbPath()
			if err := os.Rename(db, db+".moved"); err != nil {
				t.Fatal(err)
			}
			waitFor(t, 10*time.Second, "server not ready with its database gone", notPassing(p, "server", "readiness"))
			waitFor(t, 10*time.Second, "gateway not ready with the database gone", notPassing(p, "gateway", "readiness"))
			if err := passing(p, "gateway", "liveness")(); err != nil {
				t.Errorf("the gateway must stay alive while the server is not serving: %v", err)
			}
			if err := os.Rename(db+".moved", db); err != nil {
				t.Fatal(err)
			}
			p.waitReady(15 * time.Second)
			if ok, err := a.customerExists(id); err != nil || !ok {
				t.Fatalf("customer %s after the database came back: %v %v", id, ok, err)
			}

			checkReachAPI(t, p)
			checkLogs(t, p)

			// SIGTERM: from then on the pod is not ready, and both exit in
			// time with status 0.
			start := p.sigterm()
			for _, c := range []string{"server", "gateway"} {
				waitFor(t, 5*time.Second, "not ready after SIGTERM", notPassing(p, c, "readiness"))
			}
			took := p.waitExited(start)
			t.Logf("exited after SIGTERM in %v", took)
		})
	}
}

// checkReachAPI: what the README's "Reach the API" says answers: the REST
// API with the key, the OpenAPI document and the docs, gRPC health, and
// reflection exactly where the overlay turns it on.
func checkReachAPI(t *testing.T, p *pod) {
	t.Helper()
	a := p.api()
	for _, path := range []string{"/api/v1/customers", "/api/v1/openapi.json", "/docs"} {
		req, err := http.NewRequest("GET", a.base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.key != "" {
			req.Header.Set("Authorization", "Apikey "+a.key)
		}
		resp, err := a.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
		}
	}
	grpcAddr := fmt.Sprintf("127.0.0.1:%d", p.w.ports[containerPort(t, container(t, p.d.spec, "server"), "grpc")])
	if err := grpcHealth(grpcAddr, "", 5*time.Second); err != nil {
		t.Errorf("grpc.health.v1.Health/Check: %v", err)
	}
	// The gRPC API on the grpc port, with the key in the metadata (and
	// refused without it, once the server has authentication).
	if code := callListCustomers(grpcAddr, a.key); code != codes.OK {
		t.Errorf("billing.v1.CustomerService/ListCustomers with the key: %v", code)
	}
	if a.key != "" {
		if code := callListCustomers(grpcAddr, ""); code != codes.Unauthenticated {
			t.Errorf("billing.v1.CustomerService/ListCustomers without a key: %v, want Unauthenticated", code)
		}
	}
	checkMetrics(t, p, a)
	env, err := p.d.b.containerEnv(container(t, p.d.spec, "server"))
	if err != nil {
		t.Fatal(err)
	}
	want := env["GRPC_REFLECTION"] == "true"
	if !knownFlags(t, serverBin(t))["reflection"] {
		t.Logf("billing-server has no --reflection yet (issue 4): reflection is always on, not checked against GRPC_REFLECTION=%s", env["GRPC_REFLECTION"])
		return
	}
	services, err := listServices(grpcAddr)
	switch {
	case want && err != nil:
		t.Errorf("GRPC_REFLECTION=true but reflection does not answer: %v", err)
	case want && !strings.Contains(strings.Join(services, " "), "billing.v1.CustomerService"):
		t.Errorf("reflection lists %v", services)
	case !want && status.Code(err) != codes.Unimplemented:
		t.Errorf("GRPC_REFLECTION=false but reflection answers (%v, %v)", services, err)
	}
}

// checkMetrics scrapes as Prometheus would: the server where the pod's
// annotations point, after the gRPC call above; the gateway at /metrics on
// its http port, after the REST calls above.
func checkMetrics(t *testing.T, p *pod, a *api) {
	t.Helper()
	ann := p.d.sts.Spec.Template.Annotations
	port, err := strconv.Atoi(ann["prometheus.io/port"])
	if err != nil || ann["prometheus.io/scrape"] != "true" {
		t.Errorf("the pod's prometheus.io annotations: %v", ann)
		return
	}
	for _, c := range []struct{ url, want string }{
		{fmt.Sprintf("http://127.0.0.1:%d%s", p.w.ports[int32(port)], ann["prometheus.io/path"]),
			`billing_rpc_requests_total{method="/billing.v1.CustomerService/ListCustomers",code="OK"}`},
		{p.baseURL() + "/metrics", `billing_gateway_http_requests_total{method="GET",route="/api/v1/customers",status="200"}`},
	} {
		resp, err := a.client.Get(c.url)
		if err != nil {
			t.Errorf("GET %s: %v", c.url, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), c.want) {
			t.Errorf("GET %s: %d, want a line with %s", c.url, resp.StatusCode, c.want)
		}
	}
}

// rawCodec passes messages as bytes: an empty ListCustomersRequest is zero
// bytes, and the answer's bytes are not looked at. No generated code.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error)      { return *(v.(*[]byte)), nil }
func (rawCodec) Unmarshal(data []byte, v any) error { *(v.(*[]byte)) = data; return nil }
func (rawCodec) Name() string                       { return "proto" }

// callListCustomers calls billing.v1.CustomerService/ListCustomers with
// `authorization: Apikey KEY` (none if key is empty) and returns the code.
func callListCustomers(addr, key string) codes.Code {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return codes.Internal
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if key != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Apikey "+key)
	}
	in, out := []byte{}, []byte{}
	err = conn.Invoke(ctx, "/billing.v1.CustomerService/ListCustomers", &in, &out, grpc.ForceCodec(rawCodec{}))
	return status.Code(err)
}

// listServices asks server reflection for the services, as grpcurl list does.
func listServices(addr string) ([]string, error) {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	stream, err := reflectionpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		return nil, err
	}
	// io.EOF from Send means the server ended the stream: Recv has its status.
	if err := stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	resp, err := stream.Recv()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range resp.GetListServicesResponse().GetService() {
		out = append(out, s.GetName())
	}
	return out, nil
}

// checkLogs: each program logs one JSON object per line; the server one
// record per call (time, request id, method, code, latency); the gateway
// its access log on stdout and its own records on stderr.
func checkLogs(t *testing.T, p *pod) {
	t.Helper()
	server := p.containers["server"]
	var call map[string]any
	for _, r := range jsonLines(t, "server stderr", server.stderr.String()) {
		if r["msg"] == "call" && strings.HasSuffix(fmt.Sprint(r["method"]), "/CreateCustomer") {
			call = r
		}
	}
	if call == nil {
		t.Errorf("the server logged no record of the CreateCustomer call:\n%s", server.stderr.String())
	} else {
		for _, f := range []string{"time", "request_id", "method", "code", "latency_ms"} {
			if _, ok := call[f]; !ok {
				t.Errorf("the server's call record has no %q: %v", f, call)
			}
		}
	}
	if s := strings.TrimSpace(server.stdout.String()); s != "" {
		t.Errorf("the server writes to stdout: %q", tail(s, 300))
	}
	gw := p.containers["gateway"]
	var access bool
	for _, r := range jsonLines(t, "gateway stdout", gw.stdout.String()) {
		if strings.Contains(fmt.Sprint(r), "/api/v1/customers") {
			access = true
		}
	}
	if !access {
		t.Errorf("the gateway's access log (stdout) has no record of the REST calls:\n%s", gw.stdout.String())
	}
	if len(jsonLines(t, "gateway stderr", gw.stderr.String())) == 0 {
		t.Errorf("the gateway logged nothing to stderr")
	}
}

// TestLifecycleDrain: SIGTERM to both containers while a request is in
// flight: the request completes, both exit 0 within the grace period, and
// a restart on the same volume has every acknowledged write, the drained
// one included. Then a crash (SIGKILL) loses no acknowledged write either.
func TestLifecycleDrain(t *testing.T) {
	d := newPodDef(t, "prod")
	w := newWorld(t, d)
	p := w.startPod(d)
	o := newOperator(t, w, d, p)
	o.createAPIKey()
	a := p.api()
	acked := []string{mustCreate(t, a, "Before Drain")}

	// Hold SQLite's write lock from outside: the server's next write waits
	// on its busy timeout, so the request stays in flight.
	db := openDB(t, p.dbPath(), false)
	defer db.Close()
	conn, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(t.Context(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	type result struct {
		id  string
		err error
	}
	inflight := make(chan result, 1)
	go func() {
		id, err := a.createCustomer("In Flight")
		inflight <- result{id, err}
	}()
	time.Sleep(time.Second)
	select {
	case r := <-inflight:
		t.Fatalf("the request was not held in flight by the lock: %+v", r)
	default:
	}

	start := p.sigterm()
	time.Sleep(1500 * time.Millisecond)
	select {
	case r := <-inflight:
		t.Fatalf("the in-flight request ended before the lock was released (cut off by SIGTERM?): %+v\n%s", r, p.logs())
	default:
	}
	for name, pr := range p.containers {
		if !pr.running() {
			t.Fatalf("%s exited with a request in flight\n%s", name, p.logs())
		}
	}
	// Draining: both still run, neither is ready (no new traffic).
	for _, c := range []string{"server", "gateway"} {
		if err := notPassing(p, c, "readiness")(); err != nil {
			t.Errorf("while draining: %v", err)
		}
	}
	if _, err := conn.ExecContext(t.Context(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	db.Close()

	r := <-inflight
	if r.err != nil {
		t.Fatalf("the request in flight at SIGTERM failed: %v\n%s", r.err, p.logs())
	}
	acked = append(acked, r.id)
	took := p.waitExited(start)
	t.Logf("drained: the request in flight completed, exits after SIGTERM: %v", took)

	// Restart on the same volume: nothing acknowledged is lost.
	p = w.startPod(d)
	a = p.api()
	requireAll(t, a, acked, "after a graceful restart")

	// Crash: acknowledged writes survive a SIGKILL too (synchronous=FULL,
	// WAL on the volume).
	for i := 0; i < 20; i++ {
		acked = append(acked, mustCreate(t, a, fmt.Sprintf("Before Crash %d", i)))
	}
	p.kill()
	p = w.startPod(d)
	requireAll(t, p.api(), acked, "after SIGKILL and restart")
	p.stop()
}

// TestLifecycleBackupRestore: the README's backup (section 9), taken while
// writes go on, restored with the README's restore (section 10), gives a
// database that passes PRAGMA integrity_check and holds every write
// acknowledged before the backup began; the API key made before the backup
// still works.
func TestLifecycleBackupRestore(t *testing.T) {
	d := newPodDef(t, "prod")
	w := newWorld(t, d)
	p := w.startPod(d)
	o := newOperator(t, w, d, p)
	o.createAPIKey()
	a := p.api()

	// Write load: three writers until told to stop.
	var (
		mu      sync.Mutex
		acked   []string
		failed  []error
		stop    = make(chan struct{})
		writers sync.WaitGroup
	)
	for g := 0; g < 3; g++ {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id, err := a.createCustomer(fmt.Sprintf("Load %d %d", g, i))
				if errors.Is(err, errRateLimited) {
					// over RATE_LIMIT_PER_SECOND: not acknowledged, slow down
					time.Sleep(50 * time.Millisecond)
					continue
				}
				mu.Lock()
				if err != nil {
					failed = append(failed, err)
				} else {
					acked = append(acked, id)
				}
				mu.Unlock()
			}
		}()
	}
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(acked)
	}
	waitFor(t, 30*time.Second, "writes under load", func() error {
		if n := count(); n < 100 {
			return fmt.Errorf("%d writes", n)
		}
		return nil
	})

	// Every write acknowledged before the backup begins.
	mu.Lock()
	before := append([]string{}, acked...)
	mu.Unlock()
	o.runSection("9. Back up")
	backupDone := count()
	waitFor(t, 30*time.Second, "writes after the backup", func() error {
		if count() < backupDone+50 {
			return fmt.Errorf("load stopped")
		}
		return nil
	})
	close(stop)
	writers.Wait()
	if len(failed) > 0 {
		t.Fatalf("%d writes failed under load, first: %v", len(failed), failed[0])
	}
	t.Logf("%d writes acknowledged before the backup began, %d in all", len(before), len(acked))

	// The copy on the workstation is consistent, and the README removed it
	// from the volume.
	backup := filepath.Join(w.station, o.vars["backup"])
	if got := integrityCheck(t, backup); got != "ok" {
		t.Fatalf("PRAGMA integrity_check of the backup: %s", got)
	}
	if _, err := os.Stat(filepath.Join(p.dataDir(), o.vars["backup"])); !os.IsNotExist(err) {
		t.Errorf("the backup file is still on the volume: %v", err)
	}

	// Restore, by the README.
	o.runSection("10. Restore")
	p = o.pod
	if got := integrityCheck(t, p.dbPath()); got != "ok" {
		t.Fatalf("PRAGMA integrity_check of the restored database: %s", got)
	}
	requireAll(t, p.api(), before, "after restoring the backup")
	replaced, _ := filepath.Glob(filepath.Join(p.dataDir(), "replaced-*", "billing.db"))
	if len(replaced) != 1 {
		t.Errorf("the replaced database is not kept in replaced-*/: %v", replaced)
	}
	// The restored database answers exactly what the backup holds: writes
	// acknowledged after the backup began may be missing, never corrupted.
	var after []string
	for _, id := range acked[len(before):] {
		if ok, err := p.api().customerExists(id); err != nil {
			t.Fatal(err)
		} else if ok {
			after = append(after, id)
		}
	}
	t.Logf("of the %d writes acknowledged after the backup began, %d are in it", len(acked)-len(before), len(after))
	p.stop()
}

// TestLifecycleNewerSchemaRefused: a server older than the database's
// schema refuses to start (README, rolling back), so the pod never becomes
// ready on a database it does not understand.
func TestLifecycleNewerSchemaRefused(t *testing.T) {
	d := newPodDef(t, "prod")
	w := newWorld(t, d)
	p := w.startPod(d)
	path := p.dbPath()
	p.stop()

	db := openDB(t, path, false)
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_time_us)
		SELECT MAX(version) + 1, 'from a newer version', 0 FROM schema_migrations`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	w.chownTree(p.dataDir())

	p = w.newPod(d)
	server := p.startContainer("server")
	if !server.wait(30 * time.Second) {
		t.Fatalf("the server keeps running on a newer schema\n%s", p.logs())
	}
	if server.exitCode() == 0 {
		t.Errorf("the server exited 0 on a newer schema")
	}
	if !strings.Contains(server.stderr.String(), "is newer than this server knows") {
		t.Errorf("the server did not say why it stopped:\n%s", server.stderr.String())
	}
	if err := notPassing(p, "server", "readiness")(); err != nil {
		t.Error(err)
	}
}
