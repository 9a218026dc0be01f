package main

// What the document says that openapi_config.yaml cannot: the REST forms the
// gateway speaks (enum words, 64-bit integers as numbers, nullable
// timestamps, kebab-case path parameters, paging bounds) and the shared
// error responses of each operation. Each step works on kin-openapi's types.

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"billing/gateway/internal/restapi"
)

const schemaRef = "#/components/schemas/"

// checkInfo: the title, the introduction and the tags' REST names come from
// openapi_config.yaml, not from the protos' file and service names.
func checkInfo(doc *openapi3.T) error {
	if doc.Info == nil || doc.Info.Title != "Billing REST API" || doc.Info.Description == "" {
		return fmt.Errorf("the document's info does not come from openapi_config.yaml")
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		for _, op := range doc.Paths.Value(path).Operations() {
			for _, tag := range op.Tags {
				if strings.HasSuffix(tag, "Service") {
					return fmt.Errorf("tag %s has no REST name in openapi_config.yaml", tag)
				}
			}
			if op.Summary == "" || op.Description == "" {
				return fmt.Errorf("operation %s has no summary and description in openapi_config.yaml", op.OperationID)
			}
		}
	}
	return nil
}

// schemas calls f on every schema of the document once: components,
// parameters, bodies, responses, and all they hold.
func schemas(doc *openapi3.T, f func(*openapi3.Schema)) {
	seen := map[*openapi3.Schema]bool{}
	var visit func(r *openapi3.SchemaRef)
	visit = func(r *openapi3.SchemaRef) {
		if r == nil || r.Value == nil || seen[r.Value] {
			return
		}
		s := r.Value
		seen[s] = true
		f(s)
		for _, p := range s.Properties {
			visit(p)
		}
		visit(s.Items)
		visit(s.AdditionalProperties.Schema)
		for _, l := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, e := range l {
				visit(e)
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
		visit(doc.Components.Schemas[name])
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		for _, op := range doc.Paths.Value(path).Operations() {
			for _, p := range op.Parameters {
				if p.Value != nil {
					visit(p.Value.Schema)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, m := range op.RequestBody.Value.Content {
					visit(m.Schema)
				}
			}
			for _, r := range op.Responses.Map() {
				if r.Value != nil {
					for _, m := range r.Value.Content {
						visit(m.Schema)
					}
				}
			}
		}
	}
}

// upperSnake turns InvoiceStatus into INVOICE_STATUS, the prefix of its
// values. (A protobuf name, not prose.)
var upperSnake = regexp.MustCompile(`([a-z0-9])([A-Z])`)

// enumWords: a protobuf enum's values are sent as lowercase words without
// the prefix ("draft", not "INVOICE_STATUS_DRAFT"), and the zero value is
// never one. Lists declared in openapi_config.yaml (currency codes) stay.
func enumWords(doc *openapi3.T) {
	var prefixes []string
	for name, s := range doc.Components.Schemas {
		if s.Value != nil && len(s.Value.Enum) > 0 {
			prefixes = append(prefixes, strings.ToUpper(upperSnake.ReplaceAllString(name, "${1}_${2}"))+"_")
		}
	}
	schemas(doc, func(s *openapi3.Schema) {
		var words []any
		for _, v := range s.Enum {
			name, _ := v.(string)
			for _, prefix := range prefixes {
				if w, ok := strings.CutPrefix(name, prefix); ok {
					if w != "UNSPECIFIED" {
						words = append(words, strings.ToLower(w))
					}
					break
				}
			}
		}
		if words != nil {
			s.Enum, s.Default, s.Type = words, nil, &openapi3.Types{openapi3.TypeString}
		}
	})
}

// integers: the gateway sends 64-bit integers as JSON numbers (protojson
// quotes them).
func integers(doc *openapi3.T) {
	schemas(doc, func(s *openapi3.Schema) {
		if s.Type.Is(openapi3.TypeString) && (s.Format == "int64" || s.Format == "uint64") {
			s.Type = &openapi3.Types{openapi3.TypeInteger}
		}
	})
}

// timestamps are set by the service, and null until they happen.
func timestamps(doc *openapi3.T) {
	schemas(doc, func(s *openapi3.Schema) {
		if s.Type.Is(openapi3.TypeString) && s.Format == "date-time" {
			s.ReadOnly, s.Nullable = true, true
		}
	})
}

// queryParams: what the list requests' paging and filters mean.
var queryParams = map[string]func(*openapi3.Parameter){
	"page": func(p *openapi3.Parameter) {
		p.Description = "1-based page number."
		p.Schema.Value.Min, p.Schema.Value.Default = ptr(1.0), 1
	},
	"pageSize": func(p *openapi3.Parameter) {
		p.Description = "Items per page."
		p.Schema.Value.Min, p.Schema.Value.Max = ptr(1.0), ptr(float64(restapi.MaxPageSize))
		p.Schema.Value.Default = restapi.DefaultPageSize
	},
	"status": func(p *openapi3.Parameter) { p.Description = "Only items in this status." },
	"customerId": func(p *openapi3.Parameter) {
		p.Description = "Only this customer's items (404 CUSTOMER_NOT_FOUND if there is no such customer)."
	},
}

func ptr[T any](v T) *T { return &v }

var pathVar = regexp.MustCompile(`\{([^}]+)\}`)

// paths publishes each operation's parameters and responses: kebab-case
// path parameters, the paging bounds, the X-Request-ID header, and the
// shared error responses that apply to it.
func paths(doc *openapi3.T) error {
	shared := doc.Components
	published := openapi3.NewPaths()
	for _, path := range doc.Paths.InMatchingOrder() {
		newPath := pathVar.ReplaceAllStringFunc(path, func(v string) string {
			return "{" + restapi.PathParam(v[1:len(v)-1]) + "}"
		})
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			if err := operation(shared, method, op); err != nil {
				return fmt.Errorf("%s %s: %w", method, newPath, err)
			}
			conditionalOperation(shared, method, newPath, op)
		}
		published.Set(newPath, item)
	}
	doc.Paths = published
	return nil
}

func operation(shared *openapi3.Components, method string, op *openapi3.Operation) error {
	for _, p := range op.Parameters {
		prm := p.Value
		switch prm.In {
		case openapi3.ParameterInPath:
			// Its description and pattern are the request field's, in
			// openapi_config.yaml.
			prm.Name = restapi.PathParam(prm.Name)
		case openapi3.ParameterInQuery:
			if f, ok := queryParams[prm.Name]; ok {
				f(prm)
			}
			if s := prm.Schema.Value; s.Type.Is(openapi3.TypeString) && s.MinLength == 0 {
				// The gateway refuses an empty filter (request.go,
				// queryValue) rather than guess whether it means "none"
				// or "the empty string": leave the parameter out instead.
				s.MinLength = 1
			}
		}
	}
	op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Ref: "#/components/parameters/RequestId", Value: shared.Parameters["RequestId"].Value})
	if op.RequestBody != nil && op.RequestBody.Value != nil && op.RequestBody.Value.Description == "" {
		op.RequestBody.Value.Description = "The resource, in JSON (camelCase fields). Unknown fields are refused (422 INVALID_BODY); fields marked read-only are ignored."
	}
	// The success responses are the method's facts (cmd/envelopes); the
	// declared default only brings the error envelope into the document,
	// and each operation lists its error statuses instead.
	op.Responses.Delete("default")
	if r := op.Responses.Value("204"); r != nil && r.Value != nil {
		r.Value.Content = nil // a 204 has no body; the generator writes an empty schema
	}
	if !hasSuccess(op) {
		return fmt.Errorf("operation %s declares no success response (no billing.v1.method facts)", op.OperationID)
	}
	for _, code := range errorCodes(method, op) {
		name := errorResponses[code].name
		op.Responses.Set(code, &openapi3.ResponseRef{Ref: "#/components/responses/" + name, Value: shared.Responses[name].Value})
	}
	return nil
}

