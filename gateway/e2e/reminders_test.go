package e2e

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	billingv1 "billing/gateway/gen/billing/v1"
)

// Issue 22's payment reminders through the real binaries and a real SMTP
// server: `collections run --as-of` claims them on their days, the running
// server's mail worker emails them (number, current amount due, due date,
// how late, the PDF attached), GET /reminders shows how each went, and a
// paid invoice or an opted-out customer gets none.
func TestRemindersAreEmailedOnTheirDaysWithThePdf(t *testing.T) {
	port, dir := startSMTPReceiver(t)
	e := newEnvWith(t, []string{fmt.Sprintf("--smtp_url=smtp://127.0.0.1:%d", port),
		"--smtp_from=billing@billing.test"}, nil)
	acme := e.createCustomer("Acme Dunning", "USD")
	quiet := e.createCustomer("Quiet Dunning", "USD")
	r := e.do(req{method: "PATCH", path: "/api/v1/customers/" + quiet.Id, body: `{"remindersEnabled":false}`})
	expect(t, r, http.StatusOK, "")
	if !strings.Contains(string(r.Body), `"remindersEnabled":false`) {
		t.Fatalf("opt-out not shown: %s", r.Body)
	}
	issue := func(customerID string) *invoice {
		inv := e.createInvoice(`{"customerId":"` + customerID + `","amount":"55.00","dueDate":"2099-12-31"}`)
		r := e.invoiceAction(inv.Id, "process")
		expect(t, r, http.StatusOK, "")
		data(t, r, inv)
		return inv
	}
	inv, ofQuiet := issue(acme.Id), issue(quiet.Id)
	waitForMails(t, dir, "Amount due: USD 55.00 by 2099-12-31", 2) // the invoice emails

	run := func(asOf string) {
		t.Helper()
		out, err := exec.Command(serverBin(t), "collections", "run", "--db="+e.server.db, "--as-of="+asOf).CombinedOutput()
		if err != nil {
			t.Fatalf("collections run --as-of=%s: %v\n%s", asOf, err, out)
		}
	}
	reminders := func(id string) []*billingv1.InvoiceReminder {
		t.Helper()
		r := e.do(req{method: "GET", path: "/api/v1/invoices/" + id + "/reminders"})
		expect(t, r, http.StatusOK, "")
		return items[*billingv1.InvoiceReminder](t, r)
	}

	run("2099-12-28") // offset -3
	waitForMails(t, dir, "Payment reminder", 1)
	text := mailText(t, dir, "is due in 3 days")
	for _, want := range []string{"Invoice " + inv.Number + " is due in 3 days.", "Due date: 2099-12-31", "Amount due: USD 55.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("the first reminder lacks %q:\n%s", want, text)
		}
	}

	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/payments", body: `{"amount":"20.00","method":"card"}`})
	expect(t, r, http.StatusCreated, "")
	run("2100-01-08") // 1 and 7 have come: 7 goes, 1 is skipped
	run("2100-01-08")
	waitForMails(t, dir, "Payment reminder", 2)
	text = mailText(t, dir, "is 8 days late")
	for _, want := range []string{"Invoice " + inv.Number + " is 8 days late.", "Amount due: USD 35.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("the second reminder lacks %q:\n%s", want, text)
		}
	}

	got := reminders(inv.Id)
	want := []string{"-3 2099-12-28 INVOICE_REMINDER_STATUS_SENT", "1 2100-01-01 INVOICE_REMINDER_STATUS_SKIPPED", "7 2100-01-07 INVOICE_REMINDER_STATUS_SENT"}
	if len(got) != len(want) {
		t.Fatalf("reminders %v, want %v", got, want)
	}
	for i, rem := range got {
		line := fmt.Sprintf("%d %s %s", rem.OffsetDays, rem.ScheduledDate, rem.Status)
		if line != want[i] {
			t.Errorf("reminder %d: %s, want %s", i, line, want[i])
		}
		checkTime(t, "sentTime", rem.SentTime, rem.Status == billingv1.InvoiceReminderStatus_INVOICE_REMINDER_STATUS_SENT)
	}
	if n := len(reminders(ofQuiet.Id)); n != 0 {
		t.Errorf("an opted-out customer's invoice has %d reminders", n)
	}

	// Paid off: no more reminders, whatever the day.
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/payments", body: `{"amount":"35.00","method":"card"}`})
	expect(t, r, http.StatusCreated, "")
	run("2100-02-15")
	if n := len(reminders(inv.Id)); n != 3 {
		t.Errorf("after payment %d reminders, want the 3 before", n)
	}
	if n := mailsNaming(dir, "Payment reminder"); n != 2 {
		t.Errorf("%d reminder emails, want 2", n)
	}
	r = e.do(req{method: "GET", path: "/api/v1/events?type=invoice.reminder_sent"})
	expect(t, r, http.StatusOK, "")
	if n := len(items[*billingv1.Event](t, r)); n != 2 {
		t.Errorf("%d invoice.reminder_sent events, want 2", n)
	}
	r = e.do(req{method: "GET", path: "/api/v1/invoices/inv_unknown/reminders"})
	expect(t, r, http.StatusNotFound, "INVOICE_NOT_FOUND")
}

// mailText is the text part of the one saved message naming `text`, whose
// PDF must be attached too.
func mailText(t *testing.T, dir, text string) string {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name(), "text.txt"))
		if err != nil || !strings.Contains(string(b), text) {
			continue
		}
		attachments, _ := os.ReadFile(filepath.Join(dir, e.Name(), "attachments"))
		if !strings.Contains(string(attachments), "application/pdf") {
			t.Errorf("the message naming %q has no PDF: %q", text, attachments)
		}
		return string(b)
	}
	t.Fatalf("no saved message names %q", text)
	return ""
}
