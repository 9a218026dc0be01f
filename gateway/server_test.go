package gateway

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	billingv1 "billing/gateway/gen/billing/v1"
)

func TestValidRequestID(t *testing.T) {
	for _, id := range []string{"a", "req-1", "A.b_C-9", strings.Repeat("x", 128), "550e8400-e29b-41d4-a716-446655440000"} {
		if !validRequestID(id) {
			t.Errorf("%q refused", id)
		}
	}
	for _, id := range []string{"", strings.Repeat("x", 129), "has space", "semi;colon", "slash/", "ünï", "new\nline", "a,b"} {
		if validRequestID(id) {
			t.Errorf("%q accepted", id)
		}
	}
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		id := newRequestID()
		if !validRequestID(id) || seen[id] {
			t.Fatalf("generated id %q invalid or repeated", id)
		}
		seen[id] = true
	}
}

func TestWithRequestID(t *testing.T) {
	var got string
	h := withRequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = exchangeFrom(r.Context()).RequestID
	}))
	for sent, keep := range map[string]bool{"client-id-1": true, "bad id!": false, "": false, strings.Repeat("a", 200): false} {
		r := httptest.NewRequest(http.MethodGet, "/x", nil)
		if sent != "" {
			r.Header.Set("X-Request-ID", sent)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Header().Get("X-Request-ID") != got {
			t.Errorf("header %q, context %q", w.Header().Get("X-Request-ID"), got)
		}
		if keep && got != sent {
			t.Errorf("well-formed %q replaced by %q", sent, got)
		}
		if !keep && (got == sent || !validRequestID(got)) {
			t.Errorf("malformed %q kept or replaced by invalid %q", sent, got)
		}
	}
}

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
		got[rt.label] = true
	}
	for _, want := range []string{"/api/v1/customers/{customer-id}", "/api/v1/customers/{customer-id}/invoices",
		"/api/v1/invoices/{invoice-id}", "/api/v1/invoices", "/api/v1/revenue-calculations/{calculation-id}"} {
		if !got[want] {
			t.Errorf("no route labelled %s (have %v)", want, got)
		}
	}
}

// The status is final only once the body starts: a success's status set by
// the forward-response option gives way to the 500 of an envelope that
// failed its cross-check.
func TestRecordingWriterHoldsTheStatusUntilTheBody(t *testing.T) {
	rec := httptest.NewRecorder()
	w := &recordingWriter{ResponseWriter: rec}
	w.WriteHeader(http.StatusCreated)
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte("{}"))
	w.WriteHeader(http.StatusOK) // too late: the body has started
	if rec.Code != http.StatusInternalServerError || w.status != http.StatusInternalServerError {
		t.Errorf("sent %d, recorded %d", rec.Code, w.status)
	}
	rec = httptest.NewRecorder()
	w = &recordingWriter{ResponseWriter: rec}
	w.WriteHeader(http.StatusNoContent)
	w.sendHeader()
	if rec.Code != http.StatusNoContent || rec.Body.Len() != 0 {
		t.Errorf("204: %d %q", rec.Code, rec.Body.String())
	}
}

func TestVersionHeaders(t *testing.T) {
	dep := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	sun := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	p := VersionPolicy{Deprecation: &dep, Sunset: &sun, Successor: "v2"}
	h := http.Header{}
	p.headers(h)
	if got := h.Get("Deprecation"); got != "@1780272000" {
		t.Errorf("Deprecation %q", got)
	}
	if got := h.Get("Sunset"); got != "Fri, 01 Jan 2027 12:00:00 GMT" {
		t.Errorf("Sunset %q", got)
	}
	if got := h.Get("Link"); got != `</api/v2>; rel="successor-version"` {
		t.Errorf("Link %q", got)
	}
	if h.Get("Warning") != "" {
		t.Error("no Warning header")
	}
	if e := p.sunsetError("v1", sun.Add(-time.Second)); e != nil {
		t.Errorf("before sunset: %v", e)
	}
	e := p.sunsetError("v1", sun)
	if e == nil || e.Status != http.StatusGone || e.Code != CodeVersionSunset || !strings.Contains(e.Message, "v2") {
		t.Fatalf("at sunset: %+v", e)
	}
	// A current version has no headers.
	h = http.Header{}
	VersionPolicy{}.headers(h)
	if len(h) != 0 {
		t.Errorf("current version headers %v", h)
	}
}

func TestLoadVersionConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(body string) string {
		p := filepath.Join(dir, "v.yaml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	served := map[string]bool{"v1": true}
	cfg, err := loadVersionConfig(write("versions:\n  v1:\n    deprecation: 2026-06-01T00:00:00Z\n    sunset: 2027-01-01T00:00:00Z\n    successor: v2\n"), served)
	if err != nil {
		t.Fatal(err)
	}
	if p := cfg.Versions["v1"]; p.Deprecation == nil || p.Sunset == nil || p.Successor != "v2" || p.link() != "/api/v2" {
		t.Fatalf("%+v", p)
	}
	for name, body := range map[string]string{
		"unknown version":        "versions:\n  v7:\n    deprecation: 2026-06-01T00:00:00Z\n",
		"sunset w/o deprecation": "versions:\n  v1:\n    sunset: 2027-01-01T00:00:00Z\n",
		"sunset before":          "versions:\n  v1:\n    deprecation: 2027-06-01T00:00:00Z\n    sunset: 2027-01-01T00:00:00Z\n",
		"bad successor":          "versions:\n  v1:\n    deprecation: 2026-06-01T00:00:00Z\n    successor: next\n",
		"self successor":         "versions:\n  v1:\n    deprecation: 2026-06-01T00:00:00Z\n    successor: v1\n",
		"not a date":             "versions:\n  v1:\n    deprecation: soon\n",
		"unknown key":            "versions:\n  v1:\n    deprecated: 2026-06-01T00:00:00Z\n",
	} {
		if _, err := loadVersionConfig(write(body), served); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if cfg, err := loadVersionConfig("", served); err != nil || len(cfg.Versions) != 0 {
		t.Fatalf("no file: %v %v", cfg, err)
	}
}

func TestNotModifiedOnlyForTheCurrentETag(t *testing.T) {
	serve := func(ifNoneMatch string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/api/v1/invoices/inv_1", nil)
		if ifNoneMatch != "" {
			r.Header.Set("If-None-Match", ifNoneMatch)
		}
		w := newRecordingWriter(rec, r)
		w.Header().Set("ETag", `"v2"`)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"data":{}}`))
		w.sendHeader()
		return rec
	}
	for inm, want := range map[string]int{`"v2"`: 304, `"v1", "v2"`: 304, `W/"v2"`: 304, "*": 304, `"v1"`: 200, "": 200} {
		rec := serve(inm)
		if rec.Code != want {
			t.Errorf("If-None-Match %q: %d, want %d", inm, rec.Code, want)
		}
		if want == 304 && (rec.Body.Len() != 0 || rec.Header().Get("Content-Type") != "") {
			t.Errorf("If-None-Match %q: a 304 with a body or Content-Type", inm)
		}
	}
}