func hasSuccess(op *openapi3.Operation) bool {
	for _, code := range []string{"200", "201", "202", "204"} {
		if op.Responses.Value(code) != nil {
			return true
		}
	}
	return false
}

// errorCodes are the failures an operation can answer: 409 only for what
// writes, 413/415/422 only with a body.
func errorCodes(method string, op *openapi3.Operation) []string {
	codes := []string{"400", "401", "403", "404", "406"}
	if method != "GET" {
		codes = append(codes, "409")
	}
	codes = append(codes, "410")
	if op.RequestBody != nil {
		codes = append(codes, "413", "415", "422")
	}
	return append(codes, "429", "431", "500", "503", "504")
}

type errorResponse struct{ name, description string }

var errorResponses = map[string]errorResponse{
	"400": {"BadRequest", "MALFORMED_JSON (the body is not JSON), INVALID_PARAMETER (a bad query parameter, e.g. page=0 or pageSize=1000 or an unknown status word), or VALIDATION_ERROR (the service refused a value). data.fieldViolations names each bad field."},
	"401": {"Unauthorized", "MISSING_CREDENTIALS, INVALID_CREDENTIALS or TOKEN_EXPIRED: send Authorization: Apikey <key> or Authorization: Bearer <jwt>."},
	"403": {"Forbidden", "INSUFFICIENT_SCOPE: the credential lacks the scope this call needs; the message names it."},
	"404": {"NotFound", "CUSTOMER_NOT_FOUND, INVOICE_NOT_FOUND, REVENUE_CALCULATION_NOT_FOUND, TAX_RATE_NOT_FOUND; ROUTE_NOT_FOUND (no such path), UNKNOWN_API_VERSION (no such /api/vN)."},
	"406": {"NotAcceptable", "NOT_ACCEPTABLE: the Accept header excludes application/json."},
	"409": {"Conflict", "INVALID_STATE_TRANSITION, INVOICE_NOT_EDITABLE, CUSTOMER_HAS_INVOICES, ORGANIZATION_INCOMPLETE or ALREADY_EXISTS: the request conflicts with the resource's state; or IDEMPOTENCY_KEY_IN_PROGRESS: the first request with this Idempotency-Key is still running, retry it after Retry-After seconds."},
	"412": {"PreconditionFailed", "PRECONDITION_FAILED: the resource changed since the version If-Match names; nothing was written. The ETag header and the message give the current ETag: read it again and retry with that."},
	"410": {"Gone", "VERSION_SUNSET: this API version is past its sunset date; the message names its successor."},
	"413": {"PayloadTooLarge", "PAYLOAD_TOO_LARGE: the body exceeds 1 MiB."},
	"415": {"UnsupportedMediaType", "UNSUPPORTED_MEDIA_TYPE: the body is not application/json (charset utf-8, if given)."},
	"422": {"UnprocessableEntity", "INVALID_BODY: the body is missing or of the wrong shape (unknown fields, wrong types, unknown status words); data.fieldViolations names each bad field. IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was used for a different request; use a new key."},
	"429": {"TooManyRequests", "RATE_LIMITED: too many calls from this credential; retry after Retry-After seconds."},
	"431": {"RequestHeaderFieldsTooLarge", "HEADER_TOO_LARGE: the Authorization header's value is over 8192 bytes."},
	"500": {"InternalServerError", "INTERNAL or RESPONSE_INVALID: something went wrong on our side; report the requestId."},
	"503": {"ServiceUnavailable", "UPSTREAM_UNAVAILABLE (the billing service cannot be reached, or was lost during the call: a write may have happened) or DATABASE_UNAVAILABLE: retry after Retry-After seconds, with the same Idempotency-Key."},
	"504": {"GatewayTimeout", "UPSTREAM_TIMEOUT: the billing service did not answer in time; a write may have happened: retry with the same Idempotency-Key to get its answer."},
}

