package e2e

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// Issue 22's "done": two server replicas on one database (PostgreSQL in the
// suite's PostgreSQL run), each with its mail worker, and two `collections
// run` processes at once for every simulated day of 60, with the scans
// stopped for days 25 to 45 (an outage). Every expected reminder is emailed
// exactly once, none after payment, and after the gap only the latest due.
func TestRemindersOverSixtyDaysOnTwoReplicasAreSentOnce(t *testing.T) {
	port, dir := startSMTPReceiver(t)
	smtp := []string{fmt.Sprintf("--smtp_url=smtp://127.0.0.1:%d", port), "--smtp_from=billing@billing.test"}
	e := newEnvWith(t, smtp, nil)
	startServerOn(t, freeAddr(t), e.server.db, smtp...) // the second replica
	acme := e.createCustomer("Acme Sixty", "USD")
	day := func(d int) string {
		return time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d).Format("2006-01-02")
	}
	issue := func(dueDay int) *invoice {
		inv := e.createInvoice(`{"customerId":"` + acme.Id + `","amount":"80.00","dueDate":"` + day(dueDay) + `"}`)
		r := e.invoiceAction(inv.Id, "process")
		expect(t, r, http.StatusOK, "")
		data(t, r, inv)
		return inv
	}
	// paid: due day 10, paid on day 20 (after -3, 1 and 7). open: due day 10,
	// 30 (day 40) comes in the gap and goes out alone on day 46. gap: due
	// day 12, 14 (day 26) and 30 (day 42) both come in the gap: 30 goes, 14
	// is skipped.
	paid, open, gap := issue(10), issue(10), issue(12)
	shown := func(id string) []string {
		r := e.do(req{method: "GET", path: "/api/v1/invoices/" + id + "/reminders"})
		expect(t, r, http.StatusOK, "")
		out := []string{}
		for _, rem := range items[*billingv1.InvoiceReminder](t, r) {
			out = append(out, fmt.Sprintf("%d:%s", rem.OffsetDays, strings.TrimPrefix(rem.Status.String(), "INVOICE_REMINDER_STATUS_")))
		}
		return out
	}
	// A day passes between scans: the replicas' mail workers have sent
	// what the day's scans queued before the next day (and its payment).
	delivered := func(d int) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for _, inv := range []*invoice{paid, open, gap} {
			for strings.Contains(strings.Join(shown(inv.Id), " "), "QUEUED") {
				if time.Now().After(deadline) {
					t.Fatalf("day %d: %s still queued: %v", d, inv.Id, shown(inv.Id))
				}
				time.Sleep(100 * time.Millisecond)
			}
		}
	}
	for d := 0; d <= 60; d++ {
		if d == 20 {
			r := e.do(req{method: "POST", path: "/api/v1/invoices/" + paid.Id + "/payments", body: `{"amount":"80.00","method":"card"}`})
			expect(t, r, http.StatusCreated, "")
		}
		if d >= 25 && d <= 45 {
			continue // the outage
		}
		var runs [2]*exec.Cmd
		var outs [2]strings.Builder
		for i := range runs {
			runs[i] = exec.Command(serverBin(t), "collections", "run", "--db="+e.server.db, "--as-of="+day(d))
			runs[i].Stdout, runs[i].Stderr = &outs[i], &outs[i]
			if err := runs[i].Start(); err != nil {
				t.Fatal(err)
			}
		}
		for i := range runs {
			if err := runs[i].Wait(); err != nil {
				t.Fatalf("collections run --as-of=%s: %v\n%s", day(d), err, outs[i].String())
			}
		}
		delivered(d)
	}

	want := map[string][]string{
		paid.Id: {"-3:SENT", "1:SENT", "7:SENT"},
		open.Id: {"-3:SENT", "1:SENT", "7:SENT", "14:SENT", "30:SENT"},
		gap.Id:  {"-3:SENT", "1:SENT", "7:SENT", "14:SKIPPED", "30:SENT"},
	}
	deadline := time.Now().Add(60 * time.Second)
	for _, inv := range []*invoice{paid, open, gap} {
		for strings.Join(shown(inv.Id), " ") != strings.Join(want[inv.Id], " ") {
			if time.Now().After(deadline) {
				t.Fatalf("%s: reminders %v, want %v", inv.Id, shown(inv.Id), want[inv.Id])
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	for _, inv := range []*invoice{paid, open, gap} {
		sent := 0
		for _, s := range want[inv.Id] {
			if strings.HasSuffix(s, ":SENT") {
				sent++
			}
		}
		if n := mailsNaming(dir, "Invoice "+inv.Number+" is "); n != sent {
			t.Errorf("%s: %d reminder emails, want %d (one per reminder sent)", inv.Number, n, sent)
		}
	}
	r := e.do(req{method: "GET", path: "/api/v1/events?type=invoice.reminder_sent&pageSize=100"})
	expect(t, r, http.StatusOK, "")
	per := map[string]int{}
	for _, ev := range items[*billingv1.Event](t, r) {
		per[ev.ResourceId]++
	}
	if per[paid.Id] != 3 || per[open.Id] != 5 || per[gap.Id] != 4 {
		t.Errorf("invoice.reminder_sent events per invoice %v, want 3, 5 and 4", per)
	}
}
