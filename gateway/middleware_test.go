package gateway

import (
	"net/http"
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

func TestRoutesFromAPIConfig(t *testing.T) {
	routes := testRoutes(t)
	if len(routes.routes) != 18 {
		t.Fatalf("%d routes, want 18", len(routes.routes))
	}
	if !routes.versions["v1"] || len(routes.versions) != 1 {
		t.Fatalf("versions %v", routes.versions)
	}
	cases := []struct {
		method, path, selector string
		allowed                string
	}{
		{"POST", "/api/v1/customers", "billing.v1.CustomerService.CreateCustomer", ""},
		{"GET", "/api/v1/customers/abc", "billing.v1.CustomerService.GetCustomer", ""},
		{"GET", "/api/v1/customers/abc/invoices", "billing.v1.InvoiceService.ListInvoices", ""},
		{"POST", "/api/v1/invoices/inv_1/process", "billing.v1.InvoiceService.ProcessInvoice", ""},
		{"GET", "/api/v1/revenue-calculations/r1", "billing.v1.RevenueCalculationService.GetRevenueCalculation", ""},
		{"PATCH", "/api/v1/customers", "", "GET, POST"},
		{"POST", "/api/v1/customers/abc", "", "GET, PUT, PATCH, DELETE"},
		{"GET", "/api/v1/invoices/inv_1/cancel", "", "POST"},
		{"DELETE", "/api/v1/revenue-calculations/r1", "", "GET"},
		{"GET", "/api/v1/nothing", "", ""},
		{"GET", "/api/v1/customers/", "", ""},
		{"GET", "/api/v1/customers//invoices", "", ""},
	}
	for _, c := range cases {
		rt, allowed := routes.match(c.method, c.path)
		got := ""
		if rt != nil {
			got = rt.Selector
		}
		if got != c.selector || joinMethods(allowed) != c.allowed {
			t.Errorf("%s %s → %q allowed %v", c.method, c.path, got, allowed)
		}
	}
	create, _ := routes.match(http.MethodPost, "/api/v1/customers")
	if create.Body == nil || create.Body.Name() != "Customer" || len(create.Query) != 0 {
		t.Errorf("create: body %v query %v", create.Body, create.Query)
	}
	list, _ := routes.match(http.MethodGet, "/api/v1/invoices")
	if list.Body != nil || len(list.Query) != 5 || list.Query["pageSize"] == nil || list.Query["customerId"] == nil || list.Query["pageToken"] == nil {
		t.Errorf("list query %v", list.Query)
	}
	process, _ := routes.match(http.MethodPost, "/api/v1/invoices/x/process")
	if process.Body != nil || len(process.Query) != 0 {
		t.Errorf("process: body %v query %v", process.Body, process.Query)
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
