package e2e

import (
	"net/http"
	"os/exec"
	"strings"
	"testing"
)

type payment struct {
	ID           string  `json:"id"`
	InvoiceID    string  `json:"invoiceId"`
	CustomerID   string  `json:"customerId"`
	Amount       string  `json:"amount"`
	Currency     string  `json:"currency"`
	Method       string  `json:"method"`
	Reference    string  `json:"reference"`
	ReceivedDate string  `json:"receivedDate"`
	CreateTime   *string `json:"createTime"`
}

type creditNote struct {
	ID         string  `json:"id"`
	Number     string  `json:"number"`
	InvoiceID  string  `json:"invoiceId"`
	CustomerID string  `json:"customerId"`
	Amount     string  `json:"amount"`
	Currency   string  `json:"currency"`
	Reason     string  `json:"reason"`
	Memo       string  `json:"memo"`
	Date       string  `json:"date"`
	CreateTime *string `json:"createTime"`
}

type ledgerEntry struct {
	ID             string  `json:"id"`
	Kind           string  `json:"kind"`
	InvoiceID      string  `json:"invoiceId"`
	DocumentID     string  `json:"documentId"`
	Amount         string  `json:"amount"`
	Currency       string  `json:"currency"`
	Date           string  `json:"date"`
	RunningBalance string  `json:"runningBalance"`
	CreateTime     *string `json:"createTime"`
}

type ledgerLine struct{ Kind, Amount, RunningBalance string }

