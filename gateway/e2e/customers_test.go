package e2e

import (
	"context"
	"encoding/json"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	billingv1 "billing/gateway/gen/billing/v1"
)

func TestCustomers(t *testing.T) {
	e := newEnv(t)

	// POST → 201 + Location, the client's request id echoed.
	r := e.do(req{method: "POST", path: "/api/v1/customers",
		body:   `{"name":"Ada Lovelace","email":"ada@example.com","defaultCurrency":"GBP"}`,
		header: map[string]string{"X-Request-ID": "e2e-create-ada"}})
	expect(t, r, http.StatusCreated, "")
	if r.Header.Get("X-Request-ID") != "e2e-create-ada" || r.Env.GetRequestId() != "e2e-create-ada" {
		t.Fatalf("request id not kept: %q", r.Header.Get("X-Request-ID"))
	}
	if r.Env.GetType() != "Customer" || r.Env.GetMessage() == "" {
		t.Fatalf("type %q", r.Env.GetType())
	}
	ada := &customer{}
	data(t, r, ada)
	if !strings.HasPrefix(ada.Id, "cus_") || ada.Name != "Ada Lovelace" || ada.DefaultCurrency != "GBP" {
		t.Fatalf("created %+v", ada)
	}
	checkTime(t, "createTime", ada.CreateTime, true)
	checkTime(t, "updateTime", ada.UpdateTime, true)
	if r.Header.Get("Location") != "/api/v1/customers/"+ada.Id {
		t.Fatalf("Location %q", r.Header.Get("Location"))
	}

	// GET one.
	r = e.do(req{method: "GET", path: "/api/v1/customers/" + ada.Id})
	expect(t, r, http.StatusOK, "")
	got := &customer{}
	data(t, r, got)
	if got.Id != ada.Id || got.Email != ada.Email || got.Name != ada.Name || got.DefaultCurrency != ada.DefaultCurrency || !proto.Equal(got.CreateTime, ada.CreateTime) {
		t.Fatalf("get %+v, want %+v", got, ada)
	}
	if r.Header.Get("Location") != "" {
		t.Error("a GET has no Location")
	}

	// POST under the caller's own id; the same id again is a conflict.
	r = e.do(req{method: "POST", path: "/api/v1/customers", body: `{"id":"crm-42","name":"Grace","email":"grace@example.com","defaultCurrency":"USD"}`})
	expect(t, r, http.StatusCreated, "")
	if r.Header.Get("Location") != "/api/v1/customers/crm-42" {
		t.Fatalf("Location %q", r.Header.Get("Location"))
	}
	r = e.do(req{method: "POST", path: "/api/v1/customers", body: `{"id":"crm-42","name":"Grace","email":"grace@example.com","defaultCurrency":"USD"}`})
	expect(t, r, http.StatusConflict, "ALREADY_EXISTS")

	// Invalid input: 400 VALIDATION_ERROR naming each field, camelCase.
	r = e.do(req{method: "POST", path: "/api/v1/customers", body: `{"name":"","email":"nope","defaultCurrency":"XXX"}`})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	v := violations(t, r)
	for _, f := range []string{"name", "email", "defaultCurrency"} {
		if v[f] == "" {
			t.Errorf("no violation on %s: %v", f, v)
		}
	}

	// GET a missing one.
	r = e.do(req{method: "GET", path: "/api/v1/customers/cus_doesnotexist"})
	expect(t, r, http.StatusNotFound, "CUSTOMER_NOT_FOUND")

	// PUT: replace (200) an existing one, create (201 + Location) a new id.
	r = e.do(req{method: "PUT", path: "/api/v1/customers/" + ada.Id, body: `{"name":"Ada King","email":"ada@example.org","defaultCurrency":"EUR"}`})
	expect(t, r, http.StatusOK, "")
	data(t, r, got)
	if got.Id != ada.Id || got.Name != "Ada King" || got.DefaultCurrency != "EUR" || r.Header.Get("Location") != "" {
		t.Fatalf("replaced %+v (Location %q)", got, r.Header.Get("Location"))
	}
	r = e.do(req{method: "PUT", path: "/api/v1/customers/ext_7", body: `{"name":"Upserted","email":"up@example.com","defaultCurrency":"JPY"}`})
	expect(t, r, http.StatusCreated, "")
	data(t, r, got)
	if got.Id != "ext_7" || r.Header.Get("Location") != "/api/v1/customers/ext_7" || r.Env.GetType() != "Customer" {
		t.Fatalf("upserted %+v (Location %q)", got, r.Header.Get("Location"))
	}
	r = e.do(req{method: "PUT", path: "/api/v1/customers/ext_7", body: `{"name":"Upserted again","email":"up@example.com","defaultCurrency":"JPY"}`})
	expect(t, r, http.StatusOK, "")
	r = e.do(req{method: "PUT", path: "/api/v1/customers/" + strings.Repeat("x", 65), body: `{"name":"Too long","email":"t@example.com","defaultCurrency":"USD"}`})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")

	// PATCH: only the fields in the body change (the update mask is derived
	// from the body, in proto names: default_currency).
	r = e.do(req{method: "PATCH", path: "/api/v1/customers/" + ada.Id, body: `{"defaultCurrency":"CHF"}`})
	expect(t, r, http.StatusOK, "")
	patched := &customer{}
	data(t, r, patched)
	if patched.DefaultCurrency != "CHF" || patched.Name != "Ada King" || patched.Email != "ada@example.org" {
		t.Fatalf("patched %+v", patched)
	}
	r = e.do(req{method: "PATCH", path: "/api/v1/customers/" + ada.Id, body: `{"name":"Ada","email":"ada@example.net"}`})
	expect(t, r, http.StatusOK, "")
	data(t, r, patched)
	if patched.DefaultCurrency != "CHF" || patched.Name != "Ada" || patched.Email != "ada@example.net" {
		t.Fatalf("patched %+v", patched)
	}
	r = e.do(req{method: "PATCH", path: "/api/v1/customers/" + ada.Id, body: `{"email":"broken"}`})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	if violations(t, r)["email"] == "" {
		t.Errorf("no violation on email")
	}
	// Fetch, modify, send back: the read-only fields and the id GET
	// returned are accepted and ignored, by PATCH and by PUT.
	r = e.do(req{method: "GET", path: "/api/v1/customers/" + ada.Id})
	expect(t, r, http.StatusOK, "")
	var fetched map[string]any
	if err := json.Unmarshal([]byte(rawData(t, r)), &fetched); err != nil {
		t.Fatal(err)
	}
	fetched["name"] = "Ada King"
	sendBack, _ := json.Marshal(fetched)
	r = e.do(req{method: "PATCH", path: "/api/v1/customers/" + ada.Id, body: string(sendBack)})
	expect(t, r, http.StatusOK, "")
	data(t, r, patched)
	if patched.Name != "Ada King" || patched.CreateTime == nil || !sameTime(patched.CreateTime, fetched["createTime"]) {
		t.Errorf("fetched and patched back: %+v", patched)
	}
	fetched["name"] = "Ada Lovelace King"
	sendBack, _ = json.Marshal(fetched)
	r = e.do(req{method: "PUT", path: "/api/v1/customers/" + ada.Id, body: string(sendBack)})
	expect(t, r, http.StatusOK, "")
	// Only read-only fields: nothing it could change, a client's mistake
	// (400 naming them), and nothing changed.
	r = e.do(req{method: "PATCH", path: "/api/v1/customers/" + ada.Id, body: `{"createTime":"2020-01-01T00:00:00Z"}`})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	if violations(t, r)["createTime"] == "" {
		t.Errorf("the answer does not name createTime: %s", r.Body)
	}
	r = e.do(req{method: "GET", path: "/api/v1/customers/" + ada.Id})
	unchanged := &customer{}
	data(t, r, unchanged)
	if unchanged.Name != "Ada Lovelace King" || unchanged.CreateTime == nil || !sameTime(unchanged.CreateTime, fetched["createTime"]) {
		t.Errorf("a PATCH of ignored fields changed something: %+v", unchanged)
	}
	// An id that is not the path's names another customer: refused.
	r = e.do(req{method: "PATCH", path: "/api/v1/customers/" + ada.Id, body: `{"id":"cus_other","name":"x"}`})
	expect(t, r, http.StatusUnprocessableEntity, "INVALID_BODY")
	if violations(t, r)["id"] == "" {
		t.Error("no violation on id")
	}
	r = e.do(req{method: "PATCH", path: "/api/v1/customers/cus_doesnotexist", body: `{"name":"x"}`})
	expect(t, r, http.StatusNotFound, "CUSTOMER_NOT_FOUND")

	// DELETE: 204 with no body; then it is gone.
	r = e.do(req{method: "DELETE", path: "/api/v1/customers/ext_7"})
	expect(t, r, http.StatusNoContent, "")
	r = e.do(req{method: "GET", path: "/api/v1/customers/ext_7"})
	expect(t, r, http.StatusNotFound, "CUSTOMER_NOT_FOUND")
	r = e.do(req{method: "DELETE", path: "/api/v1/customers/ext_7"})
	expect(t, r, http.StatusNotFound, "CUSTOMER_NOT_FOUND")

	// A customer with invoices cannot be deleted.
	e.createInvoice(`{"customerId":"` + ada.Id + `","amount":"10.00","dueDate":"2099-12-31"}`)
	r = e.do(req{method: "DELETE", path: "/api/v1/customers/" + ada.Id})
	expect(t, r, http.StatusConflict, "CUSTOMER_HAS_INVOICES")
}

