package e2e

// The gateway's part of the hardening issue: what hostile or unlucky input
// found, each through the real gateway binary.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"billing/gateway"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// TestOversizedTrailerLeavesOtherRequestsAlone: one call whose error
// details are too large for HTTP/2 fails alone; the requests of other
// callers in flight on the same upstream connection still succeed.
func TestOversizedTrailerLeavesOtherRequestsAlone(t *testing.T) {
	stub, addr := startStub(t)
	_, base := startGateway(t, addr)
	spec := loadContract(t, base)
	spec.strict = false
	expect(t, doHTTP(t, base, spec, req{method: "GET", path: "/api/v1/customers/warmup"}), 200, "")

	stub.mu.Lock()
	before := len(stub.metadata)
	stub.mu.Unlock()
	const inFlight = 4
	statuses := make(chan string, inFlight)
	for i := 0; i < inFlight; i++ {
		go func() {
			resp, err := http.Get(base + "/api/v1/customers/slowok")
			if err != nil {
				statuses <- err.Error()
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			statuses <- fmt.Sprintf("%d %s", resp.StatusCode, b)
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		stub.mu.Lock()
		n := len(stub.metadata) - before
		stub.mu.Unlock()
		if n >= inFlight {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the slow requests never reached the upstream")
		}
		time.Sleep(10 * time.Millisecond)
	}
	r := doHTTP(t, base, spec, req{method: "GET", path: "/api/v1/customers/hugetrailer"})
	expect(t, r, http.StatusInternalServerError, "INTERNAL")
	for i := 0; i < inFlight; i++ {
		if got := <-statuses; !strings.HasPrefix(got, "200 ") {
			t.Errorf("a request in flight beside the oversized answer got %.300s", got)
		}
	}
	expect(t, doHTTP(t, base, spec, req{method: "GET", path: "/api/v1/customers/after"}), 200, "")
}

// TestNonUTF8ParametersAreRefused: %ff in an id or a query value is 400
// naming the parameter, on every route with one, never 500.
func TestNonUTF8ParametersAreRefused(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		method, path, body, field string
	}{
		{"GET", "/api/v1/customers/%ff", "", "customer-id"},
		{"PUT", "/api/v1/customers/%ff", `{"name":"x","email":"x@example.com","defaultCurrency":"USD"}`, "customer-id"},
		{"PATCH", "/api/v1/customers/%ff", `{"name":"x"}`, "customer-id"},
		{"DELETE", "/api/v1/customers/%ff", "", "customer-id"},
		{"GET", "/api/v1/customers/%ff/invoices", "", "customer-id"},
		{"GET", "/api/v1/invoices/%ff", "", "invoice-id"},
		{"PUT", "/api/v1/invoices/%ff", `{"customerId":"c","amount":"1.00","dueDate":"2099-01-01"}`, "invoice-id"},
		{"PATCH", "/api/v1/invoices/a%ffb", `{"notes":"x"}`, "invoice-id"},
		{"DELETE", "/api/v1/invoices/%ff", "", "invoice-id"},
		{"POST", "/api/v1/invoices/%ff/process", "", "invoice-id"},
		{"POST", "/api/v1/invoices/%C3%28/cancel", "", "invoice-id"},
		{"GET", "/api/v1/revenue-calculations/%ed%a0%80", "", "calculation-id"},
	} {
		r := e.do(req{method: c.method, path: c.path, body: c.body})
		expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
		if violations(t, r)[c.field] == "" || !strings.Contains(r.Env.GetMessage(), c.field) {
			t.Errorf("%s %s: the answer does not name %s: %s", c.method, c.path, c.field, r.Body)
		}
	}
	for _, path := range []string{"/api/v1/invoices?customerId=%ff", "/api/v1/customers/cus_1/invoices?status=%ff"} {
		r := e.do(req{method: "GET", path: path})
		expect(t, r, http.StatusBadRequest, "INVALID_PARAMETER")
		if len(violations(t, r)) != 1 {
			t.Errorf("%s: %s", path, r.Body)
		}
	}
}

// TestUnmatchedNonUTF8PathsAreRoutingErrors: a path no route takes, or a
// method a path does not allow, answers 404 / 405 even when the path holds
// bytes that are not UTF-8, with or without credentials; the message echoes
// the path with those bytes percent-escaped (it was 500 RESPONSE_INVALID).
func TestUnmatchedNonUTF8PathsAreRoutingErrors(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		method, path string
		status       int
		code, echo   string
	}{
		{"GET", "/api/v1/foo%ff", http.StatusNotFound, "ROUTE_NOT_FOUND", "/api/v1/foo%FF"},
		{"POST", "/api/v1/payments/%ff", http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "/api/v1/payments/%FF"},
		{"DELETE", "/api/v1/invoices/%ff/payments", http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "/api/v1/invoices/%FF/payments"},
	} {
		for _, noAuth := range []bool{true, false} {
			r := e.do(req{method: c.method, path: c.path, noAuth: noAuth})
			expect(t, r, c.status, c.code)
			if !utf8.Valid(r.Body) || !strings.Contains(r.Env.GetMessage(), c.echo) {
				t.Errorf("%s %s (no auth %v): message %q does not echo %q", c.method, c.path, noAuth, r.Env.GetMessage(), c.echo)
			}
		}
	}
}

