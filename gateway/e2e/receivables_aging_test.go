package e2e

import (
	"net/http"
	"testing"

	billingv1 "billing/gateway/gen/billing/v1"
)

// bucketAmounts is a report's amounts by bucket name, and "total".
func bucketAmounts(a *billingv1.AgingAmounts) map[string]string {
	out := map[string]string{"total": a.GetTotal()}
	for _, b := range a.GetBuckets() {
		out[b.GetBucket()] = b.GetAmount()
	}
	return out
}

// The receivables aging report over REST (issue 22): GET
// /api/v1/reports/receivables-aging?asOf= answers at once in the envelope,
// ages by the due date as of the end of that day in the organization's
// zone, counts only what had happened by then, and refuses a bad asOf or
// currency naming the camelCase field.
func TestReceivablesAging(t *testing.T) {
	e := newEnv(t)
	const zone = "Pacific/Kiritimati"
	r := e.do(req{method: "PATCH", path: "/api/v1/organization", body: `{"timeZone":"` + zone + `"}`})
	expect(t, r, http.StatusOK, "")

	c := e.createCustomer("Late Payer", "EUR")
	inv := e.createInvoice(`{"customerId":"` + c.Id + `","amount":"100.00","dueDate":"` + dayIn(t, zone, 10) + `"}`)
	expect(t, e.invoiceAction(inv.Id, "process"), http.StatusOK, "")
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/payments", body: `{"amount":"30.00","method":"card"}`})
	expect(t, r, http.StatusCreated, "")

	report := func(query string) *billingv1.ReceivablesAging {
		t.Helper()
		r := e.do(req{method: "GET", path: "/api/v1/reports/receivables-aging?" + query})
		expect(t, r, http.StatusOK, "")
		if r.Env.GetType() != "ReceivablesAging" {
			t.Fatalf("type %q", r.Env.GetType())
		}
		out := &billingv1.ReceivablesAging{}
		data(t, r, out)
		return out
	}

	// Today: 70.00 open, not yet due.
	today := dayIn(t, zone, 0)
	got := report("asOf=" + today)
	if got.AsOf != today || len(got.Results) != 1 || got.Results[0].Currency != "EUR" ||
		len(got.Results[0].Customers) != 1 || got.Results[0].Customers[0].CustomerId != c.Id {
		t.Fatalf("report %v", got)
	}
	want := map[string]string{"current": "70.00", "1-30": "0.00", "31-60": "0.00", "61-90": "0.00", "over90": "0.00", "total": "70.00"}
	for name, amounts := range map[string]*billingv1.AgingAmounts{"customer": got.Results[0].Customers[0].Amounts, "totals": got.Results[0].Totals} {
		if a := bucketAmounts(amounts); !mapsEqual(a, want) {
			t.Errorf("%s %v, want %v", name, a, want)
		}
	}
	// 45 days after today, 35 days past due: 31-60.
	got = report("asOf=" + dayIn(t, zone, 45) + "&currency=EUR")
	if a := bucketAmounts(got.Results[0].Totals); a["31-60"] != "70.00" || a["total"] != "70.00" {
		t.Errorf("35 days late: %v", a)
	}
	// Yesterday nothing had happened yet; another currency has nothing.
	if got := report("asOf=" + dayIn(t, zone, -1)); len(got.Results) != 0 {
		t.Errorf("yesterday %v", got)
	}
	if got := report("asOf=" + today + "&currency=USD"); len(got.Results) != 0 {
		t.Errorf("USD %v", got)
	}
	r = e.do(req{method: "GET", path: "/api/v1/reports/receivables-aging?asOf=" + today})
	if raw := rawData(t, r); !containsAll(raw, `"asOf":"`+today+`"`, `{"bucket":"current","amount":"70.00"}`, `"customerId":"`+c.Id+`"`) {
		t.Errorf("REST JSON %s", raw)
	}

	expectQueryViolations(t, e, "/api/v1/reports/receivables-aging", "VALIDATION_ERROR", map[string]string{
		"":                            "asOf",
		"asOf=2026-02-30":             "asOf",
		"asOf=31.01.2026":             "asOf",
		"asOf=2026-01-31&currency=eu": "currency",
	})
	r = e.do(req{method: "GET", path: "/api/v1/reports/receivables-aging?asOf=2026-01-31&customerId=x"})
	expect(t, r, http.StatusBadRequest, "INVALID_PARAMETER")
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
