package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	billingv1 "billing/gateway/gen/billing/v1"
	"google.golang.org/protobuf/proto"
)

func TestRevenueCalculations(t *testing.T) {
	e := newEnv(t)

	// An empty list first.
	r := e.do(req{method: "GET", path: "/api/v1/revenue-calculations"})
	expect(t, r, http.StatusOK, "")
	if rawData(t, r) != "[]" || r.Env.GetType() != "RevenueCalculation" || r.Env.GetTotalItems() != 0 {
		t.Fatalf("empty list %s", r.Body)
	}

	c := e.createCustomer("Recognized", "USD")
	// 90 days of service, Jan-Mar 2026 (31 + 28 + 31 days), 90.00 in all.
	inv := e.createInvoice(`{"customerId":"` + c.Id + `","dueDate":"2099-01-31",
		"lineItems":[{"description":"Quarter","quantity":1,"unitAmount":"90.00","servicePeriodStart":"2026-01-01","servicePeriodEnd":"2026-03-31"}]}`)
	expect(t, e.invoiceAction(inv.Id, "process"), http.StatusOK, "")

	// POST → 202 + Location of the calculation, queued.
	r = e.do(req{method: "POST", path: "/api/v1/revenue-calculations",
		body: `{"periodStart":"2026-01-01","periodEnd":"2026-02-28","customerId":"` + c.Id + `"}`})
	expect(t, r, http.StatusAccepted, "")
	calc := &revenueCalculation{}
	data(t, r, calc)
	if !strings.HasPrefix(calc.Id, "rcalc_") || r.Env.GetType() != "RevenueCalculation" ||
		(calc.Status != billingv1.RevenueCalculationStatus_REVENUE_CALCULATION_STATUS_QUEUED && calc.Status != billingv1.RevenueCalculationStatus_REVENUE_CALCULATION_STATUS_RUNNING && calc.Status != billingv1.RevenueCalculationStatus_REVENUE_CALCULATION_STATUS_SUCCEEDED) {
		t.Fatalf("created %+v", calc)
	}
	loc := r.Header.Get("Location")
	if loc != "/api/v1/revenue-calculations/"+calc.Id {
		t.Fatalf("Location %q", loc)
	}

	// Follow Location until done.
	deadline := time.Now().Add(20 * time.Second)
	for calc.Status == billingv1.RevenueCalculationStatus_REVENUE_CALCULATION_STATUS_QUEUED || calc.Status == billingv1.RevenueCalculationStatus_REVENUE_CALCULATION_STATUS_RUNNING {
		if time.Now().After(deadline) {
			t.Fatalf("calculation still %s", calc.Status)
		}
		time.Sleep(100 * time.Millisecond)
		r = e.do(req{method: "GET", path: loc})
		expect(t, r, http.StatusOK, "")
		data(t, r, calc)
	}
	if calc.Status != billingv1.RevenueCalculationStatus_REVENUE_CALCULATION_STATUS_SUCCEEDED || len(calc.Results) != 1 {
		t.Fatalf("finished %+v", calc)
	}
	res := calc.Results[0]
	// 31 + 28 of 90 days recognized; 31 deferred.
	if res.Currency != "USD" || res.RecognizedAmount != "59.00" || res.DeferredAmount != "31.00" || len(res.Schedule) != 2 ||
		!proto.Equal(res.Schedule[0], &billingv1.MonthlyRevenue{Month: "2026-01", Amount: "31.00"}) ||
		!proto.Equal(res.Schedule[1], &billingv1.MonthlyRevenue{Month: "2026-02", Amount: "28.00"}) {
		t.Errorf("result %+v", res)
	}
	checkTime(t, "completeTime", calc.CompleteTime, true)

	// List and get; a missing one.
	r = e.do(req{method: "GET", path: "/api/v1/revenue-calculations?page=1&pageSize=10"})
	expect(t, r, http.StatusOK, "")
	all := items[*revenueCalculation](t, r)
	if len(all) != 1 || all[0].Id != calc.Id || r.Env.GetTotalItems() != 1 || r.Env.GetTotalPage() != 1 {
		t.Fatalf("list %s", r.Body)
	}
	r = e.do(req{method: "GET", path: "/api/v1/revenue-calculations/rcalc_doesnotexist"})
	expect(t, r, http.StatusNotFound, "REVENUE_CALCULATION_NOT_FOUND")

	// Invalid periods are the service's VALIDATION_ERROR; a wrong shape is
	// the gateway's INVALID_BODY; an unknown customer is CUSTOMER_NOT_FOUND.
	r = e.do(req{method: "POST", path: "/api/v1/revenue-calculations", body: `{"periodStart":"2026-03-01","periodEnd":"2026-01-31"}`})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	violations(t, r)
	r = e.do(req{method: "POST", path: "/api/v1/revenue-calculations", body: `{"periodStart":"2026-01-01","periodEnd":"2026-01-31","status":"done"}`})
	expect(t, r, http.StatusUnprocessableEntity, "INVALID_BODY")
	if violations(t, r)["status"] == "" {
		t.Error("no violation on status")
	}
	r = e.do(req{method: "POST", path: "/api/v1/revenue-calculations", body: `{"periodStart":"2026-01-01","periodEnd":"2026-01-31","customerId":"cus_nobody"}`})
	expect(t, r, http.StatusNotFound, "CUSTOMER_NOT_FOUND")
	for _, q := range []string{"page=0", "pageSize=1000", "status=queued"} {
		r = e.do(req{method: "GET", path: "/api/v1/revenue-calculations?" + q})
		expect(t, r, http.StatusBadRequest, "INVALID_PARAMETER")
	}
}
