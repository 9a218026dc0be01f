package e2e

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	billingv1 "billing/gateway/gen/billing/v1"
)

// pdfText is what pdftotext reads from a PDF (layout kept).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// expectDocument checks a document answer: 200, its media type, inline
// and named, a strong ETag; it returns the bytes.
func expectDocument(t *testing.T, r *reply, mediaType, fileName string) []byte {
	t.Helper()
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != mediaType {
		t.Fatalf("%s %s: %d %q, want 200 %s: %.300s", r.method, r.path, r.Status, r.Header.Get("Content-Type"), mediaType, r.Body)
	}
	if got, want := r.Header.Get("Content-Disposition"), `inline; filename="`+fileName+`"`; got != want {
		t.Errorf("Content-Disposition %q, want %q", got, want)
	}
	if etag := r.Header.Get("ETag"); !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
		t.Errorf("ETag %q", etag)
	}
	return r.Body
}

// The invoice PDF and e-invoice over REST (issue 23): a draft's preview,
// the processed invoice's document as issued (pdftotext), 304, the same
// bytes after the organization changes and after a restart, the envelope
// on every error, and the scope.
func TestInvoiceDocuments(t *testing.T) {
	e := newEnv(t)
	r := e.do(req{method: "POST", path: "/api/v1/customers", body: `{"name":"Zoë Müller","email":"zoe@example.com","defaultCurrency":"EUR","legalName":"Müller Łódź Sp. z o.o.","billingAddress":{"line1":"ul. Piotrkowska 1","city":"Łódź","postalCode":"90-001","country":"PL"}}`})
	expect(t, r, http.StatusCreated, "")
	cust := &billingv1.Customer{}
	data(t, r, cust)
	r = e.do(req{method: "POST", path: "/api/v1/invoices", body: `{"customerId":"` + cust.Id + `","dueDate":"2030-01-31","lineItems":[{"description":"Consulting, March","quantity":3,"unitAmount":"120.50"},{"description":"Travel","quantity":1,"unitAmount":"80.00"}]}`})
	expect(t, r, http.StatusCreated, "")
	inv := &billingv1.Invoice{}
	data(t, r, inv)
	pdfPath := "/api/v1/invoices/" + inv.Id + "/pdf"
	einvoicePath := "/api/v1/invoices/" + inv.Id + "/e-invoice"

	// A draft: a preview marked DRAFT, named by its id; no e-invoice.
	draft := expectDocument(t, e.do(req{method: "GET", path: pdfPath}), "application/pdf", "draft-"+inv.Id+".pdf")
	if text := pdfText(t, draft); !strings.Contains(text, "DRAFT") || strings.Contains(text, "INV-0") {
		t.Errorf("a draft's PDF should say DRAFT and carry no number:\n%s", text)
	}
	expect(t, e.do(req{method: "GET", path: einvoicePath}), http.StatusConflict, "INVOICE_NOT_ISSUED")

	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/process"})
	expect(t, r, http.StatusOK, "")
	data(t, r, inv)
	fileName := inv.Number + ".pdf"

	r = e.do(req{method: "GET", path: pdfPath, header: map[string]string{"Accept": "application/pdf"}})
	issued := expectDocument(t, r, "application/pdf", fileName)
	etag := r.Header.Get("ETag")
	text := pdfText(t, issued)
	for _, want := range []string{inv.Number, "E2E Seller GmbH", "Unter den Linden 1", "Müller Łódź Sp. z o.o.", "ul. Piotrkowska 1",
		"Consulting, March", "Travel", "441.50", "EUR", "2030-01-31"} {
		if !strings.Contains(text, want) {
			t.Errorf("the processed invoice's PDF lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "DRAFT") {
		t.Errorf("a processed invoice's PDF says DRAFT:\n%s", text)
	}

	// The same bytes again; If-None-Match with its ETag is 304.
	if again := e.do(req{method: "GET", path: pdfPath}); !bytes.Equal(again.Body, issued) || again.Header.Get("ETag") != etag {
		t.Errorf("a second fetch gave other bytes or ETag (%q, was %q)", again.Header.Get("ETag"), etag)
	}
	r = e.do(req{method: "GET", path: pdfPath, header: map[string]string{"If-None-Match": etag}})
	if r.Status != http.StatusNotModified || len(r.Body) != 0 {
		t.Errorf("If-None-Match: %d with %d bytes, want 304 and none", r.Status, len(r.Body))
	}

	// The organization and customer change; the issued PDF does not.
	expect(t, e.do(req{method: "PATCH", path: "/api/v1/organization", body: `{"legalName":"Renamed AG","address":{"line1":"Elsewhere 9","country":"DE"},"paymentInstructions":{"iban":"DE89370400440532013000"}}`}), http.StatusOK, "")
	expect(t, e.do(req{method: "PATCH", path: "/api/v1/customers/" + cust.Id, body: `{"legalName":"Other Buyer"}`}), http.StatusOK, "")
	expect(t, e.do(req{method: "PATCH", path: "/api/v1/invoices/" + inv.Id, body: `{"notes":"changed after issue","dueDate":"2031-01-31"}`}), http.StatusOK, "")
	if after := e.do(req{method: "GET", path: pdfPath}); !bytes.Equal(after.Body, issued) {
		t.Errorf("the PDF changed with the organization, customer or invoice:\n%s", pdfText(t, after.Body))
	}

	// And after a restart of the service, on the same database.
	if err := e.server.stop(t, 10*time.Second); err != nil {
		t.Fatalf("stopping billing-server: %v", err)
	}
	args := append([]string{"--listen=" + e.server.addr, "--db=" + e.server.db}, highRate...)
	start(t, "billing-server (restarted)", serverBin(t), args...)
	var restarted *reply
	waitFor(t, "the restarted server to answer", 20*time.Second, func() bool {
		restarted = e.do(req{method: "GET", path: pdfPath})
		return restarted.Status == http.StatusOK
	})
	if !bytes.Equal(restarted.Body, issued) || restarted.Header.Get("ETag") != etag {
		t.Errorf("after a restart the PDF is other bytes (%d, was %d)", len(restarted.Body), len(issued))
	}

	// The e-invoice: lines without a VAT category cannot be EN 16931.
	r = e.do(req{method: "GET", path: einvoicePath})
	expect(t, r, http.StatusConflict, "E_INVOICE_UNSUPPORTED")
	if msg := r.Env.GetMessage(); !strings.Contains(msg, "BR-CO-04") || !strings.Contains(msg, "electronic address") {
		t.Errorf("E_INVOICE_UNSUPPORTED should name each reason: %q", msg)
	}

	// Errors are the envelope: unknown invoice, another account, scope.
	expect(t, e.do(req{method: "GET", path: "/api/v1/invoices/inv_missing/pdf"}), http.StatusNotFound, "INVOICE_NOT_FOUND")
	other := e.as(e.server.createKey(t, "acct_docs_other", "all"))
	expect(t, other.do(req{method: "GET", path: pdfPath}), http.StatusNotFound, "INVOICE_NOT_FOUND")
	writer := e.as(e.server.createKey(t, testAccount, "customers:read"))
	r = writer.do(req{method: "GET", path: pdfPath})
	expect(t, r, http.StatusForbidden, "INSUFFICIENT_SCOPE")
	if !strings.Contains(r.Env.GetMessage(), "invoices:read") {
		t.Errorf("the refusal should name invoices:read: %q", r.Env.GetMessage())
	}
	reader := e.as(e.server.createKey(t, testAccount, "invoices:read"))
	expectDocument(t, reader.do(req{method: "GET", path: pdfPath}), "application/pdf", fileName)
	// Asking for something else than the document or JSON is 406.
	expect(t, e.do(req{method: "GET", path: pdfPath, header: map[string]string{"Accept": "text/html"}}), http.StatusNotAcceptable, "NOT_ACCEPTABLE")
}

// A credit note's PDF and e-invoice over REST (issue 23): named by its
// number, "Credit note CN-… for invoice INV-…" with what it reverses per
// rate (pdftotext), the same bytes and ETag again, 304, and a UBL
// CreditNote referencing its invoice. The invoice's own e-invoice succeeds
// too, now that its lines carry rates and both parties an electronic
// address.
func TestCreditNoteDocuments(t *testing.T) {
	e := newEnv(t)
	expect(t, e.do(req{method: "PATCH", path: "/api/v1/organization", body: `{"taxId":"DE811907980","phone":"+49 30 1234567","email":"billing@seller.example","electronicAddress":{"scheme":"9930","value":"DE811907980"}}`}), http.StatusOK, "")
	rate := func(percentage string) string {
		r := e.do(req{method: "POST", path: "/api/v1/tax-rates", body: `{"displayName":"VAT","percentage":"` + percentage + `","country":"DE","category":"s"}`})
		expect(t, r, http.StatusCreated, "")
		rate := &billingv1.TaxRate{}
		data(t, r, rate)
		return rate.Id
	}
	r := e.do(req{method: "POST", path: "/api/v1/customers", body: `{"name":"Käufer","email":"ap@kaeufer.example","defaultCurrency":"EUR","legalName":"Käufer AG","billingAddress":{"line1":"Marktplatz 3","city":"München","country":"DE"},"electronicAddress":{"scheme":"0088","value":"9123456000026"}}`})
	expect(t, r, http.StatusCreated, "")
	cust := &billingv1.Customer{}
	data(t, r, cust)
	inv := e.createInvoice(`{"customerId":"` + cust.Id + `","dueDate":"2099-01-31","lineItems":[` +
		`{"description":"Consulting","quantity":3,"unitAmount":"120.50","taxRateId":"` + rate("19") + `"},` +
		`{"description":"Handbook","quantity":2,"unitAmount":"25.00","taxRateId":"` + rate("7") + `"}]}`)
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/process"})
	expect(t, r, http.StatusOK, "")
	data(t, r, inv)
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/credit-notes", body: `{"amount":"50.00","reason":"product_unsatisfactory","memo":"One handbook arrived damaged"}`})
	expect(t, r, http.StatusCreated, "")
	note := &billingv1.CreditNote{}
	data(t, r, note)
	if len(note.TaxBreakdown) != 2 {
		t.Fatalf("the note's tax breakdown %+v, want both rates", note.TaxBreakdown)
	}

	pdfPath := "/api/v1/credit-notes/" + note.Id + "/pdf"
	r = e.do(req{method: "GET", path: pdfPath, header: map[string]string{"Accept": "application/pdf"}})
	pdf := expectDocument(t, r, "application/pdf", note.Number+".pdf")
	etag := r.Header.Get("ETag")
	text := pdfText(t, pdf)
	for _, want := range []string{"Credit note " + note.Number + " for invoice " + inv.Number, "E2E Seller GmbH", "Käufer AG",
		"Consulting", "Handbook", "50.00", "EUR", "19", "7", note.TaxBreakdown[0].TaxAmount, note.TaxBreakdown[1].TaxAmount,
		"One handbook arrived damaged"} {
		if !strings.Contains(text, want) {
			t.Errorf("the credit note's PDF lacks %q:\n%s", want, text)
		}
	}
	if again := e.do(req{method: "GET", path: pdfPath}); !bytes.Equal(again.Body, pdf) || again.Header.Get("ETag") != etag {
		t.Errorf("a second fetch gave other bytes or ETag (%q, was %q)", again.Header.Get("ETag"), etag)
	}
	r = e.do(req{method: "GET", path: pdfPath, header: map[string]string{"If-None-Match": etag}})
	if r.Status != http.StatusNotModified || len(r.Body) != 0 {
		t.Errorf("If-None-Match: %d with %d bytes, want 304 and none", r.Status, len(r.Body))
	}

	xmlPath := "/api/v1/credit-notes/" + note.Id + "/e-invoice"
	r = e.do(req{method: "GET", path: xmlPath})
	xml := string(expectDocument(t, r, "application/xml", note.Number+".xml"))
	for _, want := range []string{"<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\"",
		"<cbc:ID>" + note.Number + "</cbc:ID>", "<cbc:ID>" + inv.Number + "</cbc:ID>", "<cac:BillingReference>",
		`<cbc:TaxAmount currencyID="EUR">` + note.TaxAmount + `</cbc:TaxAmount>`,
		`<cbc:PayableAmount currencyID="EUR">50.00</cbc:PayableAmount>`} {
		if !strings.Contains(xml, want) {
			t.Errorf("the credit note's e-invoice lacks %q:\n%.2000s", want, xml)
		}
	}
	r = e.do(req{method: "GET", path: xmlPath, header: map[string]string{"If-None-Match": r.Header.Get("ETag")}})
	if r.Status != http.StatusNotModified {
		t.Errorf("If-None-Match on the e-invoice: %d, want 304", r.Status)
	}
	invoiceXML := string(expectDocument(t, e.do(req{method: "GET", path: "/api/v1/invoices/" + inv.Id + "/e-invoice"}), "application/xml", inv.Number+".xml"))
	if !strings.Contains(invoiceXML, "<Invoice xmlns=") {
		t.Errorf("the invoice's e-invoice is no UBL Invoice:\n%.500s", invoiceXML)
	}

	// Errors are the envelope: unknown note, another account, scope.
	expect(t, e.do(req{method: "GET", path: "/api/v1/credit-notes/cn_missing/pdf"}), http.StatusNotFound, "CREDIT_NOTE_NOT_FOUND")
	other := e.as(e.server.createKey(t, "acct_cn_docs_other", "all"))
	expect(t, other.do(req{method: "GET", path: xmlPath}), http.StatusNotFound, "CREDIT_NOTE_NOT_FOUND")
	r = e.as(e.server.createKey(t, testAccount, "customers:read")).do(req{method: "GET", path: pdfPath})
	expect(t, r, http.StatusForbidden, "INSUFFICIENT_SCOPE")
}
