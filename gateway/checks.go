package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/reflect/protoreflect"

	"billing/gateway/internal/restapi"
)

// The request-check stage: the mux's middleware, with what it checks
// against (the routes' body and query rules from the routing table, path and
// query parameters, what a body may carry back).

// MaxBodyBytes is the largest request body the gateway reads (1 MiB).
const MaxBodyBytes = restapi.MaxBodyBytes

// checkRequest is the mux's middleware (runtime.WithMiddlewares): once the
// mux has matched a route it does the HTTP checks of the request, in this
// order: Accept (406), path variables (400), Authorization size (431), body
// (415, 413, 422 when missing, 400 MALFORMED_JSON, 422 INVALID_BODY), query
// (400 INVALID_PARAMETER). What passes is rewritten into protobuf's JSON
// form for the generated handler: enum words become enum names. They run
// here, not in the Marshaler or the query-parameter parser, because the
// generated handlers flatten those hooks' errors into one string, and a
// client is owed every bad field by name.
func (g *gateway) checkRequest(next runtime.HandlerFunc) runtime.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, pathParams map[string]string) {
		rt := g.routes.lookup(r)
		if rt == nil {
			writeError(w, r, &apiError{Status: http.StatusInternalServerError, Code: CodeInternal,
				Message: genericInternalMessage, cause: fmt.Errorf("no route for %s %s in the routing table", r.Method, r.URL.Path)})
			return
		}
		for _, f := range rt.Vars {
			if pathParams[string(f.Name())] == "" {
				// The mux fills a variable from an empty segment
				// (/customers//invoices); that names no resource.
				writeError(w, r, routingError(http.StatusNotFound, r.Method, r.URL.Path, nil))
				return
			}
		}
		exchangeFrom(r.Context()).Route = rt
		exchangeFrom(r.Context()).Continued = r.URL.Query().Get("pageToken") != ""
		if !acceptsJSON(r.Header.Values("Accept")) {
			writeError(w, r, notAcceptable())
			return
		}
		if violations := checkPath(rt, pathParams); violations != nil {
			writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: CodeValidationError,
				Message: "invalid path parameters: " + violationSummary(violations), Violations: violations})
			return
		}
		if len(r.Header.Get("Authorization")) > MaxForwardedHeaderBytes {
			writeError(w, r, &apiError{Status: http.StatusRequestHeaderFieldsTooLarge,
				Code: CodeHeaderTooLarge, Message: fmt.Sprintf("the Authorization header is over %d bytes", MaxForwardedHeaderBytes)})
			return
		}
		if e := checkIdempotencyKey(r); e != nil {
			writeError(w, r, e)
			return
		}
		if e := checkConditionalHeaders(r); e != nil {
			writeError(w, r, e)
			return
		}
		if rt.Body != nil {
			if e := g.checkBody(w, r, rt, pathParams); e != nil {
				writeError(w, r, e)
				return
			}
		} else if r.Body != nil {
			// The generated handlers drain a body they do not use: bound it.
			r.Body = http.MaxBytesReader(w, r.Body, g.maxBodyBytes)
		}
		query, violations := checkQuery(rt, r.URL.RawQuery)
		if violations != nil {
			writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: CodeInvalidParameter,
				Message: "invalid query parameters: " + violationSummary(violations), Violations: violations})
			return
		}
		r.URL.RawQuery = query
		next(w, r, pathParams)
	}
}

// MaxForwardedHeaderBytes bounds the Authorization header's value, the one
// client header the gateway forwards to the service as metadata. The service
// holds the same limit (docs/errors.md, HEADER_TOO_LARGE): one number on
// both sides, so a credential either side accepts reaches the other.
const MaxForwardedHeaderBytes = 8192

func notAcceptable() *apiError {
	return &apiError{Status: http.StatusNotAcceptable, Code: CodeNotAcceptable,
		Message: "this API answers only application/json, which the Accept header excludes"}
}

