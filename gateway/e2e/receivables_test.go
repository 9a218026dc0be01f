package e2e

import (
	"net/http"
	"os/exec"
	"strings"
	"testing"

	billingv1 "billing/gateway/gen/billing/v1"
)

type (
	payment     = billingv1.Payment
	creditNote  = billingv1.CreditNote
	ledgerEntry = billingv1.LedgerEntry
)

type ledgerLine struct {
	Kind                   billingv1.LedgerEntryKind
	Amount, RunningBalance string
}

// expectStatement fails the test unless the statement's entries are `want`,
// line by line.
func expectStatement(t *testing.T, entries []*ledgerEntry, want []ledgerLine) {
	t.Helper()
	var lines []ledgerLine
	for _, entry := range entries {
		lines = append(lines, ledgerLine{entry.Kind, entry.Amount, entry.RunningBalance})
	}
	if len(lines) != len(want) {
		t.Fatalf("statement %+v, want %+v", lines, want)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("statement line %d: %+v, want %+v", i, lines[i], want[i])
		}
	}
}

// Issue 12 over REST: numbers, payments and credit notes (201 + Location
// of their own collection), refusals with their codes, PATCH to paid, the
// statement and the balance.
func TestReceivables(t *testing.T) {
	e := newEnv(t)
	acme := e.createCustomer("Acme Receivables", "USD")
	inv := e.createInvoice(`{"customerId":"` + acme.Id + `","amount":"100.00","dueDate":"2099-12-31"}`)
	r := e.invoiceAction(inv.Id, "process")
	expect(t, r, http.StatusOK, "")
	processed := &invoice{}
	data(t, r, processed)
	if processed.Number != "INV-000001" || processed.AmountDue != "100.00" || processed.AmountPaid != "0.00" {
		t.Fatalf("processed %+v", processed)
	}

	// Found by number; a malformed number is the caller's mistake.
	r = e.do(req{method: "GET", path: "/api/v1/invoices?number=INV-000001"})
	expect(t, r, http.StatusOK, "")
	found := items[*invoice](t, r)
	if len(found) != 1 || found[0].Id != inv.Id {
		t.Fatalf("by number %+v", found)
	}
	r = e.do(req{method: "GET", path: "/api/v1/invoices?number=INV-1"})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")

	// Pay half: 201 with the payment's own Location. A read-only id sent
	// along (a form filled from another payment) is ignored, not compared
	// with the invoice id in the path.
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/payments",
		body: `{"id":"pay_copiedfromanother","amount":"50.00","method":"bank_transfer","reference":"TX-1","receivedDate":"2026-01-15"}`})
	expect(t, r, http.StatusCreated, "")
	half := &payment{}
	data(t, r, half)
	if !strings.HasPrefix(half.Id, "pay_") || half.Id == "pay_copiedfromanother" || r.Header.Get("Location") != "/api/v1/payments/"+half.Id ||
		half.Method != "bank_transfer" || half.Amount != "50.00" || half.InvoiceId != inv.Id {
		t.Fatalf("payment %+v Location %q", half, r.Header.Get("Location"))
	}
	r = e.do(req{method: "GET", path: "/api/v1/payments/" + half.Id})
	expect(t, r, http.StatusOK, "")

	// Refusals: too much, an unknown method, a future date, another currency.
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/payments", body: `{"amount":"50.01","method":"card"}`})
	expect(t, r, http.StatusConflict, "PAYMENT_EXCEEDS_AMOUNT_DUE")
	for body, field := range map[string]string{
		`{"amount":"1.00","method":"paypal"}`:                           "method",
		`{"amount":"1.00","method":"card","receivedDate":"2999-01-01"}`: "receivedDate",
		`{"amount":"1.00","method":"card","currency":"EUR"}`:            "currency",
		`{"amount":"1.001","method":"card"}`:                            "amount",
	} {
		r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/payments", body: body})
		expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
		if violations(t, r)[field] == "" {
			t.Errorf("%s: no violation on %s", body, field)
		}
	}

	// Credit a quarter: CN-000001 at its own Location.
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/credit-notes",
		body: `{"amount":"25.00","reason":"order_change","memo":"one seat fewer"}`})
	expect(t, r, http.StatusCreated, "")
	cn := &creditNote{}
	data(t, r, cn)
	if cn.Number != "CN-000001" || r.Header.Get("Location") != "/api/v1/credit-notes/"+cn.Id || cn.Reason != "order_change" {
		t.Fatalf("credit note %+v Location %q", cn, r.Header.Get("Location"))
	}
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/credit-notes", body: `{"amount":"100.00","reason":"other"}`})
	expect(t, r, http.StatusConflict, "CREDIT_EXCEEDS_INVOICE")
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/credit-notes", body: `{"amount":"1.00","reason":"goodwill"}`})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	if violations(t, r)["reason"] == "" {
		t.Errorf("no violation on reason")
	}
	r = e.do(req{method: "GET", path: "/api/v1/credit-notes/" + cn.Id})
	expect(t, r, http.StatusOK, "")
	fetched := &creditNote{}
	data(t, r, fetched)
	if fetched.Number != "CN-000001" || fetched.InvoiceId != inv.Id || fetched.Memo != "one seat fewer" {
		t.Errorf("credit note %+v", fetched)
	}
	r = e.do(req{method: "GET", path: "/api/v1/invoices/" + inv.Id + "/credit-notes"})
	expect(t, r, http.StatusOK, "")
	checkPaging(t, r, 1)

	// Cancelling is refused once paid anything; PATCH to paid pays the rest.
	r = e.invoiceAction(inv.Id, "cancel")
	expect(t, r, http.StatusConflict, "INVOICE_HAS_PAYMENTS")
	r = e.do(req{method: "PATCH", path: "/api/v1/invoices/" + inv.Id, body: `{"status":"paid"}`})
	expect(t, r, http.StatusOK, "")
	paid := &invoice{}
	data(t, r, paid)
	if paid.Status != billingv1.InvoiceStatus_INVOICE_STATUS_PAID || paid.AmountPaid != "75.00" || paid.AmountCredited != "25.00" || paid.AmountDue != "0.00" {
		t.Fatalf("paid %+v", paid)
	}

	r = e.do(req{method: "GET", path: "/api/v1/invoices/" + inv.Id + "/payments"})
	expect(t, r, http.StatusOK, "")
	checkPaging(t, r, 2)
	if r.Env.GetTotalItems() != 2 {
		t.Errorf("payments of the invoice: %d", r.Env.GetTotalItems())
	}
	r = e.do(req{method: "GET", path: "/api/v1/payments?customerId=" + acme.Id})
	expect(t, r, http.StatusOK, "")
	checkPaging(t, r, 2)
	if r.Env.GetTotalItems() != 2 {
		t.Errorf("payments of the customer: %d", r.Env.GetTotalItems())
	}
	r = e.do(req{method: "GET", path: "/api/v1/credit-notes?customerId=" + acme.Id})
	expect(t, r, http.StatusOK, "")
	checkPaging(t, r, 1)
	if r.Env.GetTotalItems() != 1 {
		t.Errorf("credit notes of the customer: %d", r.Env.GetTotalItems())
	}

	// The statement, oldest first, and the balance.
	r = e.do(req{method: "GET", path: "/api/v1/customers/" + acme.Id + "/ledger-entries"})
	expect(t, r, http.StatusOK, "")
	entries := items[*ledgerEntry](t, r)
	expectStatement(t, entries, []ledgerLine{{billingv1.LedgerEntryKind_LEDGER_ENTRY_KIND_INVOICE, "100.00", "100.00"},
		{billingv1.LedgerEntryKind_LEDGER_ENTRY_KIND_PAYMENT, "-50.00", "50.00"},
		{billingv1.LedgerEntryKind_LEDGER_ENTRY_KIND_CREDIT_NOTE, "-25.00", "25.00"},
		{billingv1.LedgerEntryKind_LEDGER_ENTRY_KIND_PAYMENT, "-25.00", "0.00"}})
	r = e.do(req{method: "GET", path: "/api/v1/customers/" + acme.Id})
	expect(t, r, http.StatusOK, "")
	if !strings.Contains(string(r.Body), `"balances":[{"currency":"USD","amount":"0.00"}]`) {
		t.Errorf("customer %s", r.Body)
	}
}