// sharedParts declares the X-Request-ID parameter and the error responses
// (the error envelope, generated from envelope.proto, with their headers).
func sharedParts(doc *openapi3.T) error {
	if doc.Components.Schemas["ErrorEnvelope"] == nil {
		return fmt.Errorf("no ErrorEnvelope schema (gateway/proto/billing/rest/v1/envelope.proto, referenced in openapi_config.yaml)")
	}
	requestID := openapi3.NewHeaderParameter("X-Request-ID").WithSchema(openapi3.NewStringSchema()).
		WithDescription("Your id for this request: kept when it is 1-128 characters of [A-Za-z0-9._-], else replaced by a generated one.")
	// No pattern or length: the gateway replaces a malformed id, and a
	// schema saying so would make tools refuse requests the server takes.
	doc.Components.Parameters = openapi3.ParametersMap{"RequestId": {Value: requestID}}
	conditionalParameters(doc)
	doc.Components.Responses = openapi3.ResponseBodies{}
	header := func(description string, s *openapi3.Schema) *openapi3.HeaderRef {
		return &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{
			Description: description, Schema: openapi3.NewSchemaRef("", s)}}}
	}
	for code, r := range errorResponses {
		headers := openapi3.Headers{"X-Request-ID": header("The request id.", openapi3.NewStringSchema())}
		switch code {
		case "429", "503":
			headers["Retry-After"] = header("Seconds to wait before retrying.", openapi3.NewIntegerSchema())
		case "409":
			headers["Retry-After"] = header("Seconds to wait before retrying (IDEMPOTENCY_KEY_IN_PROGRESS only).", openapi3.NewIntegerSchema())
		case "412":
			headers["ETag"] = header("The resource's current entity tag.", openapi3.NewStringSchema())
		case "401":
			headers["WWW-Authenticate"] = header(`The schemes accepted: Apikey realm="billing", Bearer realm="billing".`, openapi3.NewStringSchema())
		}
		resp := openapi3.NewResponse().WithDescription(code + ": " + r.description).
			WithJSONSchemaRef(openapi3.NewSchemaRef(schemaRef+"ErrorEnvelope", doc.Components.Schemas["ErrorEnvelope"].Value))
		resp.Headers = headers
		doc.Components.Responses[r.name] = &openapi3.ResponseRef{Value: resp}
	}
	return nil
}

