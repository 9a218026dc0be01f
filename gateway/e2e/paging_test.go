package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// walkByToken lists path (which has a query) page by page, following
// nextPageToken; the items' ids in order and each page's number.
func walkByToken(t *testing.T, e *env, path string) (ids []string, pages []int32) {
	t.Helper()
	next := path
	for len(pages) < 20 {
		r := e.do(req{method: "GET", path: next})
		expect(t, r, http.StatusOK, "")
		var body struct {
			Data []struct {
				ID string `json:"id"`
			} `json:"data"`
			NextPageToken string `json:"nextPageToken"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatalf("%s: %v", next, err)
		}
		for _, d := range body.Data {
			ids = append(ids, d.ID)
		}
		pages = append(pages, r.Env.GetPage())
		if body.NextPageToken == "" {
			return ids, pages
		}
		next = path + "&pageToken=" + url.QueryEscape(body.NextPageToken)
	}
	t.Fatalf("%s: more than 20 pages", path)
	return nil, nil
}

// Payments, credit notes, ledger entries and webhook deliveries page by
// pageToken as the other lists do (they paged only by number): the walk
// gives what one big page gives, in order, each page numbered from the start.
func TestEveryListPagesByTokenOverREST(t *testing.T) {
	e := newEnvWith(t, []string{"--webhooks_allow_private_networks"}, nil)
	ep := e.createEndpoint("http://127.0.0.1:9/hooks", "*")
	c := e.createCustomer("Token Co", "USD")
	inv := e.createInvoice(`{"customerId":"` + c.Id + `","amount":"100.00","dueDate":"2099-12-31"}`)
	expect(t, e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/process"}), http.StatusOK, "")
	for i := 0; i < 5; i++ {
		expect(t, e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/payments", body: `{"amount":"1.00","method":"card"}`}), http.StatusCreated, "")
	}
	for i := 0; i < 4; i++ {
		expect(t, e.do(req{method: "POST", path: "/api/v1/invoices/" + inv.Id + "/credit-notes", body: `{"amount":"2.00","reason":"other"}`}), http.StatusCreated, "")
	}
	for _, list := range []struct {
		path string
		n    int
	}{
		{"/api/v1/payments?customerId=" + c.Id, 5},
		{"/api/v1/invoices/" + inv.Id + "/payments?", 5},
		{"/api/v1/credit-notes?invoiceId=" + inv.Id, 4},
		{"/api/v1/customers/" + c.Id + "/ledger-entries?", 10},
		{"/api/v1/webhook-endpoints/" + ep.Id + "/deliveries?", 0},
	} {
		sep := "&"
		if strings.HasSuffix(list.path, "?") {
			sep = ""
		}
		all, _ := walkByToken(t, e, list.path+sep+"pageSize=100")
		if list.n > 0 && len(all) != list.n {
			t.Errorf("%s: %d items, want %d", list.path, len(all), list.n)
		}
		if len(all) < 4 {
			t.Fatalf("%s: %d items, too few to page", list.path, len(all))
		}
		walked, pages := walkByToken(t, e, list.path+sep+"pageSize=2")
		want := []int32{}
		for p := 1; p <= (len(all)+1)/2; p++ {
			want = append(want, int32(p))
		}
		if !reflect.DeepEqual(walked, all) || !reflect.DeepEqual(pages, want) {
			t.Errorf("%s: walked %v on pages %v, want %v on pages %v", list.path, walked, pages, all, want)
		}
	}
	// A token continues only its own list.
	r := e.do(req{method: "GET", path: "/api/v1/payments?customerId=" + c.Id + "&pageSize=2"})
	var body struct {
		NextPageToken string `json:"nextPageToken"`
	}
	_ = json.Unmarshal(r.Body, &body)
	if body.NextPageToken == "" {
		t.Fatalf("no nextPageToken: %s", r.Body)
	}
	r = e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/credit-notes?customerId=%s&pageSize=2&pageToken=%s", c.Id, url.QueryEscape(body.NextPageToken))})
	expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
	if _, ok := violations(t, r)["pageToken"]; !ok {
		t.Errorf("no pageToken violation: %s", r.Body)
	}
}

// A page token is bound to the account it was given to: another account
// sending it is refused like any token the list did not give out, on every
// list that gives them (it continued the list at the other account's
// cursor).
func TestAPageTokenIsRefusedToAnotherAccount(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 3; i++ {
		c := e.createCustomer(fmt.Sprintf("Mine %d", i), "USD")
		e.createInvoice(`{"customerId":"` + c.Id + `","amount":"1.00","dueDate":"2099-12-31"}`)
	}
	other := e.as(e.server.createKey(t, "acct_other_e2e", "all"))
	for i := 0; i < 3; i++ {
		c := other.createCustomer(fmt.Sprintf("Theirs %d", i), "USD")
		other.createInvoice(`{"customerId":"` + c.Id + `","amount":"1.00","dueDate":"2099-12-31"}`)
	}
	for _, list := range []string{"/api/v1/customers?pageSize=1", "/api/v1/invoices?pageSize=1", "/api/v1/events?pageSize=1"} {
		r := e.do(req{method: "GET", path: list})
		expect(t, r, http.StatusOK, "")
		var body struct {
			NextPageToken string `json:"nextPageToken"`
		}
		_ = json.Unmarshal(r.Body, &body)
		if body.NextPageToken == "" {
			t.Fatalf("%s: no nextPageToken: %s", list, r.Body)
		}
		path := list + "&pageToken=" + url.QueryEscape(body.NextPageToken)
		expect(t, e.do(req{method: "GET", path: path}), http.StatusOK, "")
		r = other.do(req{method: "GET", path: path})
		expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
		if _, ok := violations(t, r)["pageToken"]; !ok {
			t.Errorf("%s as another account: no pageToken violation: %s", list, r.Body)
		}
	}
}