// The prefix command works on a running service's database: numbers issued
// from then on carry it, and the sequence carries on.
func TestNumberPrefixCommand(t *testing.T) {
	e := newEnv(t)
	acme := e.createCustomer("Acme Prefix", "USD")
	process := func() string {
		t.Helper()
		inv := e.createInvoice(`{"customerId":"` + acme.Id + `","amount":"1.00","dueDate":"2099-12-31"}`)
		r := e.invoiceAction(inv.Id, "process")
		expect(t, r, http.StatusOK, "")
		processed := &invoice{}
		data(t, r, processed)
		return processed.Number
	}
	if n := process(); n != "INV-000001" {
		t.Fatalf("first number %q", n)
	}
	cmd := exec.Command(serverBin(t), "numbering", "set-prefix", "--db="+e.server.db,
		"--account="+testAccount, "--kind=invoice", "--prefix=ACME-")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("numbering set-prefix: %v\n%s", err, out)
	}
	if n := process(); n != "ACME-000002" {
		t.Fatalf("after set-prefix %q", n)
	}
	bad := exec.Command(serverBin(t), "numbering", "set-prefix", "--db="+e.server.db,
		"--account="+testAccount, "--prefix=has space")
	if out, err := bad.CombinedOutput(); err == nil || !strings.Contains(string(out), "prefix") {
		t.Errorf("a bad prefix was accepted: %v %s", err, out)
	}
}