func TestCustomerListPaging(t *testing.T) {
	e := newEnv(t)

	// An empty list is 200 with [] and zero totals (no page holds an item),
	// and its message does not call it "page 1 of 0".
	r := e.do(req{method: "GET", path: "/api/v1/customers"})
	expect(t, r, http.StatusOK, "")
	if rawData(t, r) != "[]" || r.Env.GetTotalItems() != 0 || r.Env.GetTotalPage() != 0 || r.Env.GetPage() != 1 || r.Env.GetPageSize() != 20 || r.Env.GetType() != "Customer" {
		t.Fatalf("empty list %s", r.Body)
	}
	if got := r.Env.GetMessage(); got != "Customer list: empty (0 items)" {
		t.Errorf("empty list message %q, want %q", got, "Customer list: empty (0 items)")
	}

	var ids []string
	for _, n := range []string{"One", "Two", "Three", "Four", "Five"} {
		ids = append(ids, e.createCustomer(n, "USD").Id)
	}
	cases := []struct {
		query      string
		page, size int32
		n          int
		pages      int32
		first      string
	}{
		{"", 1, 20, 5, 1, ids[0]},
		{"?page=1&pageSize=2", 1, 2, 2, 3, ids[0]},
		{"?page=2&pageSize=2", 2, 2, 2, 3, ids[2]},
		{"?page=3&pageSize=2", 3, 2, 1, 3, ids[4]},
		{"?page=4&pageSize=2", 4, 2, 0, 3, ""},
		{"?pageSize=100", 1, 100, 5, 1, ids[0]},
		{"?pageSize=1&page=5", 5, 1, 1, 5, ids[4]},
	}
	for _, c := range cases {
		r := e.do(req{method: "GET", path: "/api/v1/customers" + c.query})
		expect(t, r, http.StatusOK, "")
		items := items[*customer](t, r)
		if r.Env.GetPage() != c.page || r.Env.GetPageSize() != c.size || r.Env.GetTotalItems() != 5 || r.Env.GetTotalPage() != c.pages || len(items) != c.n {
			t.Errorf("%s: page %d size %d total %d pages %d items %d", c.query, r.Env.GetPage(), r.Env.GetPageSize(), r.Env.GetTotalItems(), r.Env.GetTotalPage(), len(items))
			continue
		}
		if c.first != "" && items[0].Id != c.first {
			t.Errorf("%s: first %s, want %s (oldest first)", c.query, items[0].Id, c.first)
		}
	}

	// Bad paging parameters: 400 INVALID_PARAMETER naming the parameter.
	expectQueryViolations(t, e, "/api/v1/customers", "INVALID_PARAMETER", map[string]string{
		"page=-1": "page", "page=0": "page", "page=abc": "page", "pageSize=0": "pageSize", "pageSize=1000": "pageSize",
		"pageSize=101": "pageSize", "page=1&page=2": "page", "sort=name": "sort", "page_size=5": "page_size",
	})
}

