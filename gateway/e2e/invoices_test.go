package e2e

import (
	"net/http"
	"strings"
	"testing"

	billingv1 "billing/gateway/gen/billing/v1"
)

func TestInvoices(t *testing.T) {
	e := newEnv(t)
	acme := e.createCustomer("Acme", "USD")
	other := e.createCustomer("Other", "EUR")

	// POST → 201 + Location; a draft whose amount is the sum of its lines.
	inv := e.createInvoice(`{"customerId":"` + acme.Id + `","dueDate":"2099-03-31","notes":"first",
		"lineItems":[{"description":"Support","quantity":3,"unitAmount":"12.50","servicePeriodStart":"2026-01-01","servicePeriodEnd":"2026-03-31"},
		             {"description":"Setup","quantity":1,"unitAmount":"100.00"}]}`)
	if !strings.HasPrefix(inv.Id, "inv_") || inv.Status != billingv1.InvoiceStatus_INVOICE_STATUS_DRAFT || inv.Currency != "USD" || inv.Amount != "137.50" || len(inv.LineItems) != 2 ||
		inv.LineItems[0].Amount != "37.50" || inv.LineItems[0].Quantity != 3 || inv.CustomerId != acme.Id {
		t.Fatalf("created %+v", inv)
	}
	checkTime(t, "createTime", inv.CreateTime, true)
	checkTime(t, "processTime", inv.ProcessTime, false)
	checkTime(t, "payTime", inv.PayTime, false)
	checkTime(t, "cancelTime", inv.CancelTime, false)

	// Validation by the service: fields named in camelCase, with indexes.
	r := e.do(req{method: "POST", path: "/api/v1/invoices", body: `{"customerId":"` + acme.Id + `","dueDate":"2099-02-30",
		"lineItems":[{"description":"ok","quantity":1,"unitAmount":"1.00"},{"description":"bad","quantity":1,"unitAmount":"12.345"}]}`})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	v := violations(t, r)
	if v["lineItems[1].unitAmount"] == "" || v["dueDate"] == "" {
		t.Errorf("violations %v", v)
	}
	r = e.do(req{method: "POST", path: "/api/v1/invoices", body: `{"customerId":"cus_nobody","amount":"5.00","dueDate":"2099-03-31"}`})
	expect(t, r, http.StatusNotFound, "CUSTOMER_NOT_FOUND")

	// Bodies of the wrong shape never reach the service: 422 INVALID_BODY.
	for body, field := range map[string]string{
		`{"customerId":"` + acme.Id + `","amount":12.5}`:                               "amount",
		`{"customerId":"` + acme.Id + `","status":"bogus"}`:                            "status",
		`{"customerId":"` + acme.Id + `","status":"INVOICE_STATUS_DRAFT"}`:             "status",
		`{"customerId":"` + acme.Id + `","lineItems":[{"quantity":"many"}]}`:           "lineItems[0].quantity",
		`{"customerId":"` + acme.Id + `","lineItems":[{"unitPrice":"1.00"}]}`:          "lineItems[0].unitPrice",
		`{"customerId":"` + acme.Id + `","customer_id":"` + acme.Id + `"}`:             "customer_id",
		`{"customerId":"` + acme.Id + `","dueDate":"2099-03-31","grandTotal":"10.00"}`: "grandTotal",
	} {
		r := e.do(req{method: "POST", path: "/api/v1/invoices", body: body})
		expect(t, r, http.StatusUnprocessableEntity, "INVALID_BODY")
		if violations(t, r)[field] == "" {
			t.Errorf("%s: no violation on %s", body, field)
		}
	}

	// GET one, and a missing one.
	if got := e.getInvoice(inv.Id); got.Amount != "137.50" || got.Status != billingv1.InvoiceStatus_INVOICE_STATUS_DRAFT || got.Notes != "first" {
		t.Fatalf("get %+v", got)
	}
	r = e.do(req{method: "GET", path: "/api/v1/invoices/inv_doesnotexist"})
	expect(t, r, http.StatusNotFound, "INVOICE_NOT_FOUND")

	// PUT replaces a draft; PUT never creates an invoice.
	r = e.do(req{method: "PUT", path: "/api/v1/invoices/" + inv.Id, body: `{"customerId":"` + acme.Id + `","dueDate":"2099-04-30","notes":"replaced",
		"lineItems":[{"description":"Support","quantity":3,"unitAmount":"12.50","servicePeriodStart":"2026-01-01","servicePeriodEnd":"2026-03-31"}]}`})
	expect(t, r, http.StatusOK, "")
	replaced := &invoice{}
	data(t, r, replaced)
	if replaced.Id != inv.Id || replaced.Amount != "37.50" || replaced.Notes != "replaced" || replaced.DueDate != "2099-04-30" || r.Header.Get("Location") != "" {
		t.Fatalf("replaced %+v", replaced)
	}
	r = e.do(req{method: "PUT", path: "/api/v1/invoices/inv_doesnotexist", body: `{"customerId":"` + acme.Id + `","amount":"5.00","dueDate":"2099-03-31"}`})
	expect(t, r, http.StatusNotFound, "INVOICE_NOT_FOUND")

	// PATCH changes only the fields in the body (mask paths due_date, notes).
	r = e.do(req{method: "PATCH", path: "/api/v1/invoices/" + inv.Id, body: `{"notes":"patched","dueDate":"2099-05-31"}`})
	expect(t, r, http.StatusOK, "")
	patched := &invoice{}
	data(t, r, patched)
	if patched.Notes != "patched" || patched.DueDate != "2099-05-31" || patched.Amount != "37.50" || len(patched.LineItems) != 1 {
		t.Fatalf("patched %+v", patched)
	}
	r = e.do(req{method: "PATCH", path: "/api/v1/invoices/" + inv.Id, body: `{"dueDate":"31/05/2026"}`})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	if violations(t, r)["dueDate"] == "" {
		t.Error("no violation on dueDate")
	}
	r = e.do(req{method: "PATCH", path: "/api/v1/invoices/" + inv.Id, body: `{"status":"bogus"}`})
	expect(t, r, http.StatusUnprocessableEntity, "INVALID_BODY")
	r = e.do(req{method: "PATCH", path: "/api/v1/invoices/inv_doesnotexist", body: `{"notes":"x"}`})
	expect(t, r, http.StatusNotFound, "INVOICE_NOT_FOUND")

	// Process: draft → pending; twice is a refused transition.
	r = e.invoiceAction(inv.Id, "process")
	expect(t, r, http.StatusOK, "")
	processed := &invoice{}
	data(t, r, processed)
	if processed.Status != billingv1.InvoiceStatus_INVOICE_STATUS_PENDING || r.Env.GetType() != "Invoice" {
		t.Fatalf("processed %+v", processed)
	}
	checkTime(t, "processTime", processed.ProcessTime, true)
	r = e.invoiceAction(inv.Id, "process")
	expect(t, r, http.StatusConflict, "INVALID_STATE_TRANSITION")
	r = e.invoiceAction("inv_doesnotexist", "process")
	expect(t, r, http.StatusNotFound, "INVOICE_NOT_FOUND")

	// A pending invoice is no longer editable, replaceable nor deletable.
	r = e.do(req{method: "PATCH", path: "/api/v1/invoices/" + inv.Id, body: `{"lineItems":[{"description":"more","quantity":1,"unitAmount":"1.00"}]}`})
	expect(t, r, http.StatusConflict, "INVOICE_NOT_EDITABLE")
	r = e.do(req{method: "PUT", path: "/api/v1/invoices/" + inv.Id, body: `{"customerId":"` + acme.Id + `","amount":"5.00","dueDate":"2099-03-31"}`})
	expect(t, r, http.StatusConflict, "INVOICE_NOT_EDITABLE")
	r = e.do(req{method: "DELETE", path: "/api/v1/invoices/" + inv.Id})
	expect(t, r, http.StatusConflict, "INVOICE_NOT_EDITABLE")
	// Notes still change.
	r = e.do(req{method: "PATCH", path: "/api/v1/invoices/" + inv.Id, body: `{"notes":"still editable"}`})
	expect(t, r, http.StatusOK, "")

	// Paid through PATCH status (a lowercase word in the body).
	r = e.do(req{method: "PATCH", path: "/api/v1/invoices/" + inv.Id, body: `{"status":"paid"}`})
	expect(t, r, http.StatusOK, "")
	paid := &invoice{}
	data(t, r, paid)
	if paid.Status != billingv1.InvoiceStatus_INVOICE_STATUS_PAID {
		t.Fatalf("paid %+v", paid)
	}
	checkTime(t, "payTime", paid.PayTime, true)
	// Cancelling a paid invoice is a conflict.
	r = e.invoiceAction(inv.Id, "cancel")
	expect(t, r, http.StatusConflict, "INVALID_STATE_TRANSITION")

	// Cancel a draft; delete another draft (204, then gone).
	d1 := e.createInvoice(`{"customerId":"` + acme.Id + `","amount":"20.00","dueDate":"2099-06-30"}`)
	r = e.invoiceAction(d1.Id, "cancel")
	expect(t, r, http.StatusOK, "")
	cancelled := &invoice{}
	data(t, r, cancelled)
	if cancelled.Status != billingv1.InvoiceStatus_INVOICE_STATUS_CANCELLED {
		t.Fatalf("cancelled %+v", cancelled)
	}
	checkTime(t, "cancelTime", cancelled.CancelTime, true)
	r = e.invoiceAction("inv_doesnotexist", "cancel")
	expect(t, r, http.StatusNotFound, "INVOICE_NOT_FOUND")
	d2 := e.createInvoice(`{"customerId":"` + acme.Id + `","amount":"30.00","dueDate":"2099-06-30"}`)
	r = e.do(req{method: "DELETE", path: "/api/v1/invoices/" + d2.Id})
	expect(t, r, http.StatusNoContent, "")
	r = e.do(req{method: "GET", path: "/api/v1/invoices/" + d2.Id})
	expect(t, r, http.StatusNotFound, "INVOICE_NOT_FOUND")
	r = e.do(req{method: "DELETE", path: "/api/v1/invoices/" + d2.Id})
	expect(t, r, http.StatusNotFound, "INVOICE_NOT_FOUND")

	// Another customer's draft, in its own currency.
	eur := e.createInvoice(`{"customerId":"` + other.Id + `","amount":"99.99","dueDate":"2099-07-31"}`)
	if eur.Currency != "EUR" {
		t.Fatalf("currency %q, want the customer's default", eur.Currency)
	}

	// Lists: all, by customer (query and nested path), by status word.
	list := func(path string) []*invoice {
		t.Helper()
		r := e.do(req{method: "GET", path: path})
		expect(t, r, http.StatusOK, "")
		if r.Env.GetType() != "Invoice" {
			t.Fatalf("%s: type %q", path, r.Env.GetType())
		}
		items := items[*invoice](t, r)
		return items
	}
	ids := func(items []*invoice) string {
		var s []string
		for _, i := range items {
			s = append(s, i.Id+":"+strings.ToLower(strings.TrimPrefix(i.Status.String(), "INVOICE_STATUS_")))
		}
		return strings.Join(s, ",")
	}
	if got := ids(list("/api/v1/invoices")); got != inv.Id+":paid,"+d1.Id+":cancelled,"+eur.Id+":draft" {
		t.Errorf("all invoices %s", got)
	}
	if got := ids(list("/api/v1/invoices?customerId=" + acme.Id)); got != inv.Id+":paid,"+d1.Id+":cancelled" {
		t.Errorf("acme's invoices %s", got)
	}
	if got := ids(list("/api/v1/customers/" + acme.Id + "/invoices")); got != inv.Id+":paid,"+d1.Id+":cancelled" {
		t.Errorf("acme's invoices (nested) %s", got)
	}
	if got := ids(list("/api/v1/customers/" + acme.Id + "/invoices?status=cancelled&pageSize=5")); got != d1.Id+":cancelled" {
		t.Errorf("acme's cancelled invoices %s", got)
	}
	if got := ids(list("/api/v1/invoices?status=draft")); got != eur.Id+":draft" {
		t.Errorf("drafts %s", got)
	}
	if got := ids(list("/api/v1/invoices?status=pending")); got != "" {
		t.Errorf("pending %s", got)
	}
	if got := ids(list("/api/v1/invoices?status=paid&page=1&pageSize=1")); got != inv.Id+":paid" {
		t.Errorf("paid %s", got)
	}
	r = e.do(req{method: "GET", path: "/api/v1/invoices?customerId=cus_nobody"})
	expect(t, r, http.StatusNotFound, "CUSTOMER_NOT_FOUND")
	r = e.do(req{method: "GET", path: "/api/v1/customers/cus_nobody/invoices"})
	expect(t, r, http.StatusNotFound, "CUSTOMER_NOT_FOUND")
	for _, q := range []string{"status=bogus", "status=DRAFT", "status=INVOICE_STATUS_DRAFT", "status=1", "status=unspecified", "pageSize=0", "page=-1", "customerId="} {
		r = e.do(req{method: "GET", path: "/api/v1/invoices?" + q})
		expect(t, r, http.StatusBadRequest, "INVALID_PARAMETER")
		violations(t, r)
	}
	r = e.do(req{method: "GET", path: "/api/v1/customers/" + acme.Id + "/invoices?status=bogus"})
	expect(t, r, http.StatusBadRequest, "INVALID_PARAMETER")
}

