package gateway

import (
	"net/url"
	"testing"

	"google.golang.org/protobuf/reflect/protoregistry"
)

func testRoutes(t testing.TB) *routeTable {
	t.Helper()
	rt, err := loadRoutes(apiConfigYAML, protoregistry.GlobalFiles)
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

func TestCheckQuery(t *testing.T) {
	routes := testRoutes(t)
	invoices := routes.byKey["GET /api/v1/invoices"]
	customers := routes.byKey["GET /api/v1/customers"]
	customerInvoices := routes.byKey["GET /api/v1/customers/{customer_id}/invoices"]
	get := routes.byKey["GET /api/v1/customers/{customer_id}"]
	if invoices == nil || customers == nil || customerInvoices == nil || get == nil {
		t.Fatal("routes missing")
	}
	bad := []struct {
		rt    *route
		query string
		field string
	}{
		{customers, "page=-1", "page"},
		{customers, "page=0", "page"},
		{customers, "page=x", "page"},
		{customers, "page=", "page"},
		{customers, "page=99999999999", "page"},
		{customers, "pageSize=0", "pageSize"},
		{customers, "pageSize=1000", "pageSize"},
		{customers, "pageSize=101", "pageSize"},
		{customers, "page=1&page=2", "page"},
		{customers, "page_size=10", "page_size"},
		{customers, "status=draft", "status"},
		{invoices, "status=bogus", "status"},
		{invoices, "status=DRAFT", "status"},
		{invoices, "status=INVOICE_STATUS_DRAFT", "status"},
		{invoices, "status=1", "status"},
		{invoices, "customerId=", "customerId"},
		{customerInvoices, "customerId=cus_2", "customerId"},
		{get, "page=1", "page"},
		{customers, "%zz", ""},
		{invoices, "customerId=%ff", "customerId"},
		{invoices, "customerId=cus_%C3", "customerId"},
	}
	for _, c := range bad {
		_, v := checkQuery(c.rt, c.query)
		if len(v) == 0 || v[0].Field != c.field {
			t.Errorf("%s?%s: violations %+v, want one on %q", c.rt.Template, c.query, v, c.field)
		}
	}
	good := []struct {
		rt          *route
		query, want string
	}{
		{customers, "", ""},
		{customers, "page=2&pageSize=100", "page=2&pageSize=100"},
		{customers, "pageSize=1", "pageSize=1"},
		{invoices, "status=draft&customerId=cus_1", "customerId=cus_1&status=INVOICE_STATUS_DRAFT"},
		{invoices, "status=cancelled", "status=INVOICE_STATUS_CANCELLED"},
		{customerInvoices, "status=paid&page=1", "page=1&status=INVOICE_STATUS_PAID"},
	}
	for _, c := range good {
		got, v := checkQuery(c.rt, c.query)
		if v != nil {
			t.Errorf("%s?%s: %+v", c.rt.Template, c.query, v)
			continue
		}
		gq, _ := url.ParseQuery(got)
		wq, _ := url.ParseQuery(c.want)
		if gq.Encode() != wq.Encode() {
			t.Errorf("%s?%s → %s, want %s", c.rt.Template, c.query, got, c.want)
		}
	}
}

func TestCheckPathRefusesNonUTF8Variables(t *testing.T) {
	routes := testRoutes(t)
	for _, c := range []struct {
		key, value, field string
	}{
		{"GET /api/v1/invoices/{invoice_id}", "\xff", "invoice-id"},
		{"POST /api/v1/invoices/{invoice_id}/process", "\xff", "invoice-id"},
		{"GET /api/v1/customers/{customer_id}", "\xc3\x28", "customer-id"},
		{"GET /api/v1/customers/{customer_id}/invoices", "\xed\xa0\x80", "customer-id"}, // an encoded surrogate
		{"GET /api/v1/revenue-calculations/{revenue_calculation_id}", "\x80", "calculation-id"},
	} {
		rt := routes.byKey[c.key]
		v := checkPath(rt, map[string]string{string(rt.Vars[0].Name()): c.value})
		if len(v) != 1 || v[0].Field != c.field {
			t.Errorf("%s: violations %+v, want one on %s", c.key, v, c.field)
		}
	}
	if v := checkPath(routes.byKey["GET /api/v1/customers/{customer_id}"], map[string]string{"customer_id": "café"}); v != nil {
		t.Errorf("UTF-8 id refused: %+v", v)
	}
}
