package e2e

import (
	"net/http"
	"strings"
	"testing"

	billingv1 "billing/gateway/gen/billing/v1"
)

// Issue 22 (write-offs) over REST: POST .../mark-uncollectible with
// If-Match and Idempotency-Key, its refusals, the ledger's write_off and
// write_off_reversal, and a late payment that settles the invoice.
func TestMarkUncollectible(t *testing.T) {
	e := newEnv(t)
	acme := e.createCustomer("Acme Bad Debt", "USD")
	inv := e.createInvoice(`{"customerId":"` + acme.Id + `","amount":"100.00","dueDate":"2099-12-31"}`)
	path := "/api/v1/invoices/" + inv.Id + "/mark-uncollectible"

	// A draft is not written off, and nothing is written.
	expect(t, e.do(req{method: "POST", path: path}), http.StatusConflict, "INVALID_STATE_TRANSITION")
	r := e.invoiceAction(inv.Id, "process")
	expect(t, r, http.StatusOK, "")
	etag := r.Header.Get("ETag")

	r = e.do(req{method: "POST", path: path, header: map[string]string{"If-Match": `"stale"`}})
	expect(t, r, http.StatusPreconditionFailed, "PRECONDITION_FAILED")

	headers := map[string]string{"If-Match": etag, "Idempotency-Key": "write-off-e2e"}
	r = e.do(req{method: "POST", path: path, header: headers})
	expect(t, r, http.StatusOK, "")
	if r.Env.GetMessage() != "Invoice marked uncollectible" {
		t.Errorf("message %q", r.Env.GetMessage())
	}
	marked := &invoice{}
	data(t, r, marked)
	if marked.Status != billingv1.InvoiceStatus_INVOICE_STATUS_UNCOLLECTIBLE || marked.AmountDue != "100.00" {
		t.Fatalf("marked %+v", marked)
	}
	if raw := rawData(t, r); !strings.Contains(raw, `"status":"uncollectible"`) {
		t.Errorf("status word: %s", raw)
	}
	again := e.do(req{method: "POST", path: path, header: headers})
	expect(t, again, http.StatusOK, "")
	if again.Header.Get("Idempotent-Replayed") != "true" || again.Header.Get("ETag") != r.Header.Get("ETag") {
		t.Errorf("replay: Idempotent-Replayed %q ETag %q, first ETag %q",
			again.Header.Get("Idempotent-Replayed"), again.Header.Get("ETag"), r.Header.Get("ETag"))
	}
	expect(t, e.do(req{method: "POST", path: path}), http.StatusConflict, "INVALID_STATE_TRANSITION")

	// A late payment of part: the invoice stays uncollectible; of the rest: paid.
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/payments", body: `{"amount":"30.00","method":"bank_transfer"}`})
	expect(t, r, http.StatusCreated, "")
	if got := e.getInvoice(inv.Id); got.Status != billingv1.InvoiceStatus_INVOICE_STATUS_UNCOLLECTIBLE || got.AmountDue != "70.00" {
		t.Fatalf("after a part payment %+v", got)
	}
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/payments", body: `{"amount":"70.00","method":"bank_transfer"}`})
	expect(t, r, http.StatusCreated, "")
	if got := e.getInvoice(inv.Id); got.Status != billingv1.InvoiceStatus_INVOICE_STATUS_PAID {
		t.Fatalf("after paying the rest %+v", got)
	}

	r = e.do(req{method: "GET", path: "/api/v1/customers/" + acme.Id + "/ledger-entries"})
	expect(t, r, http.StatusOK, "")
	expectStatement(t, items[*ledgerEntry](t, r), []ledgerLine{{billingv1.LedgerEntryKind_LEDGER_ENTRY_KIND_INVOICE, "100.00", "100.00"},
		{billingv1.LedgerEntryKind_LEDGER_ENTRY_KIND_WRITE_OFF, "-100.00", "0.00"},
		{billingv1.LedgerEntryKind_LEDGER_ENTRY_KIND_WRITE_OFF_REVERSAL, "30.00", "30.00"},
		{billingv1.LedgerEntryKind_LEDGER_ENTRY_KIND_PAYMENT, "-30.00", "0.00"},
		{billingv1.LedgerEntryKind_LEDGER_ENTRY_KIND_WRITE_OFF_REVERSAL, "70.00", "70.00"},
		{billingv1.LedgerEntryKind_LEDGER_ENTRY_KIND_PAYMENT, "-70.00", "0.00"}})
	if raw := rawData(t, r); !containsAll(raw, `"kind":"write_off"`, `"kind":"write_off_reversal"`) {
		t.Errorf("ledger kind words: %s", raw)
	}
}
