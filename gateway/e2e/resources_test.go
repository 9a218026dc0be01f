package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"google.golang.org/protobuf/types/known/timestamppb"

	billingv1 "billing/gateway/gen/billing/v1"
)

// The resources as the contract defines them: the generated types, read
// from answers by gateway.DecodeEnvelope (unknown fields refused).
type (
	customer           = billingv1.Customer
	invoice            = billingv1.Invoice
	revenueCalculation = billingv1.RevenueCalculation
)

// checkTime: a set timestamp is valid (the envelope check reads it as RFC
// 3339); nil is an unset one.
func checkTime(t *testing.T, what string, ts *timestamppb.Timestamp, wantSet bool) {
	t.Helper()
	if ts == nil {
		if wantSet {
			t.Errorf("%s is null", what)
		}
		return
	}
	if !wantSet {
		t.Errorf("%s is %v, want null", what, ts.AsTime())
	}
	if err := ts.CheckValid(); err != nil {
		t.Errorf("%s: %v", what, err)
	}
}

func (e *env) createCustomer(name, currency string) *customer {
	e.t.Helper()
	r := e.do(req{method: "POST", path: "/api/v1/customers",
		body: fmt.Sprintf(`{"name":%q,"email":"%s@example.com","defaultCurrency":%q}`, name, strings.ToLower(strings.ReplaceAll(name, " ", ".")), currency)})
	expect(e.t, r, http.StatusCreated, "")
	c := &customer{}
	data(e.t, r, c)
	if r.Header.Get("Location") != "/api/v1/customers/"+c.Id {
		e.t.Fatalf("Location %q for %s", r.Header.Get("Location"), c.Id)
	}
	return c
}

func (e *env) createInvoice(body string) *invoice {
	e.t.Helper()
	r := e.do(req{method: "POST", path: "/api/v1/invoices", body: body})
	expect(e.t, r, http.StatusCreated, "")
	inv := &invoice{}
	data(e.t, r, inv)
	if r.Env.GetType() != "Invoice" || r.Header.Get("Location") != "/api/v1/invoices/"+inv.Id {
		e.t.Fatalf("type %q Location %q for %s", r.Env.GetType(), r.Header.Get("Location"), inv.Id)
	}
	return inv
}

func (e *env) getInvoice(id string) *invoice {
	e.t.Helper()
	r := e.do(req{method: "GET", path: "/api/v1/invoices/" + id})
	expect(e.t, r, http.StatusOK, "")
	inv := &invoice{}
	data(e.t, r, inv)
	return inv
}

func (e *env) invoiceAction(id, action string) *reply {
	e.t.Helper()
	return e.do(req{method: "POST", path: "/api/v1/invoices/" + id + "/" + action})
}
