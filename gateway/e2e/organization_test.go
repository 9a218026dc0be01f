package e2e

import (
	"net/http"
	"strings"
	"testing"

	billingv1 "billing/gateway/gen/billing/v1"
)

// The organization singleton over REST: GET, PATCH with the body's fields
// as the mask, ETag/If-Match, the 409 when processing without a seller,
// and the seller frozen on a processed invoice.
func TestOrganization(t *testing.T) {
	e := newEnv(t)

	// A fresh account answers the defaults.
	fresh := e.as(e.server.createKey(t, "acct_org_e2e", "all"))
	r := fresh.do(req{method: "GET", path: "/api/v1/organization"})
	expect(t, r, http.StatusOK, "")
	if r.Env.GetType() != "Organization" {
		t.Fatalf("type %q", r.Env.GetType())
	}
	org := &billingv1.Organization{}
	data(t, r, org)
	if org.LegalName != "" || org.DefaultPaymentTermsDays != 30 || org.InvoiceNumberPrefix != "INV-" {
		t.Fatalf("defaults %+v", org)
	}

	// Processing without a seller: 409, the invoice stays a draft.
	r = fresh.do(req{method: "POST", path: "/api/v1/customers", body: `{"name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR","legalName":"Acme B.V.","billingAddress":{"line1":"Damrak 1","country":"NL"},"taxIds":[{"type":"eu_vat","value":"NL853033937B01"}],"taxExempt":"reverse","paymentTermsDays":14}`})
	expect(t, r, http.StatusCreated, "")
	cust := &billingv1.Customer{}
	data(t, r, cust)
	if cust.LegalName != "Acme B.V." || cust.GetBillingAddress().GetCountry() != "NL" || len(cust.TaxIds) != 1 || cust.TaxExempt != "reverse" || cust.GetPaymentTermsDays() != 14 {
		t.Fatalf("customer %+v", cust)
	}
	r = fresh.do(req{method: "POST", path: "/api/v1/invoices", body: `{"customerId":"` + cust.Id + `","amount":"10.00","dueDate":"2030-01-31"}`})
	expect(t, r, http.StatusCreated, "")
	inv := &billingv1.Invoice{}
	data(t, r, inv)
	r = fresh.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/process"})
	expect(t, r, http.StatusConflict, "ORGANIZATION_INCOMPLETE")
	if !strings.Contains(r.Env.GetMessage(), "legalName") && !strings.Contains(r.Env.GetMessage(), "legal_name") {
		t.Errorf("message %q should name the missing fields", r.Env.GetMessage())
	}

	// PATCH: only the body's fields change; a bad IBAN names its field.
	r = fresh.do(req{method: "PATCH", path: "/api/v1/organization", body: `{"paymentInstructions":{"iban":"DE00370400440532013000"}}`})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	if v := violations(t, r); v["paymentInstructions.iban"] == "" {
		t.Errorf("no violation on paymentInstructions.iban: %v", v)
	}
	r = fresh.do(req{method: "PATCH", path: "/api/v1/organization", body: `{"legalName":"Muster GmbH","address":{"line1":"Hauptstrasse 5","country":"DE"},"taxId":"DE811907980"}`})
	expect(t, r, http.StatusOK, "")
	data(t, r, org)
	etag := r.Header.Get("ETag")
	if org.LegalName != "Muster GmbH" || org.DefaultPaymentTermsDays != 30 || etag == "" {
		t.Fatalf("patched %+v (ETag %q)", org, etag)
	}
	r = fresh.do(req{method: "PATCH", path: "/api/v1/organization", body: `{"tradingName":"Muster"}`, header: map[string]string{"If-Match": `"stale"`}})
	expect(t, r, http.StatusPreconditionFailed, "PRECONDITION_FAILED")

	// Processed now, with the seller and buyer frozen on it.
	r = fresh.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/process"})
	expect(t, r, http.StatusOK, "")
	data(t, r, inv)
	if inv.GetSeller().GetLegalName() != "Muster GmbH" || inv.GetBuyer().GetLegalName() != "Acme B.V." || inv.Number != "INV-000001" {
		t.Fatalf("processed %+v", inv)
	}
	r = fresh.do(req{method: "PATCH", path: "/api/v1/organization", body: `{"legalName":"Renamed AG"}`, header: map[string]string{"If-Match": etag}})
	expect(t, r, http.StatusOK, "")
	r = fresh.do(req{method: "GET", path: "/api/v1/invoices/" + inv.Id})
	expect(t, r, http.StatusOK, "")
	data(t, r, inv)
	if inv.GetSeller().GetLegalName() != "Muster GmbH" {
		t.Fatalf("an issued invoice's seller changed: %+v", inv.GetSeller())
	}
}
