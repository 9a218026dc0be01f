package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"billing/gateway/internal/restapi"
)

// The answer of an error: the gateway's codes, the gRPC → HTTP status table,
// the mux's error and routing-error handlers (405's Allow from the routing
// table), REST names in the service's messages.

// The gateway's own error codes (the service's come in ErrorInfo.reason).
const (
	CodeRouteNotFound        = "ROUTE_NOT_FOUND"
	CodeMethodNotAllowed     = "METHOD_NOT_ALLOWED"
	CodeNotAcceptable        = "NOT_ACCEPTABLE"
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	CodeMalformedJSON        = "MALFORMED_JSON"
	CodeInvalidParameter     = "INVALID_PARAMETER"
	CodeInvalidBody          = "INVALID_BODY"
	CodePayloadTooLarge      = "PAYLOAD_TOO_LARGE"
	CodeHeaderTooLarge       = "HEADER_TOO_LARGE"
	CodeUpstreamUnavailable  = "UPSTREAM_UNAVAILABLE"
	CodeUpstreamTimeout      = "UPSTREAM_TIMEOUT"
	CodeVersionSunset        = "VERSION_SUNSET"
	CodeUnknownAPIVersion    = "UNKNOWN_API_VERSION"
	CodeResponseInvalid      = "RESPONSE_INVALID"
	CodeInternal             = "INTERNAL"
	// CodeValidationError is the service's code for a bad field; the
	// gateway uses it for a path parameter it cannot even send upstream.
	CodeValidationError = "VALIDATION_ERROR"
)

// authChallenges are the WWW-Authenticate challenges of a 401: the service
// takes an API key or a bearer token in the Authorization header.
var authChallenges = []string{`Apikey realm="billing"`, `Bearer realm="billing"`}

// serviceDomain is the ErrorInfo domain of the billing service.
const serviceDomain = "billing.v1"

// retryAfterSeconds is what a 503 tells the client to wait.
const retryAfterSeconds = restapi.RetryAfterSeconds

const genericInternalMessage = "internal error; retry later or report the request id"

// apiError is an answer the gateway decides itself.
type apiError struct {
	Status     int
	Code       string
	Message    string
	Violations []FieldViolation
	Header     http.Header // extra headers: Allow, Retry-After, Link
	cause      error       // logged, never sent
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// statusMapping is one row of the gRPC code → HTTP status table.
type statusMapping struct {
	HTTP int
	// Fallback is the errorCode when the status carries no ErrorInfo
	// reason (an error that did not come from the service's handlers).
	Fallback string
	// Generic hides the upstream message, which may hold internal detail.
	Generic bool
}

// statusTable maps every gRPC code; a code not in it is treated as Unknown.
var statusTable = map[codes.Code]statusMapping{
	codes.InvalidArgument:    {HTTP: http.StatusBadRequest, Fallback: "INVALID_ARGUMENT"},
	codes.OutOfRange:         {HTTP: http.StatusInternalServerError, Fallback: CodeInternal, Generic: true},
	codes.Unauthenticated:    {HTTP: http.StatusUnauthorized, Fallback: "UNAUTHENTICATED"},
	codes.PermissionDenied:   {HTTP: http.StatusForbidden, Fallback: "PERMISSION_DENIED"},
	codes.NotFound:           {HTTP: http.StatusNotFound, Fallback: "NOT_FOUND"},
	codes.AlreadyExists:      {HTTP: http.StatusConflict, Fallback: "ALREADY_EXISTS"},
	codes.FailedPrecondition: {HTTP: http.StatusConflict, Fallback: "FAILED_PRECONDITION"},
	codes.Aborted:            {HTTP: http.StatusConflict, Fallback: "ABORTED"},
	codes.ResourceExhausted:  {HTTP: http.StatusTooManyRequests, Fallback: "RESOURCE_EXHAUSTED"},
	codes.Unimplemented:      {HTTP: http.StatusNotImplemented, Fallback: "UNIMPLEMENTED"},
	codes.Unavailable:        {HTTP: http.StatusServiceUnavailable, Fallback: CodeUpstreamUnavailable},
	codes.DeadlineExceeded:   {HTTP: http.StatusGatewayTimeout, Fallback: CodeUpstreamTimeout},
	codes.Canceled:           {HTTP: http.StatusInternalServerError, Fallback: CodeInternal, Generic: true},
	codes.Unknown:            {HTTP: http.StatusInternalServerError, Fallback: CodeInternal, Generic: true},
	codes.Internal:           {HTTP: http.StatusInternalServerError, Fallback: CodeInternal, Generic: true},
	codes.DataLoss:           {HTTP: http.StatusInternalServerError, Fallback: CodeInternal, Generic: true},
}

// fromStatus turns a gRPC status into the gateway's answer: the HTTP status
// by the table, the errorCode from the service's ErrorInfo, and its field
// violations in camelCase.
func fromStatus(st *status.Status) *apiError {
	m, ok := statusTable[st.Code()]
	if !ok || st.Code() == codes.OK {
		m = statusTable[codes.Unknown]
	}
	e := &apiError{Status: m.HTTP, Code: m.Fallback, Message: restNames(st.Message())}
	fromService := false
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			if d.GetReason() != "" {
				e.Code = d.GetReason()
				fromService = d.GetDomain() == serviceDomain
			}
		case *errdetails.BadRequest:
			for _, v := range d.GetFieldViolations() {
				e.Violations = append(e.Violations, FieldViolation{
					Field: camelPath(v.GetField()), Description: restNames(v.GetDescription()),
				})
			}
		}
	}
	conditionalError(e, st)
	switch {
	case m.Generic:
		e.Message = genericInternalMessage
		e.Violations = nil
	case st.Code() == codes.Unavailable && !fromService:
		// The transport's own error: the service could not be reached.
		e.Message = "the billing service is unavailable; retry later with the same Idempotency-Key"
	case st.Code() == codes.DeadlineExceeded && !fromService:
		e.Message = "the billing service did not answer in time; the write may have happened: retry with the same Idempotency-Key to get its answer"
	case e.Message == "":
		e.Message = strings.ToLower(strings.ReplaceAll(e.Code, "_", " "))
	}
	switch e.Status {
	case http.StatusServiceUnavailable, http.StatusTooManyRequests:
		e.Header = http.Header{"Retry-After": {strconv.Itoa(retryDelaySeconds(st, retryAfterSeconds))}}
	case http.StatusUnauthorized:
		// RFC 9110: a 401 names the schemes that can authenticate.
		e.Header = http.Header{}
		for _, c := range authChallenges {
			e.Header.Add("WWW-Authenticate", c)
		}
	}
	return e
}

