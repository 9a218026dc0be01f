package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	billingv1 "billing/gateway/gen/billing/v1"
)

// waitForMailWithSubject waits up to 30 s for a saved message whose subject
// starts with `prefix` and returns its folder.
func waitForMailWithSubject(t *testing.T, dir, prefix string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
				continue // still being written
			}
			subject, err := os.ReadFile(filepath.Join(dir, e.Name(), "subject"))
			if err == nil && strings.HasPrefix(string(subject), prefix) {
				return filepath.Join(dir, e.Name())
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s no message with a subject starting %q", prefix)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// A credit note is emailed with its PDF when issued (issue 23), through
// the real SMTP server: the answer says queued, the email arrives with the
// note's PDF (pdftotext: "Credit note CN-… for invoice INV-…"), and the UBL
// CreditNote as a second attachment for a customer who takes e-invoices;
// the note then shows sent.
func TestCreditNoteIsEmailedWithItsPdf(t *testing.T) {
	port, dir := startSMTPReceiver(t)
	e := newEnvWith(t, []string{fmt.Sprintf("--smtp_url=smtp://127.0.0.1:%d", port),
		"--smtp_from=billing@billing.test"}, nil)
	expect(t, e.do(req{method: "PATCH", path: "/api/v1/organization", body: `{"taxId":"DE811907980","phone":"+49 30 1234567","email":"billing@seller.example","electronicAddress":{"scheme":"9930","value":"DE811907980"}}`}), http.StatusOK, "")
	r := e.do(req{method: "POST", path: "/api/v1/tax-rates", body: `{"displayName":"VAT","percentage":"19","country":"DE","category":"s"}`})
	expect(t, r, http.StatusCreated, "")
	rate := &billingv1.TaxRate{}
	data(t, r, rate)

	credit := func(customerBody, amount string) (*invoice, *billingv1.CreditNote) {
		t.Helper()
		r := e.do(req{method: "POST", path: "/api/v1/customers", body: customerBody})
		expect(t, r, http.StatusCreated, "")
		cust := &billingv1.Customer{}
		data(t, r, cust)
		inv := e.createInvoice(`{"customerId":"` + cust.Id + `","dueDate":"2099-01-31","lineItems":[` +
			`{"description":"Consulting","quantity":3,"unitAmount":"120.50","taxRateId":"` + rate.Id + `"}]}`)
		r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/process"})
		expect(t, r, http.StatusOK, "")
		data(t, r, inv)
		r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/credit-notes", body: `{"amount":"` + amount + `","reason":"order_change"}`})
		expect(t, r, http.StatusCreated, "")
		if !strings.Contains(string(r.Body), `"deliveryStatus":"queued"`) {
			t.Errorf("the new credit note's email is not queued: %s", r.Body)
		}
		note := &billingv1.CreditNote{}
		data(t, r, note)
		return inv, note
	}
	attachments := func(mail string) string {
		b, err := os.ReadFile(filepath.Join(mail, "attachments"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	// PDF only: a customer who takes no e-invoices.
	inv, note := credit(`{"name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR"}`, "50.00")
	mail := waitForMailWithSubject(t, dir, "Credit note "+note.Number+" for invoice "+inv.Number)
	if got, want := attachments(mail), "application/pdf\t"+note.Number+".pdf\tattachment"; got != want {
		t.Errorf("attachments %q, want %q", got, want)
	}
	pdf, err := os.ReadFile(filepath.Join(mail, "files", note.Number+".pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, pdf); !strings.Contains(text, "Credit note "+note.Number+" for invoice "+inv.Number) {
		t.Errorf("the attached PDF does not say which note and invoice:\n%s", text)
	}
	if text, _ := os.ReadFile(filepath.Join(mail, "text.txt")); !strings.Contains(string(text), "Amount credited: EUR 50.00") {
		t.Errorf("the email's text lacks the amount: %s", text)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		r = e.do(req{method: "GET", path: "/api/v1/credit-notes/" + note.Id})
		expect(t, r, http.StatusOK, "")
		if strings.Contains(string(r.Body), `"deliveryStatus":"sent"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the credit note is not shown sent: %s", r.Body)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// And the UBL CreditNote for one who takes e-invoices.
	inv, note = credit(`{"name":"Käufer","email":"ap@kaeufer.example","defaultCurrency":"EUR","legalName":"Käufer AG","billingAddress":{"line1":"Marktplatz 3","city":"München","country":"DE"},"electronicAddress":{"scheme":"0088","value":"9123456000026"},"invoiceDelivery":{"attachEInvoice":true}}`, "119.00")
	mail = waitForMailWithSubject(t, dir, "Credit note "+note.Number+" for invoice "+inv.Number)
	if got, want := attachments(mail), "application/pdf\t"+note.Number+".pdf\tattachment\napplication/xml\t"+note.Number+".xml\tattachment"; got != want {
		t.Errorf("attachments %q, want %q", got, want)
	}
	xml, err := os.ReadFile(filepath.Join(mail, "files", note.Number+".xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<CreditNote xmlns=", "<cbc:ID>" + note.Number + "</cbc:ID>", "<cbc:ID>" + inv.Number + "</cbc:ID>"} {
		if !strings.Contains(string(xml), want) {
			t.Errorf("the attached UBL lacks %q:\n%.1500s", want, xml)
		}
	}
}