// TestCurrenciesAreTheServices: the currency codes the document lists are
// exactly the ones the service takes (openapi_config.yaml repeats the
// service's table): each listed code creates a customer; a code that looks
// like one but is not listed is refused.
func TestCurrenciesAreTheServices(t *testing.T) {
	e := newEnv(t)
	codes := e.spec.doc.Components.Schemas["Customer"].Value.Properties["defaultCurrency"].Value.Enum
	if len(codes) < 100 {
		t.Fatalf("the document lists %d currencies", len(codes))
	}
	listed := map[string]bool{}
	for _, c := range codes {
		code := c.(string)
		listed[code] = true
		r := e.do(req{method: "POST", path: "/api/v1/customers", body: `{"name":"C ` + code + `","email":"c@example.com","defaultCurrency":"` + code + `"}`})
		if r.Status != http.StatusCreated {
			t.Errorf("listed currency %s: %d %s", code, r.Status, r.Env.GetMessage())
		}
	}
	for _, code := range []string{"XAU", "XXX", "HRK", "JUB"} {
		if listed[code] {
			t.Errorf("%s is listed", code)
		}
		r := e.do(req{method: "POST", path: "/api/v1/customers", body: `{"name":"C","email":"c@example.com","defaultCurrency":"` + code + `"}`})
		expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	}
}