// TestLoneSurrogateInBodyIsRefused: JSON escapes that are not a Unicode
// character are refused naming the field, never stored as U+FFFD.
func TestLoneSurrogateInBodyIsRefused(t *testing.T) {
	e := newEnv(t)
	r := e.do(req{method: "POST", path: "/api/v1/customers", body: `{"name":"Acme \ud800","email":"ap@acme.example","defaultCurrency":"USD"}`})
	expect(t, r, http.StatusBadRequest, "MALFORMED_JSON")
	if violations(t, r)["name"] == "" {
		t.Errorf("the answer does not name the field: %s", r.Body)
	}
	c := e.createCustomer("Surrogates", "USD")
	r = e.do(req{method: "POST", path: "/api/v1/invoices", body: `{"customerId":"` + c.Id + `","dueDate":"2099-12-31","lineItems":[{"description":"ok","quantity":1,"unitAmount":"1.00"},{"description":"\udc00 tail","quantity":1,"unitAmount":"1.00"}]}`})
	expect(t, r, http.StatusBadRequest, "MALFORMED_JSON")
	if violations(t, r)["lineItems[1].description"] == "" {
		t.Errorf("the answer does not name the field: %s", r.Body)
	}
	r = e.do(req{method: "POST", path: "/api/v1/customers", body: `{"name":"bad \x escape","email":"ap@acme.example","defaultCurrency":"USD"}`})
	expect(t, r, http.StatusBadRequest, "MALFORMED_JSON")
	r = e.do(req{method: "GET", path: "/api/v1/customers?pageSize=100"})
	expect(t, r, http.StatusOK, "")
	if r.Env.GetTotalItems() != 1 || strings.Contains(string(r.Body), `\ufffd`) || strings.Contains(string(r.Body), "\uFFFD") {
		t.Errorf("a refused body was stored: %s", r.Body)
	}
}

// TestAuthorizationLimitIsOneNumber: an Authorization value of 8192 bytes
// (the limit the service holds too) reaches the service as it was sent; one
// byte more is 431 HEADER_TOO_LARGE from the gateway.
func TestAuthorizationLimitIsOneNumber(t *testing.T) {
	stub, addr := startStub(t)
	_, base := startGateway(t, addr)
	spec := loadContract(t, base)
	spec.strict = false
	atLimit := "Apikey " + strings.Repeat("k", 8192-len("Apikey "))
	r := doHTTP(t, base, spec, req{method: "GET", path: "/api/v1/customers/limit", auth: atLimit})
	expect(t, r, http.StatusOK, "")
	stub.mu.Lock()
	got := stub.metadata[len(stub.metadata)-1].Get("authorization")
	stub.mu.Unlock()
	if len(got) != 1 || got[0] != atLimit {
		t.Errorf("the service did not get the 8192-byte credential as sent")
	}
	r = doHTTP(t, base, spec, req{method: "GET", path: "/api/v1/customers/limit", auth: atLimit + "k"})
	expect(t, r, http.StatusRequestHeaderFieldsTooLarge, "HEADER_TOO_LARGE")
	if !strings.Contains(r.Env.GetMessage(), "8192") {
		t.Errorf("the message does not say the limit: %q", r.Env.GetMessage())
	}
}

