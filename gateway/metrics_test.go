package gateway

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	billingv1 "billing/gateway/gen/billing/v1"
)

// notFoundInvoices answers every GetInvoice with NOT_FOUND.
type notFoundInvoices struct {
	billingv1.UnimplementedInvoiceServiceServer
}

func (notFoundInvoices) GetInvoice(context.Context, *billingv1.GetInvoiceRequest) (*billingv1.Invoice, error) {
	return nil, status.Error(codes.NotFound, "no such invoice")
}

// newMetricsTestGateway is the real handler in front of an in-process gRPC
// upstream, its connection wired to the metrics as Run wires it.
func newMetricsTestGateway(t *testing.T) http.Handler {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	billingv1.RegisterInvoiceServiceServer(srv, notFoundInvoices{})
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(srv.Stop)
	m := newMetrics()
	conn, err := grpc.NewClient(ln.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithChainUnaryInterceptor(m.observeUpstream))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	g, err := newGateway(conn, Options{UpstreamTimeout: 5 * time.Second}, m)
	if err != nil {
		t.Fatal(err)
	}
	g.access = newAccessLogger(io.Discard)
	return g.handler()
}

func scrape(t *testing.T, h http.Handler) string {
	t.Helper()
	w, _ := do(t, h, "GET", MetricsPath, "")
	if w.Code != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", w.Code, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("GET /metrics: Content-Type %q, want Prometheus text", ct)
	}
	return w.Body.String()
}

func wantLines(t *testing.T, text string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains("\n"+text, "\n"+l+"\n") {
			t.Errorf("/metrics lacks the line %q", l)
		}
	}
}

func TestMetricsCountRequestsByRoutePattern(t *testing.T) {
	h := newMetricsTestGateway(t)
	for i := 0; i < 2; i++ {
		if w, e := do(t, h, "GET", "/api/v1/invoices/inv_missing"+string(rune('a'+i)), ""); w.Code != http.StatusNotFound {
			t.Fatalf("GET invoice: %d %+v", w.Code, e)
		}
	}
	if w, _ := do(t, h, "GET", "/no/such/route", ""); w.Code != http.StatusNotFound {
		t.Fatalf("unknown route: %d", w.Code)
	}
	if w, _ := do(t, h, "BREW", "/api/v1/invoices", ""); w.Code != http.StatusMethodNotAllowed {
		t.Fatalf("BREW: %d", w.Code)
	}
	if w, _ := do(t, h, "GET", "/healthz", ""); w.Code != http.StatusOK {
		t.Fatalf("healthz: %d", w.Code)
	}
	text := scrape(t, h)
	wantLines(t, text,
		`billing_gateway_http_requests_total{method="GET",route="/api/v1/invoices/{invoice-id}",status="404"} 2`,
		`billing_gateway_http_request_duration_seconds_count{method="GET",route="/api/v1/invoices/{invoice-id}"} 2`,
		`billing_gateway_http_request_duration_seconds_bucket{method="GET",route="/api/v1/invoices/{invoice-id}",le="+Inf"} 2`,
		`billing_gateway_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`billing_gateway_http_requests_total{method="OTHER",route="unmatched",status="405"} 1`,
		`billing_gateway_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`billing_gateway_upstream_errors_total{grpc_code="NotFound",grpc_method="/billing.v1.InvoiceService/GetInvoice"} 2`,
	)
	// Raw paths and ids never become labels.
	for _, raw := range []string{"inv_missing", "/no/such/route", "BREW"} {
		if strings.Contains(text, raw) {
			t.Errorf("/metrics names %q: a raw path or method became a label", raw)
		}
	}
	// The scrape itself is counted by the next one, with no credential.
	wantLines(t, scrape(t, h), `billing_gateway_http_requests_total{method="GET",route="/metrics",status="200"} 1`)
}

func TestMetricsOnlyGET(t *testing.T) {
	h := newMetricsTestGateway(t)
	w, e := do(t, h, "POST", MetricsPath, "")
	if w.Code != http.StatusMethodNotAllowed || e.GetErrorCode() != CodeMethodNotAllowed || w.Header().Get("Allow") != "GET" {
		t.Errorf("POST /metrics: %d %+v Allow %q", w.Code, e, w.Header().Get("Allow"))
	}
}

func TestPublishedTemplates(t *testing.T) {
	routes := testRoutes(t)
	got := map[string]bool{}
	for _, rt := range routes.routes {
		got[publishedTemplate(rt)] = true
	}
	for _, want := range []string{"/api/v1/customers/{customer-id}", "/api/v1/customers/{customer-id}/invoices",
		"/api/v1/invoices/{invoice-id}", "/api/v1/invoices", "/api/v1/revenue-calculations/{calculation-id}"} {
		if !got[want] {
			t.Errorf("no route labelled %s (have %v)", want, got)
		}
	}
}
