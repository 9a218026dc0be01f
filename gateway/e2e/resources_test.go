package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The REST forms of the resources; decoding refuses unknown fields, so a
// field the gateway adds or renames fails the tests.
type customer struct {
	ID              string  `json:"id"`
	Name            string  `json:"name"`
	Email           string  `json:"email"`
	DefaultCurrency string  `json:"defaultCurrency"`
	CreateTime      *string `json:"createTime"`
	UpdateTime      *string `json:"updateTime"`
	Balances        []struct {
		Currency string `json:"currency"`
		Amount   string `json:"amount"`
	} `json:"balances"`
}

type lineItem struct {
	Description        string `json:"description"`
	Quantity           int64  `json:"quantity"`
	UnitAmount         string `json:"unitAmount"`
	Amount             string `json:"amount"`
	ServicePeriodStart string `json:"servicePeriodStart"`
	ServicePeriodEnd   string `json:"servicePeriodEnd"`
}

type invoice struct {
	ID             string     `json:"id"`
	CustomerID     string     `json:"customerId"`
	Currency       string     `json:"currency"`
	Amount         string     `json:"amount"`
	Status         string     `json:"status"`
	DueDate        string     `json:"dueDate"`
	Notes          string     `json:"notes"`
	LineItems      []lineItem `json:"lineItems"`
	CreateTime     *string    `json:"createTime"`
	UpdateTime     *string    `json:"updateTime"`
	ProcessTime    *string    `json:"processTime"`
	PayTime        *string    `json:"payTime"`
	CancelTime     *string    `json:"cancelTime"`
	Number         string     `json:"number"`
	AmountPaid     string     `json:"amountPaid"`
	AmountCredited string     `json:"amountCredited"`
	AmountDue      string     `json:"amountDue"`
}

type monthlyRevenue struct {
	Month  string `json:"month"`
	Amount string `json:"amount"`
}

type currencyRevenue struct {
	Currency         string           `json:"currency"`
	RecognizedAmount string           `json:"recognizedAmount"`
	DeferredAmount   string           `json:"deferredAmount"`
	Schedule         []monthlyRevenue `json:"schedule"`
}

type revenueCalculation struct {
	ID            string            `json:"id"`
	Status        string            `json:"status"`
	PeriodStart   string            `json:"periodStart"`
	PeriodEnd     string            `json:"periodEnd"`
	CustomerID    string            `json:"customerId"`
	Results       []currencyRevenue `json:"results"`
	FailureReason string            `json:"failureReason"`
	CreateTime    *string           `json:"createTime"`
	StartTime     *string           `json:"startTime"`
	CompleteTime  *string           `json:"completeTime"`
}

// checkTime: a set timestamp is RFC 3339 UTC; nil is an unset one.
func checkTime(t *testing.T, what string, ts *string, wantSet bool) {
	t.Helper()
	if ts == nil {
		if wantSet {
			t.Errorf("%s is null", what)
		}
		return
	}
	if !wantSet {
		t.Errorf("%s is %q, want null", what, *ts)
	}
	if _, err := time.Parse(time.RFC3339Nano, *ts); err != nil || !strings.HasSuffix(*ts, "Z") {
		t.Errorf("%s %q is not RFC 3339 UTC", what, *ts)
	}
}

func (e *env) createCustomer(name, currency string) customer {
	e.t.Helper()
	r := e.do(req{method: "POST", path: "/api/v1/customers",
		body: fmt.Sprintf(`{"name":%q,"email":"%s@example.com","defaultCurrency":%q}`, name, strings.ToLower(strings.ReplaceAll(name, " ", ".")), currency)})
	expect(e.t, r, http.StatusCreated, "")
	var c customer
	data(e.t, r, &c)
	if r.Header.Get("Location") != "/api/v1/customers/"+c.ID {
		e.t.Fatalf("Location %q for %s", r.Header.Get("Location"), c.ID)
	}
	return c
}

func (e *env) createInvoice(body string) invoice {
	e.t.Helper()
	r := e.do(req{method: "POST", path: "/api/v1/invoices", body: body})
	expect(e.t, r, http.StatusCreated, "")
	var inv invoice
	data(e.t, r, &inv)
	if r.Env.Type != "Invoice" || r.Header.Get("Location") != "/api/v1/invoices/"+inv.ID {
		e.t.Fatalf("type %q Location %q for %s", r.Env.Type, r.Header.Get("Location"), inv.ID)
	}
	return inv
}

func (e *env) getInvoice(id string) invoice {
	e.t.Helper()
	r := e.do(req{method: "GET", path: "/api/v1/invoices/" + id})
	expect(e.t, r, http.StatusOK, "")
	var inv invoice
	data(e.t, r, &inv)
	return inv
}

func (e *env) invoiceAction(id, action string) *reply {
	e.t.Helper()
	return e.do(req{method: "POST", path: "/api/v1/invoices/" + id + "/" + action})
}
