package e2e

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
)

// situationalHeader: a documented header that only some answers of that
// status carry, so its absence is no contract breach: Idempotent-Replayed
// (only replays), a 409's Retry-After (only IDEMPOTENCY_KEY_IN_PROGRESS),
// and ETag when the resource has no etag (a stub upstream's).
func situationalHeader(name string, r *reply) bool {
	switch http.CanonicalHeaderKey(name) {
	case "Idempotent-Replayed":
		return true
	case "Retry-After":
		return r.Status == http.StatusConflict
	case "Etag":
		var body struct {
			Data struct {
				Etag string `json:"etag"`
			} `json:"data"`
		}
		_ = json.Unmarshal(r.Body, &body)
		return body.Data.Etag == ""
	}
	return false
}

// An event is a single resource like any other: GET /events/{id} answers
// its etag as the ETag header, the same every time (an event never
// changes), and If-None-Match with it is 304 with no body.
func TestEventGetHasAnETagAndIfNoneMatchIs304(t *testing.T) {
	e := newEnv(t)
	e.createCustomer("Etag Co", "USD")
	r := e.do(req{method: "GET", path: "/api/v1/events?type=customer.created"})
	expect(t, r, http.StatusOK, "")
	var listed []struct {
		ID   string `json:"id"`
		Etag string `json:"etag"`
	}
	if err := json.Unmarshal([]byte(rawData(t, r)), &listed); err != nil || len(listed) != 1 {
		t.Fatalf("listed %v: %s", err, rawData(t, r))
	}
	path := "/api/v1/events/" + listed[0].ID

	r = e.do(req{method: "GET", path: path})
	expect(t, r, http.StatusOK, "")
	etag := r.Header.Get("ETag")
	var shown struct {
		Etag string `json:"etag"`
	}
	_ = json.Unmarshal([]byte(rawData(t, r)), &shown)
	if shown.Etag == "" || etag != strconv.Quote(shown.Etag) || shown.Etag != listed[0].Etag {
		t.Fatalf("ETag header %q, data etag %q, listed etag %q", etag, shown.Etag, listed[0].Etag)
	}
	if again := e.do(req{method: "GET", path: path}); again.Header.Get("ETag") != etag {
		t.Errorf("a second GET: ETag %q, want %q", again.Header.Get("ETag"), etag)
	}

	r = e.do(req{method: "GET", path: path, header: map[string]string{"If-None-Match": etag}})
	if r.Status != http.StatusNotModified || len(r.Body) != 0 || r.Header.Get("ETag") != etag {
		t.Errorf("If-None-Match with the current ETag: %d, ETag %q, body %q; want 304, %q, none", r.Status, r.Header.Get("ETag"), r.Body, etag)
	}
	r = e.do(req{method: "GET", path: path, header: map[string]string{"If-None-Match": `"another"`}})
	expect(t, r, http.StatusOK, "")
}

// If-Match and If-None-Match are read by one rule (RFC 9110 8.8.3): "*" or
// quoted entity-tags. An unquoted tag is 400 VALIDATION_ERROR in either
// (If-Match took one, If-None-Match ignored it), and nothing is written.
func TestConditionalHeadersShareOneEntityTagRule(t *testing.T) {
	e := newEnv(t)
	c := e.createCustomer("Quoted Co", "USD")
	path := "/api/v1/customers/" + c.Id
	r := e.do(req{method: "GET", path: path})
	expect(t, r, http.StatusOK, "")
	etag := r.Header.Get("ETag")
	bare, err := strconv.Unquote(etag)
	if err != nil {
		t.Fatalf("ETag %q is not quoted", etag)
	}

	for _, h := range []string{"If-Match", "If-None-Match"} {
		method, body := "PATCH", `{"name":"Renamed"}`
		if h == "If-None-Match" {
			method, body = "GET", ""
		}
		for _, bad := range []string{bare, bare + `, "x"`, `"unterminated`, `W/` + bare} {
			r := e.do(req{method: method, path: path, body: body, header: map[string]string{h: bad}})
			expect(t, r, http.StatusBadRequest, "VALIDATION_ERROR")
			field := map[string]string{"If-Match": "ifMatch", "If-None-Match": "ifNoneMatch"}[h]
			if violations(t, r)[field] == "" {
				t.Errorf("%s: %s answer does not name %s: %s", h, bad, field, r.Body)
			}
		}
	}
	if r := e.do(req{method: "GET", path: path}); r.Header.Get("ETag") != etag {
		t.Fatalf("a refused If-Match wrote: ETag %q, was %q", r.Header.Get("ETag"), etag)
	}
	// Quoted, weak, listed and * are entity-tags to both.
	for _, good := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
		if r := e.do(req{method: "GET", path: path, header: map[string]string{"If-None-Match": good}}); r.Status != http.StatusNotModified {
			t.Errorf("If-None-Match %s: %d, want 304", good, r.Status)
		}
	}
	r = e.do(req{method: "PATCH", path: path, body: `{"name":"Renamed"}`, header: map[string]string{"If-Match": `"other", ` + etag}})
	expect(t, r, http.StatusOK, "")
	// An empty header lists no tag: read as not sent, by both.
	expect(t, e.do(req{method: "GET", path: path, header: map[string]string{"If-None-Match": ""}}), http.StatusOK, "")
	expect(t, e.do(req{method: "PATCH", path: path, body: `{"name":"Renamed again"}`, header: map[string]string{"If-Match": " "}}), http.StatusOK, "")
}