// pruneSchemas drops the schemas nothing refers to (the RPCs' own list and
// upsert responses, which the envelopes replace).
func pruneSchemas(doc *openapi3.T) {
	reached := map[string]bool{}
	var reach func(r *openapi3.SchemaRef)
	reach = func(r *openapi3.SchemaRef) {
		if r == nil {
			return
		}
		if name, ok := strings.CutPrefix(r.Ref, schemaRef); ok {
			if reached[name] {
				return
			}
			reached[name] = true
			r = doc.Components.Schemas[name]
			if r == nil {
				return
			}
		}
		if s := r.Value; s != nil {
			for _, p := range s.Properties {
				reach(p)
			}
			reach(s.Items)
			reach(s.AdditionalProperties.Schema)
			for _, l := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
				for _, e := range l {
					reach(e)
				}
			}
		}
	}
	content := func(c openapi3.Content) {
		for _, m := range c {
			reach(m.Schema)
		}
	}
	for _, r := range doc.Components.Responses {
		content(r.Value.Content)
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		for _, op := range doc.Paths.Value(path).Operations() {
			for _, p := range op.Parameters {
				if p.Value != nil {
					reach(p.Value.Schema)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				content(op.RequestBody.Value.Content)
			}
			for _, r := range op.Responses.Map() {
				if r.Value != nil {
					content(r.Value.Content)
				}
			}
		}
	}
	for name := range doc.Components.Schemas {
		if !reached[name] {
			delete(doc.Components.Schemas, name)
		}
	}
}

// refSiblings: OpenAPI ignores keywords beside a $ref, and kin-openapi drops
// them when it reads Swagger 2, so before that a reference with a
// description or readOnly moves into allOf (a type beside it only repeats
// the referenced one's, unless it is nullable). No type is added where the
// protos give none: openapi-python-client reads {allOf, nullable} as "or
// null" only without one (see tests/contract/redocly.yaml). This runs on the
// generic JSON, because the typed reader is what loses them.
func refSiblings(swagger2 []byte) ([]byte, error) {
	var doc any
	if err := json.Unmarshal(swagger2, &doc); err != nil {
		return nil, fmt.Errorf("swagger 2 document: %w", err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"]; ok && len(x) > 1 {
				if _, nullable := x["x-nullable"]; !nullable {
					delete(x, "type")
				}
				if len(x) > 1 {
					delete(x, "$ref")
					x["allOf"] = []any{map[string]any{"$ref": ref}}
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(doc)
	return json.Marshal(doc)
}
