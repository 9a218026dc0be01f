package gateway

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	billingv1 "billing/gateway/gen/billing/v1"
	"billing/gateway/internal/restapi"
)

// The request stage: the routing table, the checks the mux's middleware
// makes once per request, and the If-Match / If-None-Match rules.

// The routing table: every HTTP binding of every billing.v1 RPC, read once
// at start from the descriptors the generated code registers (the
// google.api.http and billing.v1.method options, google.api.field_behavior).
// grpc-gateway's mux is generated from the same annotations; this table
// tells the gateway what the mux's handlers do not expose: the body and
// query of a route, its answer's shape and status, and (for 405) which
// methods a path has.

// route is one HTTP binding of one RPC.
type route struct {
	Method   string // HTTP method
	Template string // e.g. /api/v1/customers/{customer_id}
	Version  string // e.g. v1
	Selector string // e.g. billing.v1.CustomerService.CreateCustomer
	RPC      protoreflect.MethodDescriptor
	// Facts are the RPC's declared answer: status, shape, type, scope.
	Facts *billingv1.MethodFacts
	// Body is the message the JSON body decodes into; nil when the route
	// takes no body.
	Body protoreflect.MessageDescriptor
	// Query maps each accepted query parameter (its camelCase JSON name) to
	// the request field it fills.
	Query map[string]protoreflect.FieldDescriptor
	// Vars are the fields the path's variables fill, in path order.
	Vars []protoreflect.FieldDescriptor
	// segments is Template split on "/"; a variable is "".
	segments []string
	// label is the template as the OpenAPI document writes it
	// (/api/v1/invoices/{invoice-id}): the metrics' route label.
	label string
}

type routeTable struct {
	routes   []*route
	byKey    map[string]*route // "METHOD template"
	versions map[string]bool
}

var versionSegment = regexp.MustCompile(`^v[0-9]+$`)

// loadRoutes reads every RPC of the billing.v1 services that has an HTTP
// binding.
func loadRoutes(files *protoregistry.Files) (*routeTable, error) {
	t := &routeTable{versions: map[string]bool{}, byKey: map[string]*route{}}
	if err := restapi.EachMethod(files, t.addMethod); err != nil {
		return nil, err
	}
	if len(t.routes) == 0 {
		return nil, fmt.Errorf("no billing.v1 RPC has an HTTP binding")
	}
	return t, nil
}

func (t *routeTable) addMethod(md protoreflect.MethodDescriptor, facts *billingv1.MethodFacts) error {
	rule, _ := proto.GetExtension(md.Options(), annotations.E_Http).(*annotations.HttpRule)
	if rule == nil {
		return nil
	}
	if facts == nil || facts.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_UNSPECIFIED || facts.GetSuccessStatus() == 0 {
		return fmt.Errorf("%s: an HTTP binding without its (billing.v1.method) facts", md.FullName())
	}
	for _, b := range append([]*annotations.HttpRule{rule}, rule.GetAdditionalBindings()...) {
		rt, err := newRoute(b, rule.GetBody(), md, facts)
		if err != nil {
			return err
		}
		t.routes = append(t.routes, rt)
		t.byKey[rt.Method+" "+rt.Template] = rt
		t.versions[rt.Version] = true
	}
	return nil
}