// Issue 12 over REST: numbers, payments and credit notes (201 + Location
// of their own collection), refusals with their codes, PATCH to paid, the
// statement and the balance.
func TestReceivables(t *testing.T) {
	e := newEnv(t)
	acme := e.createCustomer("Acme Receivables", "USD")
	inv := e.createInvoice(`{"customerId":"` + acme.ID + `","amount":"100.00","dueDate":"2026-12-31"}`)
	r := e.invoiceAction(inv.ID, "process")
	expect(t, r, http.StatusOK, "")
	var processed invoice
	data(t, r, &processed)
	if processed.Number != "INV-000001" || processed.AmountDue != "100.00" || processed.AmountPaid != "0.00" {
		t.Fatalf("processed %+v", processed)
	}

	// Found by number; a malformed number is the caller's mistake.
	r = e.do(req{method: "GET", path: "/api/v1/invoices?number=INV-000001"})
	expect(t, r, http.StatusOK, "")
	var found []invoice
	data(t, r, &found)
	if len(found) != 1 || found[0].ID != inv.ID {
		t.Fatalf("by number %+v", found)
	}
	r = e.do(req{method: "GET", path: "/api/v1/invoices?number=INV-1"})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")

	// Pay half: 201 with the payment's own Location.
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.ID + "/payments",
		body: `{"amount":"50.00","method":"bank_transfer","reference":"TX-1","receivedDate":"2026-01-15"}`})
	expect(t, r, http.StatusCreated, "")
	var half payment
	data(t, r, &half)
	if !strings.HasPrefix(half.ID, "pay_") || r.Header.Get("Location") != "/api/v1/payments/"+half.ID ||
		half.Method != "bank_transfer" || half.Amount != "50.00" || half.InvoiceID != inv.ID {
		t.Fatalf("payment %+v Location %q", half, r.Header.Get("Location"))
	}
	r = e.do(req{method: "GET", path: "/api/v1/payments/" + half.ID})
	expect(t, r, http.StatusOK, "")

	// Refusals: too much, an unknown method, a future date, another currency.
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.ID + "/payments", body: `{"amount":"50.01","method":"card"}`})
	expect(t, r, http.StatusConflict, "PAYMENT_EXCEEDS_AMOUNT_DUE")
	for body, field := range map[string]string{
		`{"amount":"1.00","method":"paypal"}`:                           "method",
		`{"amount":"1.00","method":"card","receivedDate":"2999-01-01"}`: "receivedDate",
		`{"amount":"1.00","method":"card","currency":"EUR"}`:            "currency",
		`{"amount":"1.001","method":"card"}`:                            "amount",
	} {
		r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.ID + "/payments", body: body})
		expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
		if violations(t, r)[field] == "" {
			t.Errorf("%s: no violation on %s", body, field)
		}
	}

	// Credit a quarter: CN-000001 at its own Location.
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.ID + "/credit-notes",
		body: `{"amount":"25.00","reason":"order_change","memo":"one seat fewer"}`})
	expect(t, r, http.StatusCreated, "")
	var cn creditNote
	data(t, r, &cn)
	if cn.Number != "CN-000001" || r.Header.Get("Location") != "/api/v1/credit-notes/"+cn.ID || cn.Reason != "order_change" {
		t.Fatalf("credit note %+v Location %q", cn, r.Header.Get("Location"))
	}
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.ID + "/credit-notes", body: `{"amount":"100.00","reason":"other"}`})
	expect(t, r, http.StatusConflict, "CREDIT_EXCEEDS_INVOICE")
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.ID + "/credit-notes", body: `{"amount":"1.00","reason":"goodwill"}`})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	if violations(t, r)["reason"] == "" {
		t.Errorf("no violation on reason")
	}
	r = e.do(req{method: "GET", path: "/api/v1/credit-notes/" + cn.ID})
	expect(t, r, http.StatusOK, "")
	var fetched creditNote
	data(t, r, &fetched)
	if fetched.Number != "CN-000001" || fetched.InvoiceID != inv.ID || fetched.Memo != "one seat fewer" {
		t.Errorf("credit note %+v", fetched)
	}
	r = e.do(req{method: "GET", path: "/api/v1/invoices/" + inv.ID + "/credit-notes"})
	expect(t, r, http.StatusOK, "")
	checkPaging(t, r, 1)

	// Cancelling is refused once paid anything; PATCH to paid pays the rest.
	r = e.invoiceAction(inv.ID, "cancel")
	expect(t, r, http.StatusConflict, "INVOICE_HAS_PAYMENTS")
	r = e.do(req{method: "PATCH", path: "/api/v1/invoices/" + inv.ID, body: `{"status":"paid"}`})
	expect(t, r, http.StatusOK, "")
	var paid invoice
	data(t, r, &paid)
	if paid.Status != "paid" || paid.AmountPaid != "75.00" || paid.AmountCredited != "25.00" || paid.AmountDue != "0.00" {
		t.Fatalf("paid %+v", paid)
	}

	r = e.do(req{method: "GET", path: "/api/v1/invoices/" + inv.ID + "/payments"})
	expect(t, r, http.StatusOK, "")
	checkPaging(t, r, 2)
	if r.Env.TotalItems != 2 {
		t.Errorf("payments of the invoice: %d", r.Env.TotalItems)
	}
	r = e.do(req{method: "GET", path: "/api/v1/payments?customerId=" + acme.ID})
	expect(t, r, http.StatusOK, "")
	checkPaging(t, r, 2)
	if r.Env.TotalItems != 2 {
		t.Errorf("payments of the customer: %d", r.Env.TotalItems)
	}
	r = e.do(req{method: "GET", path: "/api/v1/credit-notes?customerId=" + acme.ID})
	expect(t, r, http.StatusOK, "")
	checkPaging(t, r, 1)
	if r.Env.TotalItems != 1 {
		t.Errorf("credit notes of the customer: %d", r.Env.TotalItems)
	}

	// The statement, oldest first, and the balance.
	r = e.do(req{method: "GET", path: "/api/v1/customers/" + acme.ID + "/ledger-entries"})
	expect(t, r, http.StatusOK, "")
	var entries []ledgerEntry
	data(t, r, &entries)
	var lines []ledgerLine
	for _, entry := range entries {
		lines = append(lines, ledgerLine{entry.Kind, entry.Amount, entry.RunningBalance})
	}
	want := []ledgerLine{{"invoice", "100.00", "100.00"}, {"payment", "-50.00", "50.00"},
		{"credit_note", "-25.00", "25.00"}, {"payment", "-25.00", "0.00"}}
	if len(lines) != len(want) {
		t.Fatalf("statement %+v", lines)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d: %+v, want %+v", i, lines[i], want[i])
		}
	}
	r = e.do(req{method: "GET", path: "/api/v1/customers/" + acme.ID})
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
		inv := e.createInvoice(`{"customerId":"` + acme.ID + `","amount":"1.00","dueDate":"2026-12-31"}`)
		r := e.invoiceAction(inv.ID, "process")
		expect(t, r, http.StatusOK, "")
		var processed invoice
		data(t, r, &processed)
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
