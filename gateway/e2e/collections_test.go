package e2e

import (
	"net/http"
	"testing"
	"time"

	billingv1 "billing/gateway/gen/billing/v1"
)

// dayIn is today in zone, plus days, as YYYY-MM-DD.
func dayIn(t *testing.T, zone string, days int) string {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	return time.Now().In(loc).AddDate(0, 0, days).Format("2006-01-02")
}

// Issue 22 over REST: dueDate is optional and set by payment terms at
// processing; the organization's timeZone is validated and names the day.
func TestCollectionsDueDatesAndTimeZone(t *testing.T) {
	e := newEnv(t)

	r := e.do(req{method: "PATCH", path: "/api/v1/organization", body: `{"timeZone":"Mars/Olympus_Mons"}`})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	if v := violations(t, r); v["timeZone"] == "" {
		t.Errorf("no violation on timeZone: %v", v)
	}
	r = e.do(req{method: "PATCH", path: "/api/v1/organization", body: `{"timeZone":"Pacific/Kiritimati","defaultPaymentTermsDays":20}`})
	expect(t, r, http.StatusOK, "")
	org := &billingv1.Organization{}
	data(t, r, org)
	if org.TimeZone != "Pacific/Kiritimati" {
		t.Fatalf("timeZone %q", org.TimeZone)
	}

	r = e.do(req{method: "POST", path: "/api/v1/customers", body: `{"name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR"}`})
	expect(t, r, http.StatusCreated, "")
	cust := &billingv1.Customer{}
	data(t, r, cust)

	// No dueDate: none while draft, issue date + 20 days once processed.
	before := dayIn(t, "Pacific/Kiritimati", 20)
	r = e.do(req{method: "POST", path: "/api/v1/invoices", body: `{"customerId":"` + cust.Id + `","amount":"10.00"}`})
	expect(t, r, http.StatusCreated, "")
	inv := &billingv1.Invoice{}
	data(t, r, inv)
	if inv.DueDate != "" {
		t.Fatalf("a draft without a due date shows %q", inv.DueDate)
	}
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/process"})
	expect(t, r, http.StatusOK, "")
	data(t, r, inv)
	if after := dayIn(t, "Pacific/Kiritimati", 20); inv.DueDate != before && inv.DueDate != after {
		t.Fatalf("dueDate %q, want %s (20 days after today in the organization's zone)", inv.DueDate, after)
	}

	// A due date before the issue date: 400 naming dueDate at processing.
	r = e.do(req{method: "POST", path: "/api/v1/invoices", body: `{"customerId":"` + cust.Id + `","amount":"10.00","dueDate":"` + dayIn(t, "Pacific/Kiritimati", -3) + `"}`})
	expect(t, r, http.StatusCreated, "")
	data(t, r, inv)
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/process"})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	if v := violations(t, r); v["dueDate"] == "" {
		t.Errorf("no violation on dueDate: %v", v)
	}
}
