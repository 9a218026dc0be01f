package e2e

import (
	"net/http"
	"testing"
	"time"

	billingv1 "billing/gateway/gen/billing/v1"
	"google.golang.org/protobuf/proto"
)

// The tax report over REST (issue 19): GET /api/v1/reports/tax with the
// period as query parameters answers the report at once in the envelope;
// a bad period is 400 VALIDATION_ERROR naming the camelCase field.
func TestTaxReport(t *testing.T) {
	e := newEnv(t)
	r := e.do(req{method: "POST", path: "/api/v1/tax-rates", body: `{"displayName":"VAT","percentage":"19","country":"DE","category":"s"}`})
	expect(t, r, http.StatusCreated, "")
	vat := &billingv1.TaxRate{}
	data(t, r, vat)

	c := e.createCustomer("Taxed", "EUR")
	inv := e.createInvoice(`{"customerId":"` + c.Id + `","dueDate":"2099-01-31",
		"lineItems":[{"description":"Work","quantity":1,"unitAmount":"100.00","taxRateId":"` + vat.Id + `"},
		             {"description":"Untaxed","quantity":1,"unitAmount":"5.00"}]}`)
	expect(t, e.invoiceAction(inv.Id, "process"), http.StatusOK, "")
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/credit-notes", body: `{"amount":"11.90","reason":"order_change"}`})
	expect(t, r, http.StatusCreated, "")

	today := time.Now().UTC().Format("2006-01-02")
	r = e.do(req{method: "GET", path: "/api/v1/reports/tax?periodStart=" + today + "&periodEnd=" + today})
	expect(t, r, http.StatusOK, "")
	if r.Env.GetType() != "TaxReport" {
		t.Fatalf("type %q", r.Env.GetType())
	}
	report := &billingv1.TaxReport{}
	data(t, r, report)
	amounts := func(taxable, tax string) *billingv1.TaxAmounts {
		return &billingv1.TaxAmounts{TaxableAmount: taxable, TaxAmount: tax}
	}
	// 11.90 of 124.00 gross: the untaxed 5.00 takes its share of the credit.
	want := &billingv1.TaxReport{PeriodStart: today, PeriodEnd: today, Results: []*billingv1.CurrencyTaxReport{{
		Currency: "EUR",
		Rows: []*billingv1.TaxReportRow{{Country: "DE", Category: "S", Percentage: "19",
			Invoiced: amounts("100.00", "19.00"), Credited: amounts("9.60", "1.82"),
			Cancelled: amounts("0.00", "0.00"), Net: amounts("90.40", "17.18")}},
		Net: amounts("90.40", "17.18"),
	}}}
	if !proto.Equal(report, want) {
		t.Fatalf("report %s", r.Body)
	}
	if got := rawData(t, r); !containsAll(got, `"periodStart":"`+today+`"`, `"taxableAmount":"100.00"`, `"credited":{"taxableAmount":"9.60","taxAmount":"1.82"}`) {
		t.Errorf("REST JSON %s", got)
	}

	// Bad periods name the camelCase field; an unknown parameter is the
	// gateway's INVALID_PARAMETER.
	expectQueryViolations(t, e, "/api/v1/reports/tax", "VALIDATION_ERROR", map[string]string{
		"periodEnd=2026-01-31":                        "periodStart",
		"periodStart=2026-01-01":                      "periodEnd",
		"periodStart=2026-02-30&periodEnd=2026-03-31": "periodStart",
		"periodStart=2026-02-01&periodEnd=2026-01-31": "periodEnd",
		"periodStart=2000-01-01&periodEnd=2026-01-31": "periodEnd",
	})
	r = e.do(req{method: "GET", path: "/api/v1/reports/tax?periodStart=2026-01-01&periodEnd=2026-01-31&customerId=x"})
	expect(t, r, http.StatusBadRequest, "INVALID_PARAMETER")
}