// TestReconnectNoticesTheServiceQuickly: while the service is away the
// gateway keeps trying about once a second (gRPC's default backoff grows to
// two minutes), and once it is back /readyz says so within about a second.
func TestReconnectNoticesTheServiceQuickly(t *testing.T) {
	// A port that takes connections and drops them: the service is away,
	// and every attempt to reach it can be counted.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	var attempts atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			attempts.Add(1)
			c.Close()
		}
	}()
	_, base := startGateway(t, addr)
	const away = 6 * time.Second
	start := time.Now()
	for time.Since(start) < away {
		r := doHTTP(t, base, nil, req{method: "GET", path: "/readyz"})
		expect(t, r, http.StatusServiceUnavailable, "UPSTREAM_UNAVAILABLE")
		time.Sleep(100 * time.Millisecond)
	}
	ln.Close()
	// Bounded at 1 s (±20% jitter) the attempts come at least every 1.2 s;
	// gRPC's default backoff (1 s × 1.6ⁿ) makes at most 4 in 6 s.
	if n := attempts.Load(); n < 5 {
		t.Errorf("only %d connection attempts in %v: the reconnect backoff is not bounded", n, away)
	}

	server := startServerAt(t, addr)
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{}, grpc.WaitForReady(true))
	if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("billing-server did not come up: %v\n%s", err, server.stderr.String())
	}
	serving := time.Now()
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(serving) > 3*time.Second {
			t.Fatalf("/readyz still not 200 %v after the service came back", time.Since(serving))
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("gateway ready %v after the service", time.Since(serving).Round(time.Millisecond))
}

// TestTooLargeBodySentFirstGets413: a client that writes the whole request
// before reading (Python's urllib and requests do), over a slow link, reads
// the 413 envelope, not a connection reset, with or without Content-Length.
func TestTooLargeBodySentFirstGets413(t *testing.T) {
	e := newEnv(t)
	payload := `{"name":"` + strings.Repeat("a", 3<<20) + `","email":"a@example.com","defaultCurrency":"USD"}`
	chunked := fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(payload), payload)
	for name, framing := range map[string]struct{ header, body string }{
		"content-length": {fmt.Sprintf("Content-Length: %d\r\n", len(payload)), payload},
		"chunked":        {"Transfer-Encoding: chunked\r\n", chunked},
	} {
		t.Run(name, func(t *testing.T) {
			conn, err := net.Dial("tcp", strings.TrimPrefix(e.base, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(30 * time.Second))
			request := "POST /api/v1/customers HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n" +
				"Authorization: Apikey " + e.key + "\r\n" + framing.header + "\r\n" + framing.body
			// At the pace of a slow uplink (3 MiB in about 1.2 s): longer
			// than net/http waits after closing its side (500 ms).
			for len(request) > 0 {
				n := min(64<<10, len(request))
				if _, err := io.WriteString(conn, request[:n]); err != nil {
					t.Fatalf("the gateway broke the connection while the body was sent: %v", err)
				}
				request = request[n:]
				time.Sleep(25 * time.Millisecond)
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatalf("no answer after sending the body: %v", err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			env, err := gateway.DecodeEnvelope(body)
			if err != nil {
				t.Fatalf("answer %d is not the envelope: %v", resp.StatusCode, err)
			}
			if resp.StatusCode != http.StatusRequestEntityTooLarge || env.GetErrorCode() != "PAYLOAD_TOO_LARGE" {
				t.Fatalf("got %d %q", resp.StatusCode, env.GetErrorCode())
			}
			record(&reply{Status: resp.StatusCode, Env: env}, false)
		})
	}
	r := e.do(req{method: "GET", path: "/api/v1/customers"})
	expect(t, r, http.StatusOK, "")
	if r.Env.GetTotalItems() != 0 {
		t.Errorf("a refused body was stored: %s", r.Body)
	}
}