// POST /send: a draft is 409 INVOICE_NOT_ISSUED. The e2e server has no SMTP
// server: processing says so (never "sent"), and /send, which could send
// nothing, is 409 EMAIL_NOT_CONFIGURED and changes nothing.
func TestSendInvoice(t *testing.T) {
	e := newEnv(t)
	acme := e.createCustomer("Acme", "USD")
	inv := e.createInvoice(`{"customerId":"` + acme.Id + `","amount":"250.00","dueDate":"2099-03-31"}`)
	draft := e.do(req{method: "GET", path: "/api/v1/invoices/" + inv.Id})
	if !strings.Contains(string(draft.Body), `"deliveryStatus":"not_sent"`) {
		t.Errorf("draft: %s", draft.Body)
	}
	expect(t, e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/send"}), http.StatusConflict, "INVOICE_NOT_ISSUED")

	processed := e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/process"})
	expect(t, processed, http.StatusOK, "")
	if !strings.Contains(string(processed.Body), `"deliveryStatus":"not_configured"`) {
		t.Errorf("process: %s", processed.Body)
	}
	sent := e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/send"})
	expect(t, sent, http.StatusConflict, "EMAIL_NOT_CONFIGURED")
	if got := e.getInvoice(inv.Id); got.DeliveryStatus != billingv1.InvoiceDeliveryStatus_INVOICE_DELIVERY_STATUS_NOT_CONFIGURED || got.SentTime != nil {
		t.Errorf("after a refused send: %+v", got)
	}
	expect(t, e.do(req{method: "POST", path: "/api/v1/invoices/inv_missing/send"}), http.StatusNotFound, "INVOICE_NOT_FOUND")
}