// camelPath turns the service's snake_case field path into REST's
// camelCase: line_items[0].unit_amount → lineItems[0].unitAmount.
func camelPath(p string) string {
	var b strings.Builder
	up := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '_' && i+1 < len(p) && isIdentChar(p[i+1]) && p[i+1] != '_' && b.Len() > 0 && p[i-1] != '.':
			up = true
		case up:
			if c >= 'a' && c <= 'z' {
				c = c - 'a' + 'A'
			}
			b.WriteByte(c)
			up = false
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// toAPIError classifies any error reaching the gateway's error handler.
func toAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var he *runtime.HTTPStatusError
	if errors.As(err, &he) {
		if errors.As(he.Err, &ae) {
			return ae
		}
		return routingError(he.HTTPStatus, "", "", nil)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fromStatus(status.New(codes.DeadlineExceeded, ""))
	}
	return fromStatus(status.Convert(err))
}

// routingError is the answer for a request the routes do not take.
func routingError(httpStatus int, method, path string, allowed []string) *apiError {
	switch httpStatus {
	case http.StatusMethodNotAllowed:
		return &apiError{
			Status: http.StatusMethodNotAllowed, Code: CodeMethodNotAllowed,
			Message: fmt.Sprintf("method %s is not allowed on %s; allowed: %s", method, path, strings.Join(allowed, ", ")),
			Header:  http.Header{"Allow": {strings.Join(allowed, ", ")}},
		}
	case http.StatusNotFound:
		return &apiError{Status: http.StatusNotFound, Code: CodeRouteNotFound,
			Message: fmt.Sprintf("no route for %s %s", method, path)}
	case http.StatusBadRequest:
		return &apiError{Status: http.StatusBadRequest, Code: CodeInvalidParameter,
			Message: "the request path is malformed"}
	default:
		return &apiError{Status: http.StatusInternalServerError, Code: CodeInternal, Message: genericInternalMessage}
	}
}

// writeError sends an error with the envelope.
func writeError(w http.ResponseWriter, r *http.Request, e *apiError) {
	// A success's Location, set before the error, does not belong to it.
	w.Header().Del("Location")
	for k, vs := range e.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	ex := exchangeFrom(r.Context())
	if e.cause != nil {
		slog.Error("request failed", "request_id", ex.RequestID, "status", e.Status, "error_code", e.Code, "cause", e.cause.Error())
	} else if e.Status >= 500 {
		slog.Warn("request failed", "request_id", ex.RequestID, "status", e.Status, "error_code", e.Code, "message", e.Message)
	}
	writeEnvelope(w, r, e.Status, errorEnvelope(ex.RequestID, e.Code, e.Message, e.Violations))
}

