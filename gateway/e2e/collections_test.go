package e2e

import (
	"net/http"
	"os/exec"
	"strings"
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

// Issue 22 over REST: overdue and daysOverdue as of today in the
// organization's timeZone, the overdue filter, and the invoice.overdue
// event that `billing-server collections run` records once.
func TestCollectionsOverdueInvoices(t *testing.T) {
	e := newEnv(t)
	// Issued and due today at UTC-12; at UTC+14 today is one or two days later.
	r := e.do(req{method: "PATCH", path: "/api/v1/organization", body: `{"timeZone":"Etc/GMT+12","defaultPaymentTermsDays":0}`})
	expect(t, r, http.StatusOK, "")
	r = e.do(req{method: "POST", path: "/api/v1/customers", body: `{"name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR"}`})
	expect(t, r, http.StatusCreated, "")
	cust := &billingv1.Customer{}
	data(t, r, cust)
	issue := func() *billingv1.Invoice {
		r := e.do(req{method: "POST", path: "/api/v1/invoices", body: `{"customerId":"` + cust.Id + `","amount":"10.00"}`})
		expect(t, r, http.StatusCreated, "")
		inv := &billingv1.Invoice{}
		data(t, r, inv)
		r = e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/process"})
		expect(t, r, http.StatusOK, "")
		data(t, r, inv)
		return inv
	}
	late, paid := issue(), issue()
	r = e.do(req{method: "POST", path: "/api/v1/invoices/" + paid.Id + "/payments", body: `{"amount":"10.00","method":"card"}`})
	expect(t, r, http.StatusCreated, "")
	listed := func(query string) []string {
		r := e.do(req{method: "GET", path: "/api/v1/invoices" + query})
		expect(t, r, http.StatusOK, "")
		ids := []string{}
		for _, inv := range items[*billingv1.Invoice](t, r) {
			ids = append(ids, inv.Id)
		}
		return ids
	}
	if got := listed("?overdue=true"); len(got) != 0 {
		t.Fatalf("overdue=true on the due date lists %v", got)
	}
	r = e.do(req{method: "GET", path: "/api/v1/invoices/" + late.Id})
	expect(t, r, http.StatusOK, "")
	if !strings.Contains(string(r.Body), `"overdue":false`) || !strings.Contains(string(r.Body), `"daysOverdue":0`) {
		t.Errorf("due today: want overdue false and daysOverdue 0 shown, got %s", string(r.Body))
	}

	r = e.do(req{method: "PATCH", path: "/api/v1/organization", body: `{"timeZone":"Pacific/Kiritimati"}`})
	expect(t, r, http.StatusOK, "")
	r = e.do(req{method: "GET", path: "/api/v1/invoices/" + late.Id})
	expect(t, r, http.StatusOK, "")
	got := &billingv1.Invoice{}
	data(t, r, got)
	if !got.Overdue || (got.DaysOverdue != 1 && got.DaysOverdue != 2) {
		t.Errorf("a day or two late: overdue %v daysOverdue %d", got.Overdue, got.DaysOverdue)
	}
	if g := listed("?overdue=true"); len(g) != 1 || g[0] != late.Id {
		t.Errorf("overdue=true lists %v, want [%s]", g, late.Id)
	}
	if g := listed("?overdue=false"); len(g) != 1 || g[0] != paid.Id {
		t.Errorf("overdue=false lists %v, want [%s] (paid)", g, paid.Id)
	}
	r = e.do(req{method: "GET", path: "/api/v1/invoices?overdue=maybe"})
	expect(t, r, http.StatusBadRequest, "INVALID_PARAMETER")

	// Two runs, one event.
	for i := 0; i < 2; i++ {
		out, err := exec.Command(serverBin(t), "collections", "run", "--db="+e.server.db).CombinedOutput()
		if err != nil {
			t.Fatalf("collections run: %v\n%s", err, out)
		}
	}
	r = e.do(req{method: "GET", path: "/api/v1/events?type=invoice.overdue"})
	expect(t, r, http.StatusOK, "")
	events := items[*billingv1.Event](t, r)
	if len(events) != 1 || events[0].ResourceId != late.Id {
		t.Fatalf("invoice.overdue events %v, want one about %s", events, late.Id)
	}
}
