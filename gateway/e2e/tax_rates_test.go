package e2e

import (
	"net/http"
	"strings"
	"testing"

	billingv1 "billing/gateway/gen/billing/v1"
)

// Tax rates over REST (issue 19): create (201, Location, idempotent replay),
// get, list with the active filter, PATCH by the body's fields with
// ETag/If-Match, archive with active false; 400 naming each bad field, and
// another account's rate 404.
func TestTaxRates(t *testing.T) {
	e := newEnv(t)

	const standard = `{"displayName":"VAT","percentage":"19","country":"DE","category":"s"}`
	r := e.do(req{method: "POST", path: "/api/v1/tax-rates", body: standard, header: map[string]string{"Idempotency-Key": "txr-e2e-1"}})
	expect(t, r, http.StatusCreated, "")
	if r.Env.GetType() != "TaxRate" {
		t.Fatalf("type %q", r.Env.GetType())
	}
	vat := &billingv1.TaxRate{}
	data(t, r, vat)
	if vat.Percentage != "19" || vat.Category != billingv1.TaxCategory_TAX_CATEGORY_S || !vat.GetActive() {
		t.Fatalf("created %+v", vat)
	}
	if r.Header.Get("Location") != "/api/v1/tax-rates/"+vat.Id {
		t.Errorf("Location %q", r.Header.Get("Location"))
	}
	if got := rawData(t, r); !containsAll(got, `"percentage":"19"`, `"category":"s"`, `"active":true`, `"exemptionReasonCode":""`) {
		t.Errorf("REST JSON %s", got)
	}
	// The same request with its key again: the first answer, nothing new.
	r = e.do(req{method: "POST", path: "/api/v1/tax-rates", body: standard, header: map[string]string{"Idempotency-Key": "txr-e2e-1"}})
	expect(t, r, http.StatusCreated, "")
	again := &billingv1.TaxRate{}
	data(t, r, again)
	if r.Header.Get("Idempotent-Replayed") != "true" || again.Id != vat.Id {
		t.Errorf("replay: %q, id %s, want true and %s", r.Header.Get("Idempotent-Replayed"), again.Id, vat.Id)
	}

	r = e.do(req{method: "POST", path: "/api/v1/tax-rates", body: `{"displayName":"Reverse charge","percentage":"0","category":"ae","exemptionReasonCode":"VATEX-EU-AE"}`})
	expect(t, r, http.StatusCreated, "")
	reverse := &billingv1.TaxRate{}
	data(t, r, reverse)
	if reverse.ExemptionReason != "Reverse charge" || reverse.Category != billingv1.TaxCategory_TAX_CATEGORY_AE {
		t.Fatalf("reverse charge %+v", reverse)
	}

	// Bad input: 400 naming each field, nothing written.
	for body, fields := range map[string][]string{
		`{"displayName":"VAT","percentage":"100.5","category":"s"}`:                                 {"percentage"},
		`{"displayName":"VAT","percentage":"-1","category":"s"}`:                                    {"percentage"},
		`{"displayName":"VAT","percentage":"19.12345","category":"s"}`:                              {"percentage"},
		`{"displayName":"VAT","percentage":"0","category":"e"}`:                                     {"exemptionReasonCode"},
		`{"displayName":"VAT","percentage":"0","category":"ae","exemptionReasonCode":"VATEX-EU-X"}`: {"exemptionReasonCode"},
		`{"displayName":"","percentage":"19","country":"XX","category":"s"}`:                        {"displayName", "country"},
	} {
		r = e.do(req{method: "POST", path: "/api/v1/tax-rates", body: body})
		expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
		v := violations(t, r)
		for _, f := range fields {
			if v[f] == "" {
				t.Errorf("%s: no violation on %s: %v", body, f, v)
			}
		}
	}

	// An unknown category word is a body that does not decode, as for every
	// enum (docs/errors.md): 422 INVALID_BODY, naming the field.
	r = e.do(req{method: "POST", path: "/api/v1/tax-rates", body: `{"displayName":"VAT","percentage":"19","category":"standard"}`})
	expect(t, r, http.StatusUnprocessableEntity, "INVALID_BODY")
	if v := violations(t, r); v["category"] == "" {
		t.Errorf("no violation on category: %v", v)
	}

	r = e.do(req{method: "GET", path: "/api/v1/tax-rates/" + vat.Id})
	expect(t, r, http.StatusOK, "")
	etag := r.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	r = e.do(req{method: "GET", path: "/api/v1/tax-rates"})
	expect(t, r, http.StatusOK, "")
	checkPaging(t, r, 2)
	if list := items[*billingv1.TaxRate](t, r); len(list) != 2 || list[0].Id != vat.Id || list[1].Id != reverse.Id {
		t.Fatalf("list %v", list)
	}

	// Another account sees none of it.
	other := e.as(e.server.createKey(t, "acct_txr_other", "all"))
	r = other.do(req{method: "GET", path: "/api/v1/tax-rates/" + vat.Id})
	expect(t, r, http.StatusNotFound, "TAX_RATE_NOT_FOUND")
	r = other.do(req{method: "PATCH", path: "/api/v1/tax-rates/" + vat.Id, body: `{"active":false}`})
	expect(t, r, http.StatusNotFound, "TAX_RATE_NOT_FOUND")

	// PATCH: a stale If-Match is 412; the current one archives the rate.
	r = e.do(req{method: "PATCH", path: "/api/v1/tax-rates/" + vat.Id, body: `{"active":false}`, header: map[string]string{"If-Match": `"stale"`}})
	expect(t, r, http.StatusPreconditionFailed, "PRECONDITION_FAILED")
	r = e.do(req{method: "PATCH", path: "/api/v1/tax-rates/" + vat.Id, body: `{"percentage":"101"}`})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	if v := violations(t, r); v["percentage"] == "" {
		t.Errorf("no violation on percentage: %v", v)
	}
	r = e.do(req{method: "PATCH", path: "/api/v1/tax-rates/" + vat.Id, body: `{"active":false}`, header: map[string]string{"If-Match": etag}})
	expect(t, r, http.StatusOK, "")
	archived := &billingv1.TaxRate{}
	data(t, r, archived)
	if archived.GetActive() || archived.Percentage != "19" || r.Header.Get("ETag") == etag {
		t.Fatalf("archived %+v (ETag %q)", archived, r.Header.Get("ETag"))
	}
	r = e.do(req{method: "GET", path: "/api/v1/tax-rates?active=true"})
	expect(t, r, http.StatusOK, "")
	if list := items[*billingv1.TaxRate](t, r); len(list) != 1 || list[0].Id != reverse.Id {
		t.Fatalf("active %v", list)
	}
	r = e.do(req{method: "GET", path: "/api/v1/tax-rates?active=false"})
	expect(t, r, http.StatusOK, "")
	if list := items[*billingv1.TaxRate](t, r); len(list) != 1 || list[0].Id != vat.Id {
		t.Fatalf("archived %v", list)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