// checkBody reads, bounds and checks the JSON body of a route that takes
// one, and puts the body back in protobuf's JSON form.
func (g *gateway) checkBody(w http.ResponseWriter, r *http.Request, rt *route, pathParams map[string]string) *apiError {
	tooLarge := &apiError{Status: http.StatusRequestEntityTooLarge, Code: CodePayloadTooLarge,
		Message: fmt.Sprintf("the request body exceeds %d bytes", g.maxBodyBytes)}
	if r.ContentLength > g.maxBodyBytes {
		if r.ContentLength <= MaxDrainBytes {
			drainBody(r.Body)
		}
		return tooLarge
	}
	ct := r.Header.Get("Content-Type")
	if ct != "" && !isJSONContentType(ct) {
		return unsupportedMediaType(ct)
	}
	var data []byte
	if r.Body != nil {
		var err error
		data, err = io.ReadAll(http.MaxBytesReader(w, r.Body, g.maxBodyBytes))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				drainBody(r.Body)
				return tooLarge
			}
			return &apiError{Status: http.StatusBadRequest, Code: CodeMalformedJSON,
				Message: "the request body could not be read: " + err.Error()}
		}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return &apiError{Status: http.StatusUnprocessableEntity, Code: CodeInvalidBody,
			Message: fmt.Sprintf("a JSON body (a %s) is required", rt.Body.Name())}
	}
	if ct == "" {
		return unsupportedMediaType(ct)
	}
	echo := &echoRules{patch: r.Method == http.MethodPatch}
	if r.Method == http.MethodPut || r.Method == http.MethodPatch {
		// Only there does the path name the body's resource: a POST's path
		// names its parent (/invoices/{id}/payments), and the new
		// resource's id is read-only like any other.
		echo.pathID = pathID(rt, pathParams)
	}
	rewritten, err := decodeBodyEchoing(data, rt.Body, echo)
	if err != nil {
		var be *bodyError
		var me *malformedError
		if errors.As(err, &me) {
			return &apiError{Status: http.StatusBadRequest, Code: CodeMalformedJSON,
				Message: me.Message, Violations: me.Violations}
		}
		if errors.As(err, &be) {
			return &apiError{Status: http.StatusUnprocessableEntity, Code: CodeInvalidBody,
				Message: be.Message, Violations: be.Violations}
		}
		return &apiError{Status: http.StatusBadRequest, Code: CodeMalformedJSON,
			Message: "the request body is not valid JSON: " + strings.TrimPrefix(err.Error(), errMalformedJSON.Error()+": ")}
	}
	if r.Method == http.MethodPatch && string(rewritten) == "{}" {
		var sent map[string]json.RawMessage
		if json.Unmarshal(data, &sent) != nil || len(sent) == 0 {
			// `{}` names nothing at all (the document's minProperties).
			return &apiError{Status: http.StatusUnprocessableEntity, Code: CodeInvalidBody,
				Message: fmt.Sprintf("the body names no field of the %s to change", rt.Body.Name())}
		}
		return readOnlyPatch(sent)
	}
	r.Body = io.NopCloser(bytes.NewReader(rewritten))
	r.ContentLength = int64(len(rewritten))
	r.Header.Set("Content-Length", strconv.Itoa(len(rewritten)))
	return nil
}

// readOnlyPatch is the answer to a PATCH whose body names only read-only
// fields (each dropped as sent back from a GET): there is nothing it could
// change, so it is a client's mistake, 400 naming them, never a 200 that did
// nothing. Beside a field it can change, a read-only one is ignored
// (AIP-203); over gRPC an update_mask naming one is refused by the service.
func readOnlyPatch(sent map[string]json.RawMessage) *apiError {
	keys := make([]string, 0, len(sent))
	for key := range sent {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	var v []FieldViolation
	for _, key := range keys {
		v = append(v, FieldViolation{Field: key, Description: "is read-only; a PATCH must name at least one field it can change"})
	}
	return &apiError{Status: http.StatusBadRequest, Code: CodeValidationError,
		Message: "the body names only read-only fields: " + violationSummary(v), Violations: v}
}

// MaxDrainBytes is how much of a refused body the gateway reads and
// discards before answering. Many clients (Python's urllib and requests)
// send the whole body before reading the answer; closing the connection on
// unread data makes the kernel reset it, and they would see a reset instead
// of the 413. Past this bound the connection is closed anyway.
const MaxDrainBytes = 4 << 20

// drainBody reads and discards up to MaxDrainBytes of a body the gateway
// refuses; the server's ReadTimeout bounds a client that sends slowly.
func drainBody(body io.Reader) {
	if body != nil {
		_, _ = io.CopyN(io.Discard, body, MaxDrainBytes)
	}
}

func unsupportedMediaType(ct string) *apiError {
	got := "no Content-Type"
	if ct != "" {
		got = "Content-Type " + ct
	}
	return &apiError{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedMediaType,
		Message: "the request body must be application/json (charset utf-8, if given); got " + got}
}

// isJSONContentType accepts application/json with, optionally, charset
// utf-8.
func isJSONContentType(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return false
	}
	for k, v := range params {
		if k != "charset" || !strings.EqualFold(v, "utf-8") {
			return false
		}
	}
	return true
}

// acceptsJSON tells whether the Accept header values admit
// application/json.
func acceptsJSON(values []string) bool { return accepts(values, "application/json") }