// Issue 18 items 1, 2 and 8 over REST: /send refuses what was never issued
// (a draft, a cancelled invoice) and, on a server without SMTP, says email
// is not configured instead of 200; a cancelled invoice owes nothing.
func TestSendRefusesWhatItCannotSendAndCancelledOwesNothing(t *testing.T) {
	e := newEnv(t)
	acme := e.createCustomer("Acme Send", "USD")
	draft := e.createInvoice(`{"customerId":"` + acme.Id + `","amount":"55.00","dueDate":"2099-12-31"}`)
	expect(t, e.invoiceAction(draft.Id, "send"), http.StatusConflict, "INVOICE_NOT_ISSUED")
	expect(t, e.invoiceAction(draft.Id, "cancel"), http.StatusOK, "")
	expect(t, e.invoiceAction(draft.Id, "send"), http.StatusConflict, "INVOICE_NOT_ISSUED")
	if got := e.getInvoice(draft.Id); got.DeliveryStatus != billingv1.InvoiceDeliveryStatus_INVOICE_DELIVERY_STATUS_NOT_SENT {
		t.Errorf("a refused send queued something: %v", got.DeliveryStatus)
	}

	inv := e.createInvoice(`{"customerId":"` + acme.Id + `","amount":"100.00","dueDate":"2099-12-31"}`)
	expect(t, e.invoiceAction(inv.Id, "process"), http.StatusOK, "")
	r := e.invoiceAction(inv.Id, "send")
	expect(t, r, http.StatusConflict, "EMAIL_NOT_CONFIGURED")
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/credit-notes", body: `{"amount":"30.00","reason":"order_change"}`})
	expect(t, r, http.StatusCreated, "")
	r = e.invoiceAction(inv.Id, "cancel")
	expect(t, r, http.StatusOK, "")
	cancelled := &invoice{}
	data(t, r, cancelled)
	if cancelled.AmountDue != "0.00" || cancelled.AmountCredited != "30.00" {
		t.Errorf("cancelled: amountDue %q amountCredited %q, want 0.00 and 30.00", cancelled.AmountDue, cancelled.AmountCredited)
	}
	expect(t, e.invoiceAction(inv.Id, "send"), http.StatusConflict, "INVOICE_NOT_ISSUED")
	r = e.do(req{method: "GET", path: "/api/v1/customers/" + acme.Id})
	expect(t, r, http.StatusOK, "")
	if !strings.Contains(string(r.Body), `"balances":[{"currency":"USD","amount":"0.00"}]`) {
		t.Errorf("customer %s", r.Body)
	}
}

// Issue 18 item 3 over REST: a 412 is not kept with its Idempotency-Key, so
// the retry with the current ETag and the same key is booked (not a replayed
// 412); a later retry with the key is answered from it.
func TestAPreconditionFailureLeavesTheIdempotencyKeyUsable(t *testing.T) {
	e := newEnv(t)
	acme := e.createCustomer("Acme Keys", "USD")
	inv := e.createInvoice(`{"customerId":"` + acme.Id + `","amount":"100.00","dueDate":"2099-12-31"}`)
	r := e.invoiceAction(inv.Id, "process")
	expect(t, r, http.StatusOK, "")
	current := r.Header.Get("ETag")
	pay := func(ifMatch string) *reply {
		return e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/payments",
			body:   `{"amount":"40.00","method":"card"}`,
			header: map[string]string{"Idempotency-Key": "pay-412", "If-Match": ifMatch}})
	}
	r = pay(`"0000"`)
	expect(t, r, http.StatusPreconditionFailed, "PRECONDITION_FAILED")
	if r.Header.Get("ETag") != current {
		t.Errorf("412 ETag %q, want the current %q", r.Header.Get("ETag"), current)
	}
	r = pay(current)
	expect(t, r, http.StatusCreated, "")
	if r.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("the retry with the current ETag was answered from the key: %s", r.Body)
	}
	booked := &payment{}
	data(t, r, booked)
	r = pay(`"0000"`)
	expect(t, r, http.StatusCreated, "")
	again := &payment{}
	data(t, r, again)
	if r.Header.Get("Idempotent-Replayed") != "true" || again.Id != booked.Id {
		t.Errorf("a retry after the payment: replayed %q, payment %s, want true and %s", r.Header.Get("Idempotent-Replayed"), again.Id, booked.Id)
	}
	if got := e.getInvoice(inv.Id); got.AmountDue != "60.00" {
		t.Errorf("amountDue %q, want 60.00: booked once", got.AmountDue)
	}
}
