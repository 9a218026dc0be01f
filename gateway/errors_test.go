package gateway

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"
	"google.golang.org/protobuf/types/known/durationpb"
)

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
	for _, same := range []string{"snake_case words that are not fields stay", "a_b", "INVOICE_NOT_FOUND", "cus_4f7gq2mxk3nbzt6wvhy5dj2a not found"} {
		if got := restNames(same); got != same {
			t.Errorf("%q became %q", same, got)
		}
	}
}
