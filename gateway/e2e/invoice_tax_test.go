package e2e

import (
	"net/http"
	"strings"
	"testing"
)

// Issue 19 over REST: the invoice's new fields in camelCase (decimal
// quantities, discounts, rates, subtotal, tax and total), and the refusals
// that name them. Rates themselves come from the tax-rates resource; here
// an unknown one shows the 404 an invoice gets for a rate it cannot use.
func TestInvoiceTaxFields(t *testing.T) {
	e := newEnv(t)
	acme := e.createCustomer("Acme", "EUR")

	inv := e.createInvoice(`{"customerId":"` + acme.Id + `","dueDate":"2099-03-31",
		"lineItems":[{"description":"Consulting","quantityDecimal":"7.5","unitAmount":"80.00","discountAmount":"100.00"},
		             {"description":"Setup","quantity":2,"unitAmount":"10.00"}]}`)
	if inv.Amount != "520.00" || inv.Subtotal != "520.00" || inv.TaxAmount != "0.00" || inv.Total != "520.00" ||
		len(inv.TaxBreakdown) != 0 || len(inv.LineItems) != 2 {
		t.Fatalf("created %+v", inv)
	}
	if l := inv.LineItems[0]; l.QuantityDecimal != "7.5" || l.Quantity != 0 || l.Amount != "600.00" ||
		l.DiscountAmount != "100.00" || l.NetAmount != "500.00" || l.TaxAmount != "0.00" {
		t.Fatalf("line 0 %+v", l)
	}
	if l := inv.LineItems[1]; l.QuantityDecimal != "2" || l.Quantity != 2 || l.NetAmount != "20.00" {
		t.Fatalf("line 1 %+v", l)
	}
	// The JSON names the fields in camelCase.
	r := e.do(req{method: "GET", path: "/api/v1/invoices/" + inv.Id})
	expect(t, r, http.StatusOK, "")
	for _, name := range []string{`"quantityDecimal":"7.5"`, `"discountAmount":"100.00"`, `"netAmount":"500.00"`,
		`"subtotal":"520.00"`, `"taxAmount":"0.00"`, `"total":"520.00"`, `"taxBreakdown":[]`, `"defaultTaxRateId":""`} {
		if !strings.Contains(string(r.Body), name) {
			t.Errorf("no %s in %s", name, r.Body)
		}
	}

	// Refusals name the camelCase field.
	for body, field := range map[string]string{
		`{"customerId":"` + acme.Id + `","dueDate":"2099-03-31","lineItems":[{"description":"x","quantityDecimal":"1.00001","unitAmount":"1.00"}]}`:           "lineItems[0].quantityDecimal",
		`{"customerId":"` + acme.Id + `","dueDate":"2099-03-31","lineItems":[{"description":"x","quantity":1,"unitAmount":"1.00","discountAmount":"1.01"}]}`:  "lineItems[0].discountAmount",
		`{"customerId":"` + acme.Id + `","dueDate":"2099-03-31","lineItems":[{"description":"x","quantity":1,"unitAmount":"1.00","taxRateId":"19 percent"}]}`: "lineItems[0].taxRateId",
		`{"customerId":"` + acme.Id + `","dueDate":"2099-03-31","defaultTaxRateId":"vat","lineItems":[{"description":"x","quantity":1,"unitAmount":"1.00"}]}`: "defaultTaxRateId",
	} {
		r := e.do(req{method: "POST", path: "/api/v1/invoices", body: body})
		expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
		if violations(t, r)[field] == "" {
			t.Errorf("%s: no violation on %s", body, field)
		}
	}
	r = e.do(req{method: "POST", path: "/api/v1/invoices", body: `{"customerId":"` + acme.Id + `","dueDate":"2099-03-31",
		"lineItems":[{"description":"x","quantity":1,"unitAmount":"1.00","taxRateId":"txr_nosuchrate"}]}`})
	expect(t, r, http.StatusNotFound, "TAX_RATE_NOT_FOUND")

	// PATCH derives default_tax_rate_id from the body: an unknown rate is 404
	// and the draft is left as it was.
	r = e.do(req{method: "PATCH", path: "/api/v1/invoices/" + inv.Id, body: `{"defaultTaxRateId":"txr_nosuchrate"}`})
	expect(t, r, http.StatusNotFound, "TAX_RATE_NOT_FOUND")
	if got := e.getInvoice(inv.Id); got.DefaultTaxRateId != "" || got.Total != "520.00" {
		t.Fatalf("after a refused PATCH %+v", got)
	}
}
