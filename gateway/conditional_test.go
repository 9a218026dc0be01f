package gateway

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
)

func TestConditionalRefusalsGetTheirHTTPForm(t *testing.T) {
	reused := fromStatus(serviceStatus(t, codes.FailedPrecondition, "IDEMPOTENCY_KEY_REUSED", "used for another request"))
	if reused.Status != 422 || reused.Code != "IDEMPOTENCY_KEY_REUSED" {
		t.Errorf("reused key: %d %s, want 422 IDEMPOTENCY_KEY_REUSED", reused.Status, reused.Code)
	}

	st, err := status.New(codes.Aborted, "in progress").WithDetails(
		&errdetails.ErrorInfo{Reason: "IDEMPOTENCY_KEY_IN_PROGRESS", Domain: serviceDomain},
		&errdetails.RetryInfo{RetryDelay: durationpb.New(2e9)})
	if err != nil {
		t.Fatal(err)
	}
	busy := fromStatus(st)
	if busy.Status != 409 || busy.Header.Get("Retry-After") != "2" {
		t.Errorf("key in progress: %d Retry-After %q, want 409 and 2", busy.Status, busy.Header.Get("Retry-After"))
	}

	st, err = status.New(codes.FailedPrecondition, `the invoice has changed; its current etag is "abc"`).WithDetails(
		&errdetails.ErrorInfo{Reason: "ETAG_MISMATCH", Domain: serviceDomain, Metadata: map[string]string{"etag": "abc"}})
	if err != nil {
		t.Fatal(err)
	}
	stale := fromStatus(st)
	if stale.Status != 412 || stale.Code != CodePreconditionFailed || stale.Header.Get("ETag") != `"abc"` {
		t.Errorf("stale If-Match: %d %s ETag %q, want 412 PRECONDITION_FAILED \"abc\"", stale.Status, stale.Code, stale.Header.Get("ETag"))
	}

	other := fromStatus(serviceStatus(t, codes.FailedPrecondition, "INVALID_STATE_TRANSITION", "no"))
	if other.Status != 409 {
		t.Errorf("other FAILED_PRECONDITION: %d, want 409 as before", other.Status)
	}
}

func TestIdempotencyKeyHeaderIsChecked(t *testing.T) {
	for _, tc := range []struct {
		keys []string
		ok   bool
	}{
		{nil, true},
		{[]string{"a"}, true},
		{[]string{strings.Repeat("~", 255)}, true},
		{[]string{"order 42/retry"}, true},
		{[]string{""}, false},
		{[]string{strings.Repeat("k", 256)}, false},
		{[]string{"caf\xc3\xa9"}, false},
		{[]string{"tab\t"}, false},
		{[]string{"a", "b"}, false},
	} {
		r := httptest.NewRequest("POST", "/api/v1/invoices", nil)
		for _, k := range tc.keys {
			r.Header.Add("Idempotency-Key", k)
		}
		e := checkIdempotencyKey(r)
		if (e == nil) != tc.ok {
			t.Errorf("keys %q: refused=%v, want ok=%v", tc.keys, e != nil, tc.ok)
		}
		if e != nil && (e.Status != 400 || e.Code != CodeValidationError) {
			t.Errorf("keys %q: %d %s, want 400 VALIDATION_ERROR", tc.keys, e.Status, e.Code)
		}
	}
}

func TestNotModifiedOnlyForTheCurrentETag(t *testing.T) {
	serve := func(ifNoneMatch string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/api/v1/invoices/inv_1", nil)
		if ifNoneMatch != "" {
			r.Header.Set("If-None-Match", ifNoneMatch)
		}
		w := withNotModified(rec, r)
		w.Header().Set("ETag", `"v2"`)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"data":{}}`))
		return rec
	}
	for inm, want := range map[string]int{`"v2"`: 304, `"v1", "v2"`: 304, `W/"v2"`: 304, "*": 304, `"v1"`: 200, "": 200} {
		rec := serve(inm)
		if rec.Code != want {
			t.Errorf("If-None-Match %q: %d, want %d", inm, rec.Code, want)
		}
		if want == 304 && (rec.Body.Len() != 0 || rec.Header().Get("Content-Type") != "") {
			t.Errorf("If-None-Match %q: a 304 with a body or Content-Type", inm)
		}
	}
}