// accepts tells whether the Accept header values admit an application/…
// media type: the most specific matching media range decides, and q=0
// excludes. No Accept header accepts anything.
func accepts(values []string, mediaType string) bool {
	if len(values) == 0 {
		return true
	}
	best, bestQ, empty := -1, 0.0, true
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			empty = false
			mt, params, err := mime.ParseMediaType(part)
			if err != nil {
				continue
			}
			spec := -1
			switch mt {
			case mediaType:
				spec = 2
			case "application/*":
				spec = 1
			case "*/*":
				spec = 0
			}
			if spec < best || spec < 0 {
				continue
			}
			q := 1.0
			if s, ok := params["q"]; ok {
				if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 0 && f <= 1 {
					q = f
				}
			}
			if spec > best || q > bestQ {
				best, bestQ = spec, q
			}
		}
	}
	if empty {
		return true
	}
	return best >= 0 && bestQ > 0
}

// MaxPageSize is the largest page a list answers with; the service enforces
// the same limit, the gateway checks it as plain HTTP parameter parsing.
const MaxPageSize = restapi.MaxPageSize

// intRanges bounds the integer query parameters by the request field they
// fill. Paging is 1-based: page=0 is refused in REST, where "0 means the
// default" is a protobuf convention, not an HTTP one.
var intRanges = map[protoreflect.Name][2]int64{
	"page":      {1, math.MaxInt32},
	"page_size": {1, MaxPageSize},
}

// checkQuery parses a route's query parameters: each must be one the route
// accepts, given once, and well formed; enum words become protobuf enum names
// for grpc-gateway. It returns the rewritten query or the violations.
func checkQuery(rt *route, rawQuery string) (string, []FieldViolation) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", []FieldViolation{{Field: "", Description: "the query string is malformed: " + err.Error()}}
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var violations []FieldViolation
	out := url.Values{}
	for _, k := range keys {
		vs := q[k]
		f, ok := rt.Query[k]
		if !ok {
			violations = append(violations, FieldViolation{Field: k, Description: unknownParam(rt)})
			continue
		}
		if len(vs) != 1 {
			violations = append(violations, FieldViolation{Field: k, Description: "must be given at most once"})
			continue
		}
		v, problem := queryValue(f, vs[0])
		if problem != "" {
			violations = append(violations, FieldViolation{Field: k, Description: problem})
			continue
		}
		out.Set(k, v)
	}
	if len(violations) > 0 {
		return "", violations
	}
	return out.Encode(), nil
}

func unknownParam(rt *route) string {
	if len(rt.Query) == 0 {
		return "unknown query parameter; this route takes none"
	}
	names := make([]string, 0, len(rt.Query))
	for n := range rt.Query {
		names = append(names, n)
	}
	sort.Strings(names)
	return "unknown query parameter; this route takes: " + strings.Join(names, ", ")
}

