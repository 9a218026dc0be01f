// Package e2e drives the real billing-gateway binary through real HTTP: in
// front of the real billing-server (BILLING_SERVER_BIN) on a fresh database,
// and, for the gRPC statuses that server never sends, in front of a stub
// gRPC upstream. Every response is checked field by field and against the
// OpenAPI document the gateway publishes.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"billing/gateway"
	restv1 "billing/gateway/gen/billing/rest/v1"
)

var (
	gatewayOnce sync.Once
	gatewayBin  string
	gatewayErr  error
)

// serverBin returns the billing-server binary. Unset: the test is skipped
// (a plain `go test ./...` in a dev loop); set but missing: the test fails
// (ctest always sets it).
func serverBin(t *testing.T) string {
	t.Helper()
	p, ok := os.LookupEnv("BILLING_SERVER_BIN")
	if !ok {
		t.Skip("BILLING_SERVER_BIN is not set: skipping the tests against the real billing-server")
	}
	if st, err := os.Stat(p); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		t.Fatalf("BILLING_SERVER_BIN=%q is not an executable file: %v", p, err)
	}
	return p
}

// gatewayBinary returns BILLING_GATEWAY_BIN, or builds the gateway from this
// module when it is unset. Set but missing fails.
func gatewayBinary(t *testing.T) string {
	t.Helper()
	if p, ok := os.LookupEnv("BILLING_GATEWAY_BIN"); ok {
		if st, err := os.Stat(p); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			t.Fatalf("BILLING_GATEWAY_BIN=%q is not an executable file: %v", p, err)
		}
		return p
	}
	gatewayOnce.Do(func() {
		dir, err := os.MkdirTemp("", "billing-gateway-e2e")
		if err != nil {
			gatewayErr = err
			return
		}
		gatewayBin = filepath.Join(dir, "billing-gateway")
		cmd := exec.Command("go", "build", "-buildvcs=false", "-o", gatewayBin, "../cmd/billing-gateway")
		out, err := cmd.CombinedOutput()
		if err != nil {
			gatewayErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if gatewayErr != nil {
		t.Fatal(gatewayErr)
	}
	return gatewayBin
}

// handedOut holds every address freeAddr returned: a port is closed again
// before its process binds it, and the kernel may offer the same port to the
// next caller meanwhile (a gateway was once given its own server's port).
var handedOut sync.Map

func freeAddr(t *testing.T) string {
	t.Helper()
	for {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		if _, taken := handedOut.LoadOrStore(addr, true); !taken {
			return addr
		}
	}
}

// syncBuffer collects a process's output while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// proc is a started binary.
type proc struct {
	name   string
	cmd    *exec.Cmd
	stdout *syncBuffer
	stderr *syncBuffer
	done   chan struct{}
	err    error
}

func start(t *testing.T, name, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{name: name, stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.stop(t, 10*time.Second)
		if t.Failed() {
			t.Logf("--- %s stdout:\n%s\n--- %s stderr:\n%s", name, tail(p.stdout.String()), name, tail(p.stderr.String()))
		}
	})
	return p
}

func tail(s string) string {
	if len(s) > 6000 {
		return "…" + s[len(s)-6000:]
	}
	return s
}

// stop sends SIGTERM and waits; past the wait it kills.
func (p *proc) stop(t *testing.T, wait time.Duration) error {
	select {
	case <-p.done:
		return p.err
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return p.err
	case <-time.After(wait):
		_ = p.cmd.Process.Kill()
		<-p.done
		t.Errorf("%s did not stop within %v of SIGTERM", p.name, wait)
		return errors.New("killed")
	}
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// env is one running gateway (and, unless stubbed, one billing-server).
type env struct {
	t       *testing.T
	base    string // http://127.0.0.1:PORT
	server  *billingServer
	gateway *proc
	spec    *contract
	// key is the API key e.do sends (Authorization: Apikey <key>) unless a
	// request says otherwise: every scope, for account testAccount.
	key string
}

// testAccount is the account of the key every env is made with.
const testAccount = "acct_e2e"

// highRate keeps the per-credential rate limit (default 50/s, burst 100) out
// of the way of tests that are not about it.
var highRate = []string{"--rate_limit_per_second=10000", "--rate_limit_burst=10000"}

// billingServer is a running billing-server on its own database.
type billingServer struct {
	*proc
	addr string
	db   string
}

// freshDB is a new SQLite file, or, when BILLING_E2E_POSTGRES_URI names a
// PostgreSQL server (the suite's PostgreSQL run), a new schema in it.
func freshDB(t *testing.T) string {
	t.Helper()
	uri := os.Getenv("BILLING_E2E_POSTGRES_URI")
	if uri == "" {
		return filepath.Join(t.TempDir(), "billing.db")
	}
	schema := fmt.Sprintf("e2e_%d_%d", os.Getpid(), time.Now().UnixNano())
	if out, err := exec.Command("psql", uri, "-qc", "CREATE SCHEMA "+schema).CombinedOutput(); err != nil {
		t.Fatalf("creating schema %s: %v\n%s", schema, err, out)
	}
	return withSearchPath(uri, schema)
}

// withSearchPath is the URI of a connection to schema.
func withSearchPath(uri, schema string) string {
	sep := "?"
	if strings.Contains(uri, "?") {
		sep = "&"
	}
	return uri + sep + "options=-csearch_path%3D" + schema
}

// startServer runs billing-server on a fresh database. Extra flags follow
// the defaults; unless they set a rate limit, the limit is set high.
func startServer(t *testing.T, flags ...string) *billingServer {
	t.Helper()
	return startServerAt(t, freeAddr(t), flags...)
}

// startServerAt is startServer on a given address.
func startServerAt(t *testing.T, addr string, flags ...string) *billingServer {
	t.Helper()
	return startServerOn(t, addr, freshDB(t), flags...)
}

// startServerOn is startServerAt on a given database.
func startServerOn(t *testing.T, addr, db string, flags ...string) *billingServer {
	t.Helper()
	args := []string{"--listen=" + addr, "--db=" + db}
	if !slices.ContainsFunc(flags, func(f string) bool { return strings.HasPrefix(f, "--rate_limit") }) {
		args = append(args, highRate...)
	}
	args = append(args, flags...)
	return &billingServer{proc: start(t, "billing-server", serverBin(t), args...), addr: addr, db: db}
}

var apiKeyRE = regexp.MustCompile(`^bk_([A-Za-z0-9]{16})_[A-Za-z0-9]{52}$`)

// createKey makes an API key with `billing-server keys create` on the
// server's database (the server keeps running) and returns it. scopes is
// "all" or a comma list.
func (s *billingServer) createKey(t *testing.T, account, scopes string) string {
	t.Helper()
	out, errOut := s.keys(t, "create", "--account="+account, "--scopes="+scopes)
	key := strings.TrimSuffix(out, "\n")
	m := apiKeyRE.FindStringSubmatch(key)
	if m == nil {
		t.Fatalf("keys create printed %q on stdout, want the key alone (stderr %q)", out, errOut)
	}
	if !strings.Contains(errOut, m[1]) || !strings.Contains(errOut, account) || strings.Contains(errOut, key) {
		t.Errorf("keys create: stderr %q should name the key id and account, never the key", errOut)
	}
	return key
}

// revokeKey revokes a key by its id (the 16 characters after bk_).
func (s *billingServer) revokeKey(t *testing.T, key string) {
	t.Helper()
	id := keyID(t, key)
	out, _ := s.keys(t, "revoke", id)
	if !strings.Contains(out, id) {
		t.Errorf("keys revoke printed %q", out)
	}
}

func keyID(t *testing.T, key string) string {
	t.Helper()
	m := apiKeyRE.FindStringSubmatch(key)
	if m == nil {
		t.Fatalf("not an API key: %q", key)
	}
	return m[1]
}

// keys runs `billing-server keys VERB --db=... ARGS...`; a failure fails the
// test. It returns stdout and stderr.
func (s *billingServer) keys(t *testing.T, verb string, args ...string) (string, string) {
	t.Helper()
	cmd := exec.Command(serverBin(t), append([]string{"keys", verb, "--db=" + s.db}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("billing-server keys %s %v: %v\n%s%s", verb, args, err, stdout.String(), stderr.String())
	}
	return stdout.String(), stderr.String()
}

// startGateway runs billing-gateway in front of upstream and waits until it
// answers /healthz.
func startGateway(t *testing.T, upstream string, flags ...string) (*proc, string) {
	t.Helper()
	addr := freeAddr(t)
	args := append([]string{"--listen=" + addr, "--upstream=" + upstream}, flags...)
	g := start(t, "billing-gateway", gatewayBinary(t), args...)
	base := "http://" + addr
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if g.exited() || time.Now().After(deadline) {
			t.Fatalf("gateway did not come up: %v\n%s", err, g.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return g, base
}

// newEnv starts billing-server and billing-gateway, makes an API key with
// every scope for testAccount, and waits until the gateway is ready
// (upstream SERVING).
func newEnv(t *testing.T, gatewayFlags ...string) *env {
	t.Helper()
	return newEnvWith(t, nil, gatewayFlags)
}

// newEnvWith is newEnv with flags for the server too.
func newEnvWith(t *testing.T, serverFlags, gatewayFlags []string) *env {
	t.Helper()
	e := startEnv(t, startServer(t, serverFlags...), gatewayFlags)
	// Processing an invoice needs the account's organization (the seller),
	// set with a key of its own: the env's key keeps its whole rate limit.
	seeder := e.server.createKey(t, testAccount, "organization:write")
	expect(t, e.as(seeder).do(req{method: "PATCH", path: "/api/v1/organization", body: seededOrganization}), http.StatusOK, "")
	e.key = e.server.createKey(t, testAccount, "all")
	return e
}

// newEnvOn is an env on a database that already holds an account, sending
// key.
func newEnvOn(t *testing.T, db, key string) *env {
	t.Helper()
	e := startEnv(t, startServerOn(t, freeAddr(t), db), nil)
	e.key = key
	return e
}

// startEnv puts a gateway in front of server and waits until both are ready.
func startEnv(t *testing.T, server *billingServer, gatewayFlags []string) *env {
	t.Helper()
	g, base := startGateway(t, server.addr, gatewayFlags...)
	e := &env{t: t, base: base, server: server, gateway: g}
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if server.exited() || time.Now().After(deadline) {
			t.Fatalf("billing-server did not become ready (last: %v)\n%s", err, server.stderr.String()+server.stdout.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	e.spec = loadContract(t, base)
	return e
}

// seededOrganization is what newEnv sets as the test account's
// organization: just complete enough to process invoices.
const seededOrganization = `{"legalName":"E2E Seller GmbH","address":{"line1":"Unter den Linden 1","country":"DE"}}`

// as returns the env sending key instead of its own ("" sends none).
func (e *env) as(key string) *env {
	c := *e
	c.key = key
	return &c
}

// in returns the env reporting to t (a subtest's).
func (e *env) in(t *testing.T) *env {
	c := *e
	c.t = t
	return &c
}

// ---------------------------------------------------------------- requests

// envelope is any of the generated envelope messages
// (gateway/proto/billing/rest/v1): the tests decode answers with the
// definition the gateway encodes them with, not a copy; decoding refuses
// any other field.
type envelope = gateway.Envelope

// reply is one HTTP exchange's outcome.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
	Env    envelope
	method string
	path   string
}

type req struct {
	method, path string
	body         string // sent as is; "" sends no body
	rawBody      []byte
	header       map[string]string
	noJSONType   bool // do not add Content-Type: application/json
	// auth is the Authorization header to send; "" means the env's key
	// (e.do) or none (doHTTP). noAuth sends no Authorization at all.
	auth   string
	noAuth bool
}

// do sends a request, with Authorization: Apikey <e.key> unless it says
// otherwise, and checks what every response must satisfy: the envelope
// (fields in order, each well formed, requestId = X-Request-ID) and, when
// the route is documented, the documented schema.
func (e *env) do(r req) *reply {
	e.t.Helper()
	if r.auth == "" && e.key != "" {
		r.auth = "Apikey " + e.key
	}
	return doHTTP(e.t, e.base, e.spec, r)
}

func doHTTP(t *testing.T, base string, spec *contract, r req) *reply {
	t.Helper()
	var body io.Reader
	if r.rawBody != nil {
		body = bytes.NewReader(r.rawBody)
	} else if r.body != "" {
		body = strings.NewReader(r.body)
	}
	hr, err := http.NewRequestWithContext(context.Background(), r.method, base+r.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil && !r.noJSONType {
		hr.Header.Set("Content-Type", "application/json")
	}
	if r.auth != "" && !r.noAuth {
		hr.Header.Set("Authorization", r.auth)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	// A 204 has no body: its envelope reads as an empty one.
	rep := &reply{Status: resp.StatusCode, Header: resp.Header, Body: raw, Env: &restv1.ErrorEnvelope{}, method: r.method, path: r.path}
	checkEnvelope(t, rep)
	record(rep, spec != nil && spec.strict)
	if spec != nil {
		spec.check(t, rep)
	}
	return rep
}

var (
	requestIDRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,128}$`)
	envelopeRE  = regexp.MustCompile(`^\{"timestamp":.*,"success":(true|false),"message":.*,"errorCode":.*,"page":-?\d+,"pageSize":-?\d+,"totalItems":-?\d+,"totalPage":-?\d+,"type":.*,"data":.*,"requestId":"[^"]*"(,"nextPageToken":"[^"]*")?\}$`)
)

// documentTypes are the media types of the document routes' answers.
var documentTypes = map[string]bool{"application/pdf": true, "application/xml": true}

// checkEnvelope verifies the envelope promises on any response.
func checkEnvelope(t *testing.T, r *reply) {
	t.Helper()
	id := r.Header.Get("X-Request-ID")
	if !requestIDRE.MatchString(id) {
		t.Errorf("%s %s: X-Request-ID %q", r.method, r.path, id)
	}
	if r.Status == http.StatusNoContent || r.Status == http.StatusNotModified {
		if len(r.Body) != 0 {
			t.Errorf("%s %s: %d with a body %q", r.method, r.path, r.Status, r.Body)
		}
		return
	}
	ct := r.Header.Get("Content-Type")
	if r.Status == http.StatusOK && documentTypes[ct] {
		return // a document (issue 23): the one success outside the envelope
	}
	if ct != "application/json" {
		t.Errorf("%s %s: Content-Type %q", r.method, r.path, ct)
	}
	if !envelopeRE.Match(r.Body) {
		t.Errorf("%s %s: body is not the envelope in order: %s", r.method, r.path, r.Body)
		return
	}
	e, err := gateway.DecodeEnvelope(r.Body)
	if err != nil {
		t.Errorf("%s %s: envelope: %v: %s", r.method, r.path, err, r.Body)
		r.Env = &restv1.ErrorEnvelope{}
		return
	}
	r.Env = e
	ts, err := time.Parse(time.RFC3339, e.GetTimestamp())
	if err != nil || !strings.HasSuffix(e.GetTimestamp(), "Z") || time.Since(ts) > time.Minute || time.Until(ts) > time.Minute {
		t.Errorf("%s %s: timestamp %q", r.method, r.path, e.GetTimestamp())
	}
	if e.GetRequestId() != id {
		t.Errorf("%s %s: requestId %q, header %q", r.method, r.path, e.GetRequestId(), id)
	}
	if e.GetMessage() == "" {
		t.Errorf("%s %s: empty message", r.method, r.path)
	}
	if e.GetSuccess() != (r.Status < 400) {
		t.Errorf("%s %s: success=%v with status %d", r.method, r.path, e.GetSuccess(), r.Status)
	}
	if e.GetSuccess() && e.GetErrorCode() != "" || !e.GetSuccess() && e.GetErrorCode() == "" {
		t.Errorf("%s %s: success=%v errorCode=%q", r.method, r.path, e.GetSuccess(), e.GetErrorCode())
	}
	data := dataField(e)
	isNull := !data.IsList() && !e.ProtoReflect().Has(data)
	if isNull != (e.GetType() == "") {
		t.Errorf("%s %s: type %q with data %s", r.method, r.path, e.GetType(), r.Body)
	}
	if !e.GetSuccess() && !isNull && e.GetType() != "ErrorDetails" {
		t.Errorf("%s %s: error data of type %q", r.method, r.path, e.GetType())
	}
	if data.IsList() {
		checkPaging(t, r, e.ProtoReflect().Get(data).List().Len())
	} else if e.GetPage() != 0 || e.GetPageSize() != 0 || e.GetTotalItems() != 0 || e.GetTotalPage() != 0 {
		t.Errorf("%s %s: paging figures on a non-list: %s", r.method, r.path, r.Body)
	}
}

// dataField is an envelope message's data field.
func dataField(e envelope) protoreflect.FieldDescriptor {
	return e.ProtoReflect().Descriptor().Fields().ByName("data")
}

func checkPaging(t *testing.T, r *reply, n int) {
	t.Helper()
	e := r.Env
	if e.GetPage() < 1 || e.GetPageSize() < 1 || e.GetPageSize() > 100 {
		t.Errorf("%s %s: page %d pageSize %d", r.method, r.path, e.GetPage(), e.GetPageSize())
		return
	}
	size := int64(e.GetPageSize())
	if int64(e.GetTotalPage()) != (e.GetTotalItems()+size-1)/size {
		t.Errorf("%s %s: totalPage %d for %d items of %d", r.method, r.path, e.GetTotalPage(), e.GetTotalItems(), size)
	}
	want := e.GetTotalItems() - int64(e.GetPage()-1)*size
	want = max(0, min(want, size))
	if int64(n) != want {
		t.Errorf("%s %s: %d items on page %d (want %d)", r.method, r.path, n, e.GetPage(), want)
	}
}

// expect checks the status and errorCode of a reply (and the headers every
// status implies).
func expect(t *testing.T, r *reply, status int, code string) {
	t.Helper()
	if r.Status != status || r.Env.GetErrorCode() != code {
		t.Fatalf("%s %s: got %d %q, want %d %q: %s", r.method, r.path, r.Status, r.Env.GetErrorCode(), status, code, r.Body)
	}
	switch status {
	case http.StatusServiceUnavailable, http.StatusTooManyRequests:
		if r.Header.Get("Retry-After") == "" {
			t.Errorf("%s %s: %d without Retry-After", r.method, r.path, status)
		}
	case http.StatusUnauthorized:
		if r.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s %s: 401 without WWW-Authenticate", r.method, r.path)
		}
	case http.StatusMethodNotAllowed:
		if r.Header.Get("Allow") == "" {
			t.Errorf("%s %s: 405 without Allow", r.method, r.path)
		}
	}
	if status == 500 && r.Env.GetErrorCode() != "RESPONSE_INVALID" {
		if r.Env.GetMessage() != "internal error; retry later or report the request id" {
			t.Errorf("%s %s: a 5xx must have the generic message, got %q", r.method, r.path, r.Env.GetMessage())
		}
	}
}

// expectQueryViolations GETs path?query for each query of `cases` and
// expects 400 with `code` and a violation naming its field.
func expectQueryViolations(t *testing.T, e *env, path, code string, cases map[string]string) {
	t.Helper()
	for query, field := range cases {
		r := e.do(req{method: "GET", path: path + "?" + query})
		expect(t, r, http.StatusBadRequest, code)
		if violations(t, r)[field] == "" {
			t.Errorf("%s?%s: no violation on %s (%s)", path, query, field, r.Body)
		}
	}
}

// violations returns the fields named in an error's ErrorDetails.
func violations(t *testing.T, r *reply) map[string]string {
	t.Helper()
	if r.Env.GetType() != "ErrorDetails" {
		t.Fatalf("%s %s: no ErrorDetails: %s", r.method, r.path, r.Body)
	}
	d := r.Env.(*restv1.ErrorEnvelope).GetData()
	if len(d.GetFieldViolations()) == 0 {
		t.Fatalf("%s %s: ErrorDetails %s", r.method, r.path, r.Body)
	}
	out := map[string]string{}
	for _, v := range d.GetFieldViolations() {
		if v.Field == "" && r.Env.GetErrorCode() != "INVALID_PARAMETER" || v.Description == "" {
			t.Errorf("%s %s: violation %+v", r.method, r.path, v)
		}
		// The service's field paths are shown in camelCase; the gateway's own
		// violations name what the client sent, as sent.
		if r.Env.GetErrorCode() == "VALIDATION_ERROR" && strings.Contains(v.Field, "_") {
			t.Errorf("%s %s: violation field %q is not camelCase", r.method, r.path, v.Field)
		}
		out[v.Field] = v.Description
	}
	// The service's messages name fields as REST does too. (The gateway's
	// own refusals name what the client sent, as sent.)
	for _, protoName := range []string{"line_items", "unit_amount", "due_date", "default_currency", "customer_id", "period_start", "period_end", "update_mask", "page_size"} {
		if r.Env.GetErrorCode() == "VALIDATION_ERROR" && (strings.Contains(r.Env.GetMessage(), protoName) || strings.Contains(string(r.Body), protoName)) {
			t.Errorf("%s %s: the answer names %s, not its REST name: %s", r.method, r.path, protoName, r.Body)
		}
	}
	return out
}

// data copies an envelope's data into v: a resource (*billingv1.Invoice)
// or a page of them (*[]*billingv1.Invoice).
func data[M proto.Message](t *testing.T, r *reply, v M) {
	t.Helper()
	m := r.Env.ProtoReflect()
	f := dataField(r.Env)
	if f.IsList() || !m.Has(f) || f.Message().FullName() != v.ProtoReflect().Descriptor().FullName() {
		t.Fatalf("%s %s: no %s data: %s", r.method, r.path, v.ProtoReflect().Descriptor().Name(), r.Body)
	}
	proto.Merge(v, m.Get(f).Message().Interface())
}

// items is the page of resources a list answered.
func items[M proto.Message](t *testing.T, r *reply) []M {
	t.Helper()
	m := r.Env.ProtoReflect()
	f := dataField(r.Env)
	if !f.IsList() {
		t.Fatalf("%s %s: not a list: %s", r.method, r.path, r.Body)
	}
	var out []M
	l := m.Get(f).List()
	for i := 0; i < l.Len(); i++ {
		out = append(out, l.Get(i).Message().Interface().(M))
	}
	return out
}

// rawData is the envelope's data exactly as the answer wrote it.
func rawData(t *testing.T, r *reply) string {
	t.Helper()
	var body struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	return string(body.Data)
}