// handleError is the mux's error handler: every error from the service or
// from grpc-gateway's own decoding ends here. A recorded refusal's replay is
// marked like a success's.
func handleError(ctx context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
	setReplayedHeader(ctx, w)
	ae := toAPIError(err)
	if st, ok := status.FromError(err); ok && ae.Status == http.StatusInternalServerError {
		slog.Error("upstream error", "request_id", exchangeFrom(r.Context()).RequestID,
			"grpc_code", st.Code().String(), "message", st.Message())
	}
	writeError(w, r, ae)
}

// violationError is a refusal naming the bad fields in its message too,
// so that it says what is wrong even to a reader who skips the ErrorDetails.
func violationError(status int, code, what string, vs []FieldViolation) *apiError {
	parts := make([]string, 0, len(vs))
	for _, v := range vs {
		parts = append(parts, v.Field+" "+v.Description)
	}
	return &apiError{Status: status, Code: code, Message: what + ": " + strings.Join(parts, "; "), Violations: vs}
}

// handleRoutingError is the mux's routing-error handler: 404
// ROUTE_NOT_FOUND, 405 METHOD_NOT_ALLOWED with Allow (the methods the
// routing table has for the path), 400 for a path the mux cannot read.
func (g *gateway) handleRoutingError(_ context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, httpStatus int) {
	var allowed []string
	if httpStatus == http.StatusMethodNotAllowed {
		allowed = g.routes.allowed(r)
	}
	writeError(w, r, routingError(httpStatus, r.Method, r.URL.Path, allowed))
}

// The service speaks gRPC, so its messages name fields as the protos do
// (period_start, line_items[0].unit_amount); REST clients know them by their
// JSON names (periodStart, lineItems[0].unitAmount). restNames rewrites
// exactly the contract's own field names and nothing else: an identifier
// changes only when it is a field name of a billing.v1 message.

// restFieldNames maps each snake_case field name of the billing.v1
// messages to its JSON name, from the protobuf registry the generated code
// fills.
var restFieldNames = sync.OnceValue(func() map[string]string {
	names := map[string]string{}
	var addMessage func(md protoreflect.MessageDescriptor)
	addMessage = func(md protoreflect.MessageDescriptor) {
		for i := 0; i < md.Fields().Len(); i++ {
			f := md.Fields().Get(i)
			if strings.Contains(string(f.Name()), "_") {
				names[string(f.Name())] = f.JSONName()
			}
		}
		for i := 0; i < md.Messages().Len(); i++ {
			addMessage(md.Messages().Get(i))
		}
	}
	protoregistry.GlobalFiles.RangeFilesByPackage("billing.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := 0; i < fd.Messages().Len(); i++ {
			addMessage(fd.Messages().Get(i))
		}
		return true
	})
	return names
})

// restNames returns s with every whole identifier that is a billing.v1
// field name replaced by its JSON name; a scope's name (tax_rates:read)
// stays as the credential carries it.
func restNames(s string) string {
	names := restFieldNames()
	var b strings.Builder
	for i := 0; i < len(s); {
		if !isIdentChar(s[i]) {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && isIdentChar(s[j]) {
			j++
		}
		word := s[i:j]
		scope := strings.HasPrefix(s[j:], ":read") || strings.HasPrefix(s[j:], ":write")
		if json, ok := names[word]; ok && !scope {
			word = json
		}
		b.WriteString(word)
		i = j
	}
	return b.String()
}

func isIdentChar(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// retryDelaySeconds is the service's google.rpc.RetryInfo in whole seconds,
// rounded up so that a client never comes back before the delay is over;
// fallback without one.
func retryDelaySeconds(st *status.Status, fallback int) int {
	for _, d := range st.Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok && ri.GetRetryDelay().AsDuration() > 0 {
			return int(math.Ceil(ri.GetRetryDelay().AsDuration().Seconds()))
		}
	}
	return fallback
}

// conditionalError gives the service's conditional-request refusals their
// HTTP form: 422 for a reused key, 409 + Retry-After for one in progress,
// 412 PRECONDITION_FAILED + the current ETag for a stale If-Match.
func conditionalError(e *apiError, st *status.Status) {
	switch e.Code {
	case "IDEMPOTENCY_KEY_REUSED":
		e.Status = http.StatusUnprocessableEntity
	case "IDEMPOTENCY_KEY_IN_PROGRESS":
		e.Header = http.Header{}
		e.Header.Set("Retry-After", strconv.Itoa(retryDelaySeconds(st, 1)))
	case "ETAG_MISMATCH":
		e.Status, e.Code = http.StatusPreconditionFailed, CodePreconditionFailed
		for _, d := range st.Details() {
			if info, ok := d.(*errdetails.ErrorInfo); ok && info.GetMetadata()["etag"] != "" {
				e.Header = http.Header{}
				e.Header.Set("ETag", strconv.Quote(info.GetMetadata()["etag"]))
			}
		}
	}
}