func newRoute(rule *annotations.HttpRule, body string, md protoreflect.MethodDescriptor, facts *billingv1.MethodFacts) (*route, error) {
	// The pattern is a oneof whose field names the method (get, put, post,
	// delete, patch); custom, a message, is not one the gateway serves.
	pm := rule.ProtoReflect()
	pf := pm.WhichOneof(pm.Descriptor().Oneofs().ByName("pattern"))
	if pf == nil || pf.Kind() != protoreflect.StringKind {
		return nil, fmt.Errorf("%s: unsupported HTTP binding %v", md.FullName(), rule)
	}
	method, tmpl := strings.ToUpper(string(pf.Name())), pm.Get(pf).String()
	rt := &route{Method: method, Template: tmpl, Selector: string(md.FullName()), RPC: md, Facts: facts,
		Query: map[string]protoreflect.FieldDescriptor{}}
	parts := strings.Split(strings.TrimPrefix(tmpl, "/"), "/")
	if len(parts) < 3 || parts[0] != "api" || !versionSegment.MatchString(parts[1]) {
		return nil, fmt.Errorf("%s: %s must start with /api/vN/", md.FullName(), tmpl)
	}
	rt.Version = parts[1]
	in := md.Input()
	bound := map[protoreflect.Name]bool{}
	label := make([]string, len(parts))
	for i, p := range parts {
		label[i] = p
		rt.segments = append(rt.segments, p)
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			name := protoreflect.Name(p[1 : len(p)-1])
			f := in.Fields().ByName(name)
			if f == nil {
				return nil, fmt.Errorf("%s: no field %s in %s", tmpl, name, in.FullName())
			}
			bound[name] = true
			rt.Vars = append(rt.Vars, f)
			rt.segments[i] = ""
			label[i] = "{" + restapi.PathParam(f.JSONName()) + "}"
		}
	}
	rt.label = "/" + strings.Join(label, "/")
	switch body {
	case "":
		// Every field not bound by the path is a query parameter. Only
		// scalars and enums can be given that way.
		fields := in.Fields()
		for i := 0; i < fields.Len(); i++ {
			f := fields.Get(i)
			if bound[f.Name()] || f.IsList() || f.IsMap() || f.Message() != nil || f.Name() == etagField {
				continue
			}
			rt.Query[f.JSONName()] = f
		}
	case "*":
		rt.Body = in
	default:
		f := in.Fields().ByName(protoreflect.Name(body))
		if f == nil || f.Message() == nil {
			return nil, fmt.Errorf("%s: body %s is not a message field of %s", tmpl, body, in.FullName())
		}
		rt.Body = f.Message()
	}
	return rt, nil
}

// matches tells whether the path's segments fit the template, as the
// mux's patterns match: a variable takes one segment, any.
func (rt *route) matches(segments []string) bool {
	if len(segments) != len(rt.segments) {
		return false
	}
	for i, s := range rt.segments {
		if s != "" && s != segments[i] {
			return false
		}
	}
	return true
}

// pathSegments splits a request path as the mux does (the escaped form
// when the URL has one).
func pathSegments(r *http.Request) []string {
	p := r.URL.Path
	if r.URL.RawPath != "" {
		p = r.URL.RawPath
	}
	return strings.Split(strings.TrimPrefix(p, "/"), "/")
}

// lookup is the route the mux matched the request to: its pattern, written
// as the template is ({invoice_id=*} is {invoice_id}); nil if none.
func (t *routeTable) lookup(r *http.Request) *route {
	pat, ok := runtime.HTTPPattern(r.Context())
	if !ok {
		return nil
	}
	return t.byKey[r.Method+" "+strings.ReplaceAll(pat.String(), "=*}", "}")]
}

