package gateway

import (
	"testing"
)

func TestAcceptsJSON(t *testing.T) {
	yes := [][]string{
		nil,
		{""},
		{"application/json"},
		{"*/*"},
		{"application/*"},
		{"text/html, application/json;q=0.5"},
		{"text/html", "application/json"},
		{"application/json; charset=utf-8"},
		{"text/html;q=0.9, */*;q=0.1"},
		{"*/*;q=0, application/json"},
	}
	no := [][]string{
		{"text/html"},
		{"application/xml, text/plain"},
		{"application/json;q=0"},
		{"application/json;q=0, */*"},
		{"application/*;q=0, text/*"},
		{"*/*;q=0"},
		{"image/png"},
	}
	for _, v := range yes {
		if !acceptsJSON(v) {
			t.Errorf("%q refused", v)
		}
	}
	for _, v := range no {
		if acceptsJSON(v) {
			t.Errorf("%q accepted", v)
		}
	}
}

func TestIsJSONContentType(t *testing.T) {
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON; charset=UTF-8", "application/json;charset=\"utf-8\""} {
		if !isJSONContentType(ct) {
			t.Errorf("%q refused", ct)
		}
	}
	for _, ct := range []string{"", "text/plain", "application/json; charset=latin1", "application/x-www-form-urlencoded",
		"application/merge-patch+json", "application/json; boundary=x"} {
		if isJSONContentType(ct) {
			t.Errorf("%q accepted", ct)
		}
	}
}

// The mux routes; 404 and 405 with Allow come from its routing-error
// handler, and Allow lists what the mux itself routes for the path.
func TestRoutingThroughTheMux(t *testing.T) {
	h := newTestGateway(t, "")
	for _, c := range []struct {
		method, path string
		status       int
		allowed      string
	}{
		{"PATCH", "/api/v1/customers", 405, "GET, POST"},
		{"POST", "/api/v1/customers/abc", 405, "GET, PUT, PATCH, DELETE"},
		{"GET", "/api/v1/invoices/inv_1/cancel", 405, "POST"},
		{"DELETE", "/api/v1/revenue-calculations/r1", 405, "GET"},
		{"GET", "/api/v1/nothing", 404, ""},
		{"GET", "/api/v1/customers//invoices", 404, ""},
	} {
		w, e := do(t, h, c.method, c.path, "")
		if w.Code != c.status || w.Header().Get("Allow") != c.allowed {
			t.Errorf("%s %s → %d %s, Allow %q", c.method, c.path, w.Code, e.GetErrorCode(), w.Header().Get("Allow"))
		}
	}
}

func TestRouteFactsFromAPIConfig(t *testing.T) {
	routes := testRoutes(t)
	if len(routes.routes) != 18 {
		t.Fatalf("%d routes, want 18", len(routes.routes))
	}
	if !routes.versions["v1"] || len(routes.versions) != 1 {
		t.Fatalf("versions %v", routes.versions)
	}
	create := routes.byKey["POST /api/v1/customers"]
	if create.Body == nil || create.Body.Name() != "Customer" || len(create.Query) != 0 {
		t.Errorf("create: body %v query %v", create.Body, create.Query)
	}
	list := routes.byKey["GET /api/v1/invoices"]
	if list.Body != nil || len(list.Query) != 5 || list.Query["pageSize"] == nil || list.Query["customerId"] == nil || list.Query["pageToken"] == nil {
		t.Errorf("list query %v", list.Query)
	}
	process := routes.byKey["POST /api/v1/invoices/{invoice_id}/process"]
	if process.Body != nil || len(process.Query) != 0 || process.Selector != "billing.v1.InvoiceService.ProcessInvoice" {
		t.Errorf("process: %+v", process)
	}
}

func joinMethods(m []string) string {
	out := ""
	for i, s := range m {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}