// sameTime: a timestamp read back is the instant an answer wrote as text.
func sameTime(ts *timestamppb.Timestamp, text any) bool {
	s, _ := text.(string)
	at, err := time.Parse(time.RFC3339Nano, s)
	return err == nil && ts.AsTime().Equal(at)
}

// A PATCH whose body names only read-only fields changes nothing: 400
// VALIDATION_ERROR naming each (it was a 200 that did nothing). Beside a
// field it can change, a read-only field is ignored (AIP-203), as sending
// back what GET returned does.
func TestPatchOfOnlyReadOnlyFieldsIsRefused(t *testing.T) {
	e := newEnvWith(t, []string{"--webhooks_allow_private_networks"}, nil)
	c := e.createCustomer("Readonly Co", "USD")
	inv := e.createInvoice(`{"customerId":"` + c.Id + `","amount":"10.00","dueDate":"2099-12-31"}`)
	ep := e.createEndpoint("http://127.0.0.1:9/hooks", "*")
	for _, tc := range []struct{ path, body, field string }{
		{"/api/v1/invoices/" + inv.Id, `{"amountDue":"0.00"}`, "amountDue"},
		{"/api/v1/webhook-endpoints/" + ep.Id, `{"secret":"whsec_mine"}`, "secret"},
		{"/api/v1/customers/" + c.Id, `{"balances":[]}`, "balances"},
	} {
		before := e.do(req{method: "GET", path: tc.path}).Header.Get("ETag")
		r := e.do(req{method: "PATCH", path: tc.path, body: tc.body})
		expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
		if violations(t, r)[tc.field] == "" || !strings.Contains(r.Env.GetMessage(), tc.field) {
			t.Errorf("PATCH %s %s: the answer does not name %s: %s", tc.path, tc.body, tc.field, r.Body)
		}
		if after := e.do(req{method: "GET", path: tc.path}).Header.Get("ETag"); after != before {
			t.Errorf("PATCH %s %s changed the resource", tc.path, tc.body)
		}
	}
	r := e.do(req{method: "PATCH", path: "/api/v1/invoices/" + inv.Id, body: `{"notes":"kept","amountDue":"0.00"}`})
	expect(t, r, http.StatusOK, "")
	got := &invoice{}
	data(t, r, got)
	if got.Notes != "kept" || got.AmountDue != inv.AmountDue {
		t.Errorf("mixed PATCH: notes %q, amountDue %q; want kept, %q", got.Notes, got.AmountDue, inv.AmountDue)
	}
}