// allowed lists the methods the table routes for the request's path, in
// the order of allowedOrder (the 405's Allow).
func (t *routeTable) allowed(r *http.Request) []string {
	segments := pathSegments(r)
	var out []string
	for _, m := range allowedOrder {
		for _, rt := range t.routes {
			if rt.Method == m && rt.matches(segments) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

var allowedOrder = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// routeOf is the route of the request being answered (set by
// checkRequest); nil outside a routed call.
func routeOf(ctx context.Context) *route { return exchangeFrom(ctx).Route }

// outputOnly tells whether a request may carry the field back only to have
// it ignored (google.api.field_behavior OUTPUT_ONLY, AIP-203), unless it is
// settable_by_update and this is the top level of a PATCH body.
func outputOnly(f protoreflect.FieldDescriptor, patchTop bool) bool {
	b, ok := fieldBehaviours.Load(f)
	if !ok {
		b = readFieldBehaviour(f)
		fieldBehaviours.Store(f, b)
	}
	switch b.(behaviour) {
	case ignored:
		return true
	case settableByUpdate:
		return !patchTop
	}
	return false
}

type behaviour int

const (
	writable behaviour = iota
	ignored
	settableByUpdate
)

// fieldBehaviours caches readFieldBehaviour by field descriptor: the
// options are read once, not on every request.
var fieldBehaviours sync.Map

func readFieldBehaviour(f protoreflect.FieldDescriptor) behaviour {
	behaviours, _ := proto.GetExtension(f.Options(), annotations.E_FieldBehavior).([]annotations.FieldBehavior)
	if !slices.Contains(behaviours, annotations.FieldBehavior_OUTPUT_ONLY) {
		return writable
	}
	if settable, _ := proto.GetExtension(f.Options(), billingv1.E_SettableByUpdate).(bool); settable {
		return settableByUpdate
	}
	return ignored
}

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
		if !acceptsJSON(r.Header.Values("Accept")) && !acceptsBody(rt, r.Header.Values("Accept")) {
			writeError(w, r, &apiError{Status: http.StatusNotAcceptable, Code: CodeNotAcceptable,
				Message: "this API answers only application/json, which the Accept header excludes"})
			return
		}
		if violations := checkPath(rt, pathParams); violations != nil {
			writeError(w, r, violationError(http.StatusBadRequest, CodeValidationError, "invalid path parameters", violations))
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
			writeError(w, r, violationError(http.StatusBadRequest, CodeInvalidParameter, "invalid query parameters", violations))
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
			return malformed("the request body could not be read: " + err.Error())
		}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return bodyRefused(fmt.Sprintf("a JSON body (a %s) is required", rt.Body.Name()))
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
	body, e := decodeBody(data, rt.Body, echo)
	if e != nil {
		return e
	}
	if r.Method != http.MethodPatch {
		// The generated handler takes the message as decoded here.
		r.Body, r.ContentLength = &messageBody{msg: body.msg}, -1
		r.Header.Del("Content-Length")
		return nil
	}
	if len(body.tree) == 0 {
		if len(body.sent) == 0 {
			// `{}` names nothing at all (the document's minProperties).
			return bodyRefused(fmt.Sprintf("the body names no field of the %s to change", rt.Body.Name()))
		}
		return readOnlyPatch(body.sent)
	}
	// grpc-gateway reads a PATCH's update mask from the body's JSON: the
	// fields kept, in protobuf's form.
	rewritten, err := body.JSON()
	if err != nil {
		return bodyRefused(fmt.Sprintf("the body is not a valid %s: %v", rt.Body.Name(), err))
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
func readOnlyPatch(keys []string) *apiError {
	var v []FieldViolation
	for _, key := range keys {
		v = append(v, FieldViolation{Field: key, Description: "is read-only; a PATCH must name at least one field it can change"})
	}
	return violationError(http.StatusBadRequest, CodeValidationError, "the body names only read-only fields", v)
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

// acceptsBody tells whether a route that answers a document (BODY) is
// asked for its media type; its errors are still JSON.
func acceptsBody(rt *route, values []string) bool {
	return rt.Facts.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_BODY && accepts(values, rt.Facts.GetMediaType())
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
	var violations []FieldViolation
	out := url.Values{}
	for _, k := range slices.Sorted(maps.Keys(q)) {
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
	return "unknown query parameter; this route takes: " + strings.Join(slices.Sorted(maps.Keys(rt.Query)), ", ")
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
	case protoreflect.Int32Kind, protoreflect.Int64Kind:
		lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
		if f.Kind() == protoreflect.Int64Kind {
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
			violations = append(violations, FieldViolation{Field: restapi.PathParam(f.JSONName()),
				Description: "must be UTF-8 text (percent-encoded UTF-8 in the URL)"})
		}
	}
	return violations
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

// setReplayedHeader marks a replayed answer, a success's or a recorded
// refusal's, from the service's trailing metadata.
func setReplayedHeader(ctx context.Context, w http.ResponseWriter) {
	if md, ok := runtime.ServerMetadataFromContext(ctx); ok {
		if v := md.TrailerMD.Get(metadataReplayed); len(v) > 0 && v[0] == "true" {
			w.Header().Set(headerReplayed, "true")
		}
	}
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
	return violationError(http.StatusBadRequest, CodeValidationError, "invalid Idempotency-Key header", v)
}

// Conditional requests (RFC 9110 13.1): If-Match goes to the service, which
// compares it inside the write's transaction; If-None-Match on GET is
// answered by server.go's recordingWriter. Both are read by parseEntityTags, so one
// rule decides what either header may hold.

// entityTag is one element of an If-Match / If-None-Match list.
type entityTag struct {
	weak   bool
	opaque string // with its quotes, as the ETag header holds it
}

// parseEntityTags reads the values of an If-Match or If-None-Match header
// (RFC 9110 13.1.1, 13.1.2): "*" alone, or a comma-separated list of
// entity-tags, each DQUOTE *etagc DQUOTE, optionally W/-prefixed (8.8.3).
// Empty list elements are allowed (5.6.1), and a value with none (an empty
// header) names no tag: it is read as not sent, as it always was. A bare,
// unquoted tag is not an entity-tag: ok is false.
func parseEntityTags(values []string) (tags []entityTag, any, ok bool) {
	s := strings.Join(values, ",")
	if strings.Trim(s, " \t") == "*" {
		return nil, true, true
	}
	// A tag may hold commas ("a,b"), so the list is scanned, not split.
	for i := 0; ; {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == ',') {
			i++ // OWS and empty elements
		}
		if i == len(s) {
			return tags, false, true
		}
		t := entityTag{}
		if strings.HasPrefix(s[i:], "W/") {
			t.weak, i = true, i+2
		}
		if i >= len(s) || s[i] != '"' {
			return nil, false, false
		}
		end := i + 1
		// etagc = %x21 / %x23-7E (obs-text, bytes over 0x7F, is obsolete and no ETag here has it)
		for ; end < len(s) && s[end] != '"'; end++ {
			if c := s[end]; c < 0x21 || c >= 0x7f {
				return nil, false, false
			}
		}
		if end == len(s) {
			return nil, false, false
		}
		t.opaque = s[i : end+1]
		tags = append(tags, t)
		for i = end + 1; i < len(s) && (s[i] == ' ' || s[i] == '\t'); i++ {
		}
		if i < len(s) && s[i] != ',' {
			return nil, false, false
		}
	}
}

// checkConditionalHeaders is 400 VALIDATION_ERROR for an If-Match or
// If-None-Match that is not "*" or a list of entity-tags (quoted). A
// malformed If-Match cannot be compared with anything, and writing as if it
// had not been sent would drop the caller's condition.
func checkConditionalHeaders(r *http.Request) *apiError {
	var v []FieldViolation
	for _, h := range []struct{ header, field string }{{"If-Match", "ifMatch"}, {"If-None-Match", "ifNoneMatch"}} {
		if values := r.Header.Values(h.header); len(values) > 0 {
			tags, any, ok := parseEntityTags(values)
			if !ok {
				v = append(v, FieldViolation{Field: h.field,
					Description: `must be * or a comma-separated list of entity tags in double quotes, as the ETag header gives them ("abc", W/"abc")`})
			} else if !any && len(tags) == 0 {
				// Empty: not a condition, and not forwarded as one.
				r.Header.Del(h.header)
			}
		}
	}
	if v == nil {
		return nil
	}
	return violationError(http.StatusBadRequest, CodeValidationError, "invalid conditional header", v)
}

// etagListed is If-None-Match's weak comparison (RFC 9110 8.8.3.2): "*" or
// any listed tag whose opaque-tag equals etag's.
func etagListed(values []string, etag string) bool {
	if etag == "" {
		return false
	}
	tags, any, ok := parseEntityTags(values)
	if !ok {
		return false
	}
	if any {
		return true
	}
	etag = strings.TrimPrefix(etag, "W/")
	for _, t := range tags {
		if t.opaque == etag {
			return true
		}
	}
	return false
}
