package e2e

import (
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	billingv1 "billing/gateway/gen/billing/v1"
)

// stubUpstream is a gRPC CustomerService that answers what a test asks for
// through the customer id, so that the real gateway binary can be driven
// through the gRPC codes and broken answers the real service never gives.
// InvoiceService is not registered at all: calls to it are UNIMPLEMENTED.
type stubUpstream struct {
	billingv1.UnimplementedCustomerServiceServer
	mu       sync.Mutex
	metadata []metadata.MD
}

func withReason(c codes.Code, reason, msg string) error {
	st, err := status.New(c, msg).WithDetails(&errdetails.ErrorInfo{Reason: reason, Domain: "billing.v1"})
	if err != nil {
		panic(err)
	}
	return st.Err()
}

func (s *stubUpstream) record(ctx context.Context) {
	md, _ := metadata.FromIncomingContext(ctx)
	s.mu.Lock()
	s.metadata = append(s.metadata, md)
	s.mu.Unlock()
}

func (s *stubUpstream) GetCustomer(ctx context.Context, r *billingv1.GetCustomerRequest) (*billingv1.Customer, error) {
	s.record(ctx)
	switch r.GetCustomerId() {
	case "unauthenticated":
		return nil, withReason(codes.Unauthenticated, "UNAUTHENTICATED", "no credentials")
	case "permission":
		return nil, withReason(codes.PermissionDenied, "PERMISSION_DENIED", "not yours")
	case "aborted":
		return nil, withReason(codes.Aborted, "ABORTED", "concurrent change, retry")
	case "exhausted":
		st, _ := status.New(codes.ResourceExhausted, "slow down").WithDetails(
			&errdetails.ErrorInfo{Reason: "RATE_LIMITED", Domain: "billing.v1"},
			&errdetails.RetryInfo{RetryDelay: durationpb.New(3 * time.Second)})
		return nil, st.Err()
	case "unimplemented":
		return nil, status.Error(codes.Unimplemented, "not here")
	case "internal":
		return nil, withReason(codes.Internal, "INTERNAL", "sqlite3_step: database disk image is malformed at /srv/billing.db")
	case "unknown":
		return nil, status.Error(codes.Unknown, "panic: nil map in handler.go:42")
	case "dataloss":
		return nil, status.Error(codes.DataLoss, "lost the page")
	case "outofrange":
		return nil, status.Error(codes.OutOfRange, "past the end")
	case "dbdown":
		return nil, withReason(codes.Unavailable, "DATABASE_UNAVAILABLE", "the database is busy; retry")
	case "slow":
		select {
		case <-time.After(5 * time.Second):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	case "slowok":
		time.Sleep(1500 * time.Millisecond)
	case "hugetrailer":
		return nil, hugeTrailerError()
	case "badtime":
		return &billingv1.Customer{Id: "badtime", CreateTime: &timestamppb.Timestamp{Seconds: 1 << 40}}, nil
	}
	return &billingv1.Customer{Id: r.GetCustomerId(), Name: "Stub", Email: "stub@example.com", DefaultCurrency: "USD",
		CreateTime: timestamppb.Now(), UpdateTime: timestamppb.Now()}, nil
}

// hugeTrailerError is a status whose BadRequest details, base64 in the
// grpc-status-details-bin trailer, are one header value of over 16 MiB:
// past any HTTP/2 client's default limits, as a service building a million
// field violations once sent.
func hugeTrailerError() error {
	br := &errdetails.BadRequest{}
	description := strings.Repeat("x", 100)
	for i := 0; i < 130_000; i++ {
		br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{
			Field: "line_items[" + strconv.Itoa(i) + "].unit_amount", Description: description})
	}
	st, err := status.New(codes.InvalidArgument, "too many violations").WithDetails(br)
	if err != nil {
		panic(err)
	}
	return st.Err()
}

// ListCustomers answers paging figures that disagree with the items.
func (s *stubUpstream) ListCustomers(ctx context.Context, r *billingv1.ListCustomersRequest) (*billingv1.ListCustomersResponse, error) {
	s.record(ctx)
	return &billingv1.ListCustomersResponse{
		Customers: []*billingv1.Customer{{Id: "only-one"}},
		Page:      1, PageSize: 2, TotalItems: 10, TotalPages: 5,
	}, nil
}

func startStub(t *testing.T) (*stubUpstream, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stub := &stubUpstream{}
	srv := grpc.NewServer()
	billingv1.RegisterCustomerServiceServer(srv, stub)
	hs := health.NewServer()
	hs.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	healthpb.RegisterHealthServer(srv, hs)
	go srv.Serve(ln)
	t.Cleanup(srv.Stop)
	return stub, ln.Addr().String()
}