// Over gRPC, an update_mask naming a read-only field is refused with 400
// VALIDATION_ERROR that calls it read-only, by its proto name (it said
// "names unknown field"), and nothing changes.
func TestGRPCUpdateMaskNamingReadOnlyFieldsIsRefused(t *testing.T) {
	e := newEnvWith(t, []string{"--webhooks_allow_private_networks"}, nil)
	c := e.createCustomer("Readonly Grpc", "USD")
	inv := e.createInvoice(`{"customerId":"` + c.Id + `","amount":"10.00","dueDate":"2099-12-31"}`)
	ep := e.createEndpoint("http://127.0.0.1:9/hooks", "*")
	conn, err := grpc.NewClient(e.server.addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Apikey "+e.key)
	mask := func(paths ...string) *fieldmaskpb.FieldMask { return &fieldmaskpb.FieldMask{Paths: paths} }
	for _, tc := range []struct {
		field string
		call  func() error
	}{
		{"amount_due", func() error {
			_, err := billingv1.NewInvoiceServiceClient(conn).UpdateInvoice(ctx, &billingv1.UpdateInvoiceRequest{
				InvoiceId: inv.Id, Invoice: &billingv1.Invoice{AmountDue: "0.00"}, UpdateMask: mask("amount_due")})
			return err
		}},
		{"amount_paid", func() error {
			_, err := billingv1.NewInvoiceServiceClient(conn).UpdateInvoice(ctx, &billingv1.UpdateInvoiceRequest{
				InvoiceId: inv.Id, Invoice: &billingv1.Invoice{Notes: "n"}, UpdateMask: mask("notes", "amount_paid")})
			return err
		}},
		{"secret", func() error {
			_, err := billingv1.NewWebhookEndpointServiceClient(conn).UpdateWebhookEndpoint(ctx, &billingv1.UpdateWebhookEndpointRequest{
				WebhookEndpointId: ep.Id, WebhookEndpoint: &billingv1.WebhookEndpoint{Secret: "whsec_mine"}, UpdateMask: mask("secret")})
			return err
		}},
		{"balances", func() error {
			_, err := billingv1.NewCustomerServiceClient(conn).UpdateCustomer(ctx, &billingv1.UpdateCustomerRequest{
				CustomerId: c.Id, Customer: &billingv1.Customer{}, UpdateMask: mask("balances")})
			return err
		}},
	} {
		err := tc.call()
		if status.Code(err) != codes.InvalidArgument || errorReason(err) != "VALIDATION_ERROR" ||
			!strings.Contains(status.Convert(err).Message(), `read-only field "`+tc.field+`"`) {
			t.Errorf("update_mask naming %s: %v, want INVALID_ARGUMENT VALIDATION_ERROR calling it read-only", tc.field, err)
		}
	}
	got, err := billingv1.NewInvoiceServiceClient(conn).GetInvoice(ctx, &billingv1.GetInvoiceRequest{InvoiceId: inv.Id})
	if err != nil || got.GetNotes() != inv.Notes || got.GetAmountDue() != inv.AmountDue {
		t.Errorf("a refused update changed the invoice: %v %v", got, err)
	}
}

// invoiceDelivery.attachEInvoice over REST: PATCH derives the nested mask
// (invoice_delivery.attach_e_invoice) from the body, a null message clears
// it, and a PATCH that leaves it out keeps it.
func TestCustomerAttachEInvoicePatch(t *testing.T) {
	e := newEnv(t)
	r := e.do(req{method: "POST", path: "/api/v1/customers", body: `{"name":"Zoë","email":"zoe@example.com","defaultCurrency":"EUR"}`})
	expect(t, r, http.StatusCreated, "")
	c := &customer{}
	data(t, r, c)
	if c.GetInvoiceDelivery().GetAttachEInvoice() {
		t.Fatalf("a new customer's invoiceDelivery: %v", c.GetInvoiceDelivery())
	}
	steps := []struct {
		body string
		want bool
	}{
		{`{"invoiceDelivery":{"attachEInvoice":true}}`, true},
		{`{"name":"Zoë Müller"}`, true},
		{`{"invoiceDelivery":null}`, false},
		{`{"invoiceDelivery":{"attachEInvoice":true}}`, true},
		{`{"invoiceDelivery":{"attachEInvoice":false}}`, false},
	}
	for _, s := range steps {
		r = e.do(req{method: "PATCH", path: "/api/v1/customers/" + c.Id, body: s.body})
		expect(t, r, http.StatusOK, "")
		r = e.do(req{method: "GET", path: "/api/v1/customers/" + c.Id})
		expect(t, r, http.StatusOK, "")
		got := &customer{}
		data(t, r, got)
		if got.GetInvoiceDelivery().GetAttachEInvoice() != s.want {
			t.Fatalf("after PATCH %s: attachEInvoice %v, want %v", s.body, got.GetInvoiceDelivery().GetAttachEInvoice(), s.want)
		}
	}
	r = e.do(req{method: "PATCH", path: "/api/v1/customers/" + c.Id, body: `{"invoiceDelivery":{"attachEInvoice":"yes"}}`})
	expect(t, r, http.StatusUnprocessableEntity, "INVALID_BODY")
}
