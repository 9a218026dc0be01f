// Package adversarial attacks the REAL binaries (BILLING_SERVER_BIN,
// BILLING_GATEWAY_BIN) on loopback ports and a fresh database: hostile
// input, kill -9, racing actions and SIGTERM under load. Standard library
// only. A missing binary fails the run; it never skips.
package adversarial

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func binary(t *testing.T, env string) string {
	t.Helper()
	p := os.Getenv(env)
	if p == "" {
		t.Fatalf("%s is not set: the adversarial suite needs the real binaries", env)
	}
	if st, err := os.Stat(p); err != nil || st.IsDir() {
		t.Fatalf("%s=%q is not a file: %v", env, p, err)
	}
	return p
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

type proc struct {
	cmd  *exec.Cmd
	out  *lockedBuffer
	done chan struct{}
}

func start(t *testing.T, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), out: &lockedBuffer{}, done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	go func() { _ = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.signal(syscall.SIGKILL)
		<-p.done
		if t.Failed() {
			out := p.out.String()
			if len(out) > 4000 {
				out = out[len(out)-4000:]
			}
			t.Logf("--- %s output:\n%s", filepath.Base(bin), out)
		}
	})
	return p
}

func (p *proc) signal(s syscall.Signal) {
	select {
	case <-p.done:
	default:
		_ = p.cmd.Process.Signal(s)
	}
}

// waitExit waits up to `within` for the process to exit.
func (p *proc) waitExit(within time.Duration) bool {
	select {
	case <-p.done:
		return true
	case <-time.After(within):
		return false
	}
}

// stack is one billing-server and one billing-gateway in front of it.
type stack struct {
	t       *testing.T
	db      string
	grpc    string
	server  *proc
	gateway *proc
	base    string
	key     string
}

// newStack starts the server on a fresh database (or `db`), makes an API key
// with every scope, and starts the gateway.
func newStack(t *testing.T, db string, serverFlags ...string) *stack {
	t.Helper()
	if db == "" {
		db = filepath.Join(t.TempDir(), "billing.db")
	}
	s := &stack{t: t, db: db}
	s.startServer(serverFlags...)
	out, err := exec.Command(binary(t, "BILLING_SERVER_BIN"), "keys", "create", "--db="+db,
		"--account=acct_adv", "--scopes=all").Output()
	if err != nil {
		t.Fatalf("keys create: %v", err)
	}
	s.key = strings.TrimSpace(string(out))
	s.startGateway()
	s.seedOrganization()
	return s
}

// seedOrganization sets the account's organization (the seller), which
// processing an invoice needs.
func (s *stack) seedOrganization() {
	s.t.Helper()
	r := s.do("PATCH", "/api/v1/organization", map[string]any{
		"legalName": "Adversarial Seller GmbH",
		"address":   map[string]any{"line1": "Unter den Linden 1", "country": "DE"},
	})
	if r.status != 200 {
		s.t.Fatalf("PATCH /api/v1/organization: %d %s", r.status, r.raw)
	}
}

func (s *stack) startServer(flags ...string) {
	s.t.Helper()
	s.launchServer(flags...)
	s.awaitListening()
}

// launchServer starts billing-server on s.db without waiting for it.
func (s *stack) launchServer(flags ...string) {
	s.t.Helper()
	s.grpc = freeAddr(s.t)
	args := append([]string{"--listen=" + s.grpc, "--db=" + s.db,
		"--rate_limit_per_second=100000", "--rate_limit_burst=100000"}, flags...)
	s.server = start(s.t, binary(s.t, "BILLING_SERVER_BIN"), args...)
}

func (s *stack) awaitListening() {
	s.t.Helper()
	// Listening means the database is open and migrated: only then may
	// another process (keys create) open it.
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if conn, err := net.Dial("tcp", s.grpc); err == nil {
			conn.Close()
			return
		}
		if s.server.waitExit(50 * time.Millisecond) {
			s.t.Fatalf("billing-server exited at start:\n%s", s.server.out.String())
		}
	}
	s.t.Fatalf("billing-server never listened on %s", s.grpc)
}

func (s *stack) startGateway() {
	s.t.Helper()
	s.startGatewayTo(s.grpc)
}

// startGatewayTo starts the gateway with `upstream` (say, a proxy) as its
// service address.
func (s *stack) startGatewayTo(upstream string) {
	s.t.Helper()
	addr := freeAddr(s.t)
	s.gateway = start(s.t, binary(s.t, "BILLING_GATEWAY_BIN"), "--listen="+addr, "--upstream="+upstream)
	s.base = "http://" + addr
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(s.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("gateway at %s never became ready", s.base)
}

// reply is one HTTP answer: its status and the envelope.
type reply struct {
	status int
	body   map[string]any
	raw    string
}

func (s *stack) do(method, path string, body any) reply {
	s.t.Helper()
	r, err := s.try(method, path, body)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

func (s *stack) try(method, path string, body any) (reply, error) {
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		reader = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return reply{}, err
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, s.base+path, reader)
	if err != nil {
		return reply{}, err
	}
	req.Header.Set("Authorization", "Apikey "+s.key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, raw: string(data)}
	_ = json.Unmarshal(data, &r.body)
	return r, nil
}

func (r reply) code() string {
	code, _ := r.body["errorCode"].(string)
	return code
}

func (r reply) id() string {
	data, _ := r.body["data"].(map[string]any)
	id, _ := data["id"].(string)
	return id
}

func (r reply) totalItems() int {
	n, _ := r.body["totalItems"].(float64)
	return int(n)
}

func (s *stack) customer(name string) string {
	s.t.Helper()
	r := s.do("POST", "/api/v1/customers", map[string]any{
		"name": name, "email": "ap@example.com", "defaultCurrency": "USD"})
	if r.status != 201 && r.status != 200 {
		s.t.Fatalf("create customer: %d %s", r.status, r.raw)
	}
	return r.id()
}

func short(s string) string {
	if len(s) > 300 {
		return s[:300] + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return s
}