// TestStatusMappingThroughStub reaches each HTTP status of the table that
// the real service never produces, and pins the mapping of the auth codes
// on answers the test controls (a reason the gateway does not know, a
// RetryInfo of 3 s); the real service's own 401/403/429 are in auth_test.go.
func TestStatusMappingThroughStub(t *testing.T) {
	stub, addr := startStub(t)
	_, base := startGateway(t, addr, "--upstream-timeout=700ms")
	spec := loadContract(t, base)
	spec.strict = false
	cases := []struct {
		id      string
		status  int
		code    string
		message string
	}{
		{"unauthenticated", 401, "UNAUTHENTICATED", "no credentials"},
		{"permission", 403, "PERMISSION_DENIED", "not yours"},
		{"aborted", 409, "ABORTED", "concurrent change, retry"},
		{"exhausted", 429, "RATE_LIMITED", "slow down"},
		{"unimplemented", 501, "UNIMPLEMENTED", "not here"},
		{"internal", 500, "INTERNAL", ""},
		{"unknown", 500, "INTERNAL", ""},
		{"dataloss", 500, "INTERNAL", ""},
		{"outofrange", 500, "INTERNAL", ""},
		{"dbdown", 503, "DATABASE_UNAVAILABLE", "the database is busy; retry"},
		{"slow", 504, "UPSTREAM_TIMEOUT", ""},
		{"badtime", 500, "RESPONSE_INVALID", ""},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			r := doHTTP(t, base, spec, req{method: "GET", path: "/api/v1/customers/" + c.id})
			expect(t, r, c.status, c.code)
			if c.message != "" && r.Env.GetMessage() != c.message {
				t.Errorf("message %q, want %q", r.Env.GetMessage(), c.message)
			}
			switch c.status {
			case 429:
				if r.Header.Get("Retry-After") != "3" {
					t.Errorf("Retry-After %q, want the service's RetryInfo", r.Header.Get("Retry-After"))
				}
			case 401:
				if len(r.Header.Values("WWW-Authenticate")) == 0 {
					t.Error("401 without WWW-Authenticate")
				}
			}
			if strings.Contains(r.Env.GetMessage(), "sqlite") || strings.Contains(r.Env.GetMessage(), "handler.go") {
				t.Errorf("internal detail leaked: %q", r.Env.GetMessage())
			}
			if r.Env.GetType() != "" || rawData(t, r) != "null" {
				t.Errorf("data %s", rawData(t, r))
			}
		})
	}

	// A whole service missing upstream: UNIMPLEMENTED → 501.
	r := doHTTP(t, base, spec, req{method: "GET", path: "/api/v1/invoices"})
	expect(t, r, 501, "UNIMPLEMENTED")

	// A list whose figures disagree with its items never leaves the gateway.
	r = doHTTP(t, base, spec, req{method: "GET", path: "/api/v1/customers?pageSize=2", header: map[string]string{"X-Request-ID": "crosscheck-1"}})
	expect(t, r, 500, "RESPONSE_INVALID")
	if r.Env.GetRequestId() != "crosscheck-1" || strings.Contains(string(r.Body), "only-one") {
		t.Errorf("RESPONSE_INVALID body %s", r.Body)
	}

	// Only the settled request id goes upstream: no client header, however
	// spelled, is passed through, except Authorization (grpc-gateway always
	// forwards it, as the credentials are the service's to check).
	r = doHTTP(t, base, spec, req{method: "GET", path: "/api/v1/customers/plain", header: map[string]string{
		"X-Request-ID": "bad id", "Grpc-Metadata-X-Request-Id": "forged", "Authorization": "Bearer secret", "Cookie": "a=b",
		"X-Forwarded-For": "6.6.6.6",
	}})
	expect(t, r, 200, "")
	stub.mu.Lock()
	md := stub.metadata[len(stub.metadata)-1]
	stub.mu.Unlock()
	if got := md.Get("authorization"); len(got) != 1 || got[0] != "Bearer secret" {
		t.Errorf("Authorization must reach the service as authorization metadata, got %v", got)
	}
	// The service throttles failed authentication by client address: for
	// calls from the gateway, the last x-forwarded-for entry, which is the
	// address the gateway saw, whatever the client claims.
	if got := md.Get("x-forwarded-for"); len(got) != 1 || !strings.HasSuffix(got[0], ", 127.0.0.1") && got[0] != "127.0.0.1" {
		t.Errorf("x-forwarded-for %v: its last entry must be the client's address", got)
	}
	if got := md.Get("x-request-id"); len(got) != 1 || got[0] != r.Header.Get("X-Request-ID") || got[0] == "bad id" {
		t.Errorf("upstream x-request-id %v, settled %q", got, r.Header.Get("X-Request-ID"))
	}
	for k, v := range md {
		if k != "authorization" && strings.Contains(strings.Join(v, ","), "secret") || strings.Contains(strings.Join(v, ","), "forged") || k == "cookie" {
			t.Errorf("client header leaked upstream: %s=%v", k, v)
		}
	}
}

// TestGracefulShutdown: on SIGTERM the gateway stops taking connections,
// finishes the request in flight, and exits 0.
func TestGracefulShutdown(t *testing.T) {
	stub, addr := startStub(t)
	g, base := startGateway(t, addr)
	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.Get(base + "/api/v1/customers/slowok")
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- result{resp.StatusCode, string(b), err}
	}()
	// SIGTERM once the request is in flight: the stub holds it for 1.5 s.
	deadline := time.Now().Add(10 * time.Second)
	for {
		stub.mu.Lock()
		n := len(stub.metadata)
		stub.mu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the request never reached the upstream")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := g.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if r.err != nil || r.status != http.StatusOK || !strings.Contains(r.body, `"success":true`) {
			t.Fatalf("request in flight: %d %v %s", r.status, r.err, r.body)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the request in flight did not finish")
	}
	select {
	case <-g.done:
		if g.err != nil {
			t.Fatalf("gateway exit: %v\n%s", g.err, g.stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("gateway did not exit after SIGTERM")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Fatal("gateway still answers after shutdown")
	}
	if !strings.Contains(g.stderr.String(), "billing-gateway stopped") {
		t.Errorf("no clean stop in the log:\n%s", g.stderr.String())
	}
}
