package gateway

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"

	billingv1 "billing/gateway/gen/billing/v1"
)

// Location names the new resource under the collection the client posted
// to, nested or not, and an upsert's own path.
func TestLocation(t *testing.T) {
	for _, c := range []struct{ path, pattern, want string }{
		{"/api/v1/customers", "/api/v1/customers", "/api/v1/customers/new_1"},
		{"/api/v1/customers/crm-42", "/api/v1/customers/{customer_id}", "/api/v1/customers/new_1"},
		{"/api/v1/invoices/inv_1/payments", "/api/v1/invoices/{invoice_id}/payments", "/api/v1/invoices/inv_1/payments/new_1"},
	} {
		r := httptest.NewRequest("POST", c.path, nil)
		ctx := context.WithValue(r.Context(), exchangeKey{}, &exchange{Path: c.path})
		ctx, err := runtime.AnnotateContext(ctx, runtime.NewServeMux(), r.WithContext(ctx), "/billing.v1.X/Y",
			runtime.WithHTTPPathPattern(c.pattern))
		if err != nil {
			t.Fatal(err)
		}
		if got := location(ctx, "new_1"); got != c.want {
			t.Errorf("%s: Location %s, want %s", c.path, got, c.want)
		}
	}
}

// Every resource a route answers with has its envelopes, and its declared
// type and data field are the response's.
// An answer reads back into its envelope message, strictly.
func serviceStatus(t *testing.T, c codes.Code, reason, msg string, violations ...*errdetails.BadRequest_FieldViolation) *status.Status {
	t.Helper()
	details := []protoadapt.MessageV1{&errdetails.ErrorInfo{Reason: reason, Domain: serviceDomain}}
	if len(violations) > 0 {
		details = append(details, &errdetails.BadRequest{FieldViolations: violations})
	}
	st, err := status.New(c, msg).WithDetails(details...)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestStatusTable(t *testing.T) {
	want := map[codes.Code]int{
		codes.InvalidArgument:    400,
		codes.Unauthenticated:    401,
		codes.PermissionDenied:   403,
		codes.NotFound:           404,
		codes.AlreadyExists:      409,
		codes.FailedPrecondition: 409,
		codes.Aborted:            409,
		codes.ResourceExhausted:  429,
		codes.Unimplemented:      501,
		codes.Unavailable:        503,
		codes.DeadlineExceeded:   504,
		codes.Unknown:            500,
		codes.Internal:           500,
		codes.DataLoss:           500,
		codes.OutOfRange:         500,
		codes.Canceled:           500,
		codes.Code(99):           500,
	}
	for c, httpStatus := range want {
		e := fromStatus(serviceStatus(t, c, "SOME_REASON", "detail of "+c.String()))
		if e.Status != httpStatus {
			t.Errorf("%v → %d, want %d", c, e.Status, httpStatus)
		}
		if e.Code != "SOME_REASON" {
			t.Errorf("%v: errorCode %q, want the ErrorInfo reason", c, e.Code)
		}
		generic := httpStatus == 500
		if generic && e.Message != genericInternalMessage {
			t.Errorf("%v: 500 must have the generic message, got %q", c, e.Message)
		}
		if !generic && e.Message != "detail of "+c.String() {
			t.Errorf("%v: message %q", c, e.Message)
		}
		if (httpStatus == 401) != (len(e.Header.Values("WWW-Authenticate")) == 2) {
			t.Errorf("%v: WWW-Authenticate %q", c, e.Header.Values("WWW-Authenticate"))
		}
		if (httpStatus == 503 || httpStatus == 429) != (e.Header.Get("Retry-After") != "") {
			t.Errorf("%v: Retry-After %q", c, e.Header.Get("Retry-After"))
		}
	}
	// Every gRPC code is in the table.
	for c := codes.Canceled; c <= codes.Unauthenticated; c++ {
		if _, ok := statusTable[c]; !ok {
			t.Errorf("%v missing from the status table", c)
		}
	}
}

func TestServiceErrorKeepsReasonAndCamelCasesViolations(t *testing.T) {
	st := serviceStatus(t, codes.InvalidArgument, "VALIDATION_ERROR", "bad invoice",
		&errdetails.BadRequest_FieldViolation{Field: "line_items[0].unit_amount", Description: "too many decimals"},
		&errdetails.BadRequest_FieldViolation{Field: "due_date", Description: "not a date"},
		&errdetails.BadRequest_FieldViolation{Field: "page_size", Description: "over 100"},
	)
	e := fromStatus(st)
	if e.Status != 400 || e.Code != "VALIDATION_ERROR" || e.Message != "bad invoice" {
		t.Fatalf("got %+v", e)
	}
	want := []string{"lineItems[0].unitAmount", "dueDate", "pageSize"}
	if len(e.Violations) != len(want) {
		t.Fatalf("violations %+v", e.Violations)
	}
	for i, w := range want {
		if e.Violations[i].Field != w {
			t.Errorf("violation %d: %q, want %q", i, e.Violations[i].Field, w)
		}
	}
}

func TestInternalHidesDetailAndViolations(t *testing.T) {
	st := serviceStatus(t, codes.Internal, "INTERNAL", "sqlite: disk I/O error at /var/lib/x.db",
		&errdetails.BadRequest_FieldViolation{Field: "x", Description: "y"})
	e := fromStatus(st)
	if e.Status != 500 || e.Code != "INTERNAL" || e.Message != genericInternalMessage || e.Violations != nil {
		t.Fatalf("got %+v", e)
	}
}

func TestTransportErrorsWithoutErrorInfo(t *testing.T) {
	e := fromStatus(status.New(codes.Unavailable, "connection refused"))
	if e.Status != 503 || e.Code != CodeUpstreamUnavailable || e.Header.Get("Retry-After") == "" {
		t.Fatalf("unreachable service: %+v", e)
	}
	e = fromStatus(serviceStatus(t, codes.Unavailable, "DATABASE_UNAVAILABLE", "database busy"))
	if e.Status != 503 || e.Code != "DATABASE_UNAVAILABLE" || e.Message != "database busy" {
		t.Fatalf("service's own 503: %+v", e)
	}
	e = fromStatus(status.New(codes.DeadlineExceeded, "context deadline exceeded"))
	if e.Status != 504 || e.Code != CodeUpstreamTimeout {
		t.Fatalf("timeout: %+v", e)
	}
	e = toAPIError(context.DeadlineExceeded)
	if e.Status != 504 {
		t.Fatalf("context deadline: %+v", e)
	}
	e = fromStatus(status.New(codes.NotFound, ""))
	if e.Code != "NOT_FOUND" || e.Message == "" {
		t.Fatalf("bare NOT_FOUND: %+v", e)
	}
}

func TestToAPIError(t *testing.T) {
	own := &apiError{Status: 415, Code: CodeUnsupportedMediaType, Message: "m"}
	if got := toAPIError(own); got != own {
		t.Fatal("an apiError passes through")
	}
	if got := toAPIError(&runtime.HTTPStatusError{HTTPStatus: http.StatusMethodNotAllowed, Err: errors.New("x")}); got.Status != 405 || got.Code != CodeMethodNotAllowed {
		t.Fatalf("HTTPStatusError 405: %+v", got)
	}
	if got := toAPIError(&runtime.HTTPStatusError{HTTPStatus: http.StatusNotFound, Err: errors.New("x")}); got.Code != CodeRouteNotFound {
		t.Fatalf("HTTPStatusError 404: %+v", got)
	}
	if got := toAPIError(errors.New("plain")); got.Status != 500 || got.Message != genericInternalMessage {
		t.Fatalf("plain error: %+v", got)
	}
}

func TestRoutingErrorAllow(t *testing.T) {
	e := routingError(http.StatusMethodNotAllowed, "PATCH", "/api/v1/customers", []string{"GET", "POST"})
	if e.Header.Get("Allow") != "GET, POST" || e.Code != CodeMethodNotAllowed {
		t.Fatalf("%+v", e)
	}
}

func TestCamelPath(t *testing.T) {
	for in, want := range map[string]string{
		"line_items[0].unit_amount":           "lineItems[0].unitAmount",
		"line_items[12].service_period_start": "lineItems[12].servicePeriodStart",
		"due_date":                            "dueDate",
		"update_mask":                         "updateMask",
		"name":                                "name",
		"page_size":                           "pageSize",
		"field_1":                             "field1",
		"":                                    "",
	} {
		if got := camelPath(in); got != want {
			t.Errorf("camelPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRetryInfoSetsRetryAfter(t *testing.T) {
	st, err := status.New(codes.ResourceExhausted, "slow down").WithDetails(
		&errdetails.ErrorInfo{Reason: "RATE_LIMITED", Domain: serviceDomain},
		&errdetails.RetryInfo{RetryDelay: durationpb.New(6500 * time.Millisecond)})
	if err != nil {
		t.Fatal(err)
	}
	e := fromStatus(st)
	if e.Status != 429 || e.Code != "RATE_LIMITED" || e.Header.Get("Retry-After") != "7" {
		t.Fatalf("%+v %v", e, e.Header)
	}
}

// Service messages name fields as the protos do; REST shows the JSON names,
// in the message as in the violations, and changes nothing else.
func TestServiceMessagesUseRESTNames(t *testing.T) {
	st := serviceStatus(t, codes.InvalidArgument, "VALIDATION_ERROR",
		"line_items[0].unit_amount: has more decimals than USD allows; period_end: must not be before period_start (2026-01-01); update_mask: names unknown field",
		&errdetails.BadRequest_FieldViolation{Field: "period_end", Description: "must not be before period_start (2026-01-01)"},
	)
	e := fromStatus(st)
	want := "lineItems[0].unitAmount: has more decimals than USD allows; periodEnd: must not be before periodStart (2026-01-01); updateMask: names unknown field"
	if e.Message != want {
		t.Errorf("message %q\nwant    %q", e.Message, want)
	}
	if e.Violations[0].Description != "must not be before periodStart (2026-01-01)" {
		t.Errorf("description %q", e.Violations[0].Description)
	}
	for _, same := range []string{"snake_case words that are not fields stay", "a_b", "INVOICE_NOT_FOUND", "cus_4f7gq2mxk3nbzt6wvhy5dj2a not found",
		"this call needs the scope tax_rates:write", "tax_rates:read"} {
		if got := restNames(same); got != same {
			t.Errorf("%q became %q", same, got)
		}
	}
}

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
	// Just over two seconds is three: a client told 2 would come back early.
	st, err = status.New(codes.Aborted, "in progress").WithDetails(
		&errdetails.ErrorInfo{Reason: "IDEMPOTENCY_KEY_IN_PROGRESS", Domain: serviceDomain},
		&errdetails.RetryInfo{RetryDelay: durationpb.New(2_000_500_000)})
	if err != nil {
		t.Fatal(err)
	}
	if got := fromStatus(st).Header.Get("Retry-After"); got != "3" {
		t.Errorf("key in progress for 2.0005 s: Retry-After %q, want 3", got)
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

// A page continued from a token may sit off the page-number grid after
// another caller's delete; it is still a valid answer, unless overfull.
// A document (google.api.HttpBody) is answered as its bytes, inline with
// the file name the service gave it, and tagged by a hash of the bytes: the
// same bytes, the same tag, on any replica.
func TestDocumentHeaders(t *testing.T) {
	file, err := anypb.New(&billingv1.DocumentFile{FileName: "INV-000042.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	headersOf := func(data string, ext ...*anypb.Any) http.Header {
		w := httptest.NewRecorder()
		documentHeaders(w, &httpbody.HttpBody{ContentType: "application/pdf", Data: []byte(data), Extensions: ext})
		return w.Header()
	}
	h := headersOf("%PDF-1.5 one", file)
	if got := h.Get("Content-Disposition"); got != `inline; filename="INV-000042.pdf"` {
		t.Errorf("Content-Disposition %q", got)
	}
	if again := headersOf("%PDF-1.5 one"); again.Get("ETag") != h.Get("ETag") || !strings.HasPrefix(h.Get("ETag"), `"`) {
		t.Errorf("the same bytes got ETags %q and %q", h.Get("ETag"), again.Get("ETag"))
	}
	if other := headersOf("%PDF-1.5 two"); other.Get("ETag") == h.Get("ETag") {
		t.Errorf("other bytes got the same ETag %q", h.Get("ETag"))
	}
	// A name a header cannot carry as is is left out, never half-quoted.
	bad, _ := anypb.New(&billingv1.DocumentFile{FileName: "a\"b\r\n.pdf"})
	if got := headersOf("x", bad).Get("Content-Disposition"); got != "" {
		t.Errorf("unsafe file name gave Content-Disposition %q", got)
	}
	// The mux's marshaler writes the bytes as they are, JSON for the rest.
	m := &runtime.HTTPBodyMarshaler{Marshaler: restMarshaler{}}
	raw, err := m.Marshal(&httpbody.HttpBody{ContentType: "application/pdf", Data: []byte("%PDF")})
	if err != nil || string(raw) != "%PDF" {
		t.Errorf("marshaled %q, %v", raw, err)
	}
}