// queryValue checks one value and returns it in the form grpc-gateway
// parses, or a description of what is wrong.
func queryValue(f protoreflect.FieldDescriptor, v string) (string, string) {
	switch f.Kind() {
	case protoreflect.StringKind:
		if v == "" {
			return "", "must not be empty"
		}
		if !utf8.ValidString(v) {
			// A protobuf string holds only UTF-8; the call could not be
			// sent upstream.
			return "", "must be UTF-8 text (percent-encoded UTF-8 in the URL)"
		}
		return v, ""
	case protoreflect.BoolKind:
		if v != "true" && v != "false" {
			return "", "must be true or false"
		}
		return v, ""
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
		if f.Kind() == protoreflect.Int64Kind || f.Kind() == protoreflect.Sint64Kind || f.Kind() == protoreflect.Sfixed64Kind {
			lo, hi = math.MinInt64, math.MaxInt64
		}
		if r, ok := intRanges[f.Name()]; ok {
			lo, hi = r[0], r[1]
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < lo || n > hi {
			if hi == math.MaxInt32 || hi == math.MaxInt64 {
				return "", fmt.Sprintf("must be an integer of at least %d", lo)
			}
			return "", fmt.Sprintf("must be an integer from %d to %d", lo, hi)
		}
		return strconv.FormatInt(n, 10), ""
	case protoreflect.EnumKind:
		ev, ok := enumValueByWord(f.Enum(), v)
		if !ok {
			return "", fmt.Sprintf("unknown value %q; must be one of: %s", v, strings.Join(enumWords(f.Enum()), ", "))
		}
		return string(ev.Name()), ""
	default:
		return "", "cannot be given as a query parameter"
	}
}

// checkPath checks the route's path variables (as the mux unescaped them):
// each must be UTF-8 text, which is all a protobuf string can hold
// (otherwise the call could not even be sent upstream). Violations name the
// variable as the published document does (invoice-id).
func checkPath(rt *route, pathParams map[string]string) []FieldViolation {
	var violations []FieldViolation
	for _, f := range rt.Vars {
		if !utf8.ValidString(pathParams[string(f.Name())]) {
			violations = append(violations, FieldViolation{Field: publishedPathParam(f),
				Description: "must be UTF-8 text (percent-encoded UTF-8 in the URL)"})
		}
	}
	return violations
}

// publishedPathParam is a path variable's name in the OpenAPI document.
func publishedPathParam(f protoreflect.FieldDescriptor) string {
	return restapi.PathParam(f.JSONName())
}

// pathID is the (first) path variable's value: the id of the resource a
// route names.
func pathID(rt *route, pathParams map[string]string) string {
	if len(rt.Vars) == 0 {
		return ""
	}
	return pathParams[string(rt.Vars[0].Name())]
}

// What a request body may carry back from a GET, so that a client can
// fetch a resource, change it and send it back: the read-only fields
// (ignored) and, on PUT and PATCH, an id equal to the one in the path.

// echoRules are what a POST, PUT or PATCH body may carry back.
type echoRules struct {
	// pathID is the id in the request path (PUT, PATCH); a body's
	// top-level id must equal it. Empty for POST.
	pathID string
	// patch: a PATCH may set the top-level fields marked
	// settable_by_update (an invoice's status).
	patch bool
}

// drop removes from a parsed body the fields sent back as read, and
// reports a top-level id that names another resource than the path.
func (e *echoRules) drop(n any, md protoreflect.MessageDescriptor, path string) []FieldViolation {
	obj, ok := n.(map[string]any)
	if e == nil || !ok {
		return nil
	}
	var violations []FieldViolation
	for _, key := range sortedKeys(obj) {
		v := obj[key]
		f := md.Fields().ByJSONName(key)
		switch {
		case f == nil:
			// Unknown: the checker reports it.
		case path == "" && key == "id" && e.pathID != "" && f.Kind() == protoreflect.StringKind:
			if v != e.pathID {
				violations = append(violations, FieldViolation{Field: "id",
					Description: "must equal the id in the path, or be left out"})
			}
			delete(obj, key)
		case outputOnly(f, e.patch && path == ""):
			delete(obj, key)
		case f.Message() != nil && !f.IsMap():
			sub := join(path, key)
			if list, ok := v.([]any); ok && f.IsList() {
				for j, el := range list {
					violations = append(violations, e.drop(el, f.Message(), fmt.Sprintf("%s[%d]", sub, j))...)
				}
			} else {
				violations = append(violations, e.drop(v, f.Message(), sub)...)
			}
		}
	}
	return violations
}

// Safe retries: the Idempotency-Key and If-Match headers go to the service
// as metadata (the incoming header matcher); the service does the rest
// (docs/errors.md, README).

const (
	headerIdempotencyKey = "Idempotency-Key"
	headerReplayed       = "Idempotent-Replayed"
	// metadataReplayed is the service's trailing metadata on a replay.
	metadataReplayed = "idempotent-replayed"
	// CodePreconditionFailed is REST's name for the service's ETAG_MISMATCH.
	CodePreconditionFailed = "PRECONDITION_FAILED"
	// MaxIdempotencyKeyBytes: keys are 1-255 printable ASCII characters.
	MaxIdempotencyKeyBytes = 255
	// etagField is the gRPC requests' etag: over REST it is If-Match, not
	// a query parameter.
	etagField = "etag"
)

// conditionalHeaders is the incoming header matcher: only these client
// headers reach the service (besides Authorization and the request id).
func conditionalHeaders(key string) (string, bool) {
	switch key {
	case headerIdempotencyKey:
		return "idempotency-key", true
	case "If-Match":
		return "if-match", true
	}
	return "", false
}

// checkIdempotencyKey is 400 VALIDATION_ERROR for a key the service would
// refuse too; checked here because gRPC metadata cannot even carry some.
func checkIdempotencyKey(r *http.Request) *apiError {
	keys := r.Header.Values(headerIdempotencyKey)
	if len(keys) == 0 {
		return nil
	}
	ok := len(keys) == 1 && len(keys[0]) >= 1 && len(keys[0]) <= MaxIdempotencyKeyBytes
	for i := 0; ok && i < len(keys[0]); i++ {
		ok = keys[0][i] >= 0x20 && keys[0][i] <= 0x7e
	}
	if ok {
		return nil
	}
	v := []FieldViolation{{Field: "idempotencyKey", Description: "must be one header of 1-255 printable ASCII characters"}}
	return &apiError{Status: http.StatusBadRequest, Code: CodeValidationError,
		Message: "invalid Idempotency-Key header: " + violationSummary(v), Violations: v}
}
