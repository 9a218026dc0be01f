package e2e

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestMetrics: after real calls through the real gateway and server,
// /metrics (no credential) counts them by route pattern and status, and
// counts the service's refusal as an upstream error.
func TestMetrics(t *testing.T) {
	e := newEnv(t)
	r := e.do(req{method: "POST", path: "/api/v1/customers",
		body: `{"name":"Metered","email":"metered@example.com","defaultCurrency":"USD"}`})
	expect(t, r, http.StatusCreated, "")
	r = e.do(req{method: "GET", path: "/api/v1/customers/" + r.Header.Get("Location")[len("/api/v1/customers/"):]})
	expect(t, r, http.StatusOK, "")
	r = e.do(req{method: "GET", path: "/api/v1/invoices/inv_metrics_missing"})
	if r.Status != http.StatusNotFound {
		t.Fatalf("missing invoice: %d %s", r.Status, r.Body)
	}

	resp, err := http.Get(e.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics without a credential: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	text := "\n" + string(body)
	for _, line := range []string{
		`billing_gateway_http_requests_total{method="POST",route="/api/v1/customers",status="201"} 1`,
		`billing_gateway_http_requests_total{method="GET",route="/api/v1/customers/{customer-id}",status="200"} 1`,
		`billing_gateway_http_requests_total{method="GET",route="/api/v1/invoices/{invoice-id}",status="404"} 1`,
		`billing_gateway_http_request_duration_seconds_count{method="POST",route="/api/v1/customers"} 1`,
		`billing_gateway_upstream_errors_total{grpc_code="NotFound",grpc_method="/billing.v1.InvoiceService/GetInvoice"} 1`,
	} {
		if !strings.Contains(text, "\n"+line+"\n") {
			t.Errorf("/metrics lacks %q", line)
		}
	}
	if strings.Contains(text, "inv_metrics_missing") {
		t.Errorf("/metrics names a raw path")
	}
}
