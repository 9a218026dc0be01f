package main

// What the document says that openapi_config.yaml cannot: the REST forms the
// gateway speaks (enum words, 64-bit integers as numbers, nullable
// timestamps, kebab-case path parameters, paging bounds) and which shared
// error responses (openapi_config.yaml's published section) each operation
// has. Each step works on kin-openapi's types.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

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

// walkSchemas calls f on each schema reference of the operations and the
// shared responses (with all, of the components too) and, while f returns
// true, on what the schema holds; s is the schema r names (a reference to
// a component, the component's).
func walkSchemas(doc *openapi3.T, all bool, f func(r *openapi3.SchemaRef, s *openapi3.Schema) bool) {
	var visit func(r *openapi3.SchemaRef)
	visit = func(r *openapi3.SchemaRef) {
		if r == nil {
			return
		}
		s := r.Value
		if name, ok := strings.CutPrefix(r.Ref, schemaRef); ok && doc.Components.Schemas[name] != nil {
			s = doc.Components.Schemas[name].Value
		}
		if !f(r, s) || s == nil {
			return
		}
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
	content := func(c openapi3.Content) {
		for _, m := range c {
			visit(m.Schema)
		}
	}
	if all {
		for _, name := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
			visit(doc.Components.Schemas[name])
		}
	}
	for _, r := range doc.Components.Responses {
		if r.Value != nil {
			content(r.Value.Content)
		}
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		for _, op := range doc.Paths.Value(path).Operations() {
			for _, p := range op.Parameters {
				if p.Value != nil {
					visit(p.Value.Schema)
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
}

// schemas calls f on every schema of the document once.
func schemas(doc *openapi3.T, f func(*openapi3.Schema)) {
	seen := map[*openapi3.Schema]bool{}
	walkSchemas(doc, true, func(_ *openapi3.SchemaRef, s *openapi3.Schema) bool {
		if s == nil || seen[s] {
			return false
		}
		seen[s] = true
		f(s)
		return true
	})
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

var pathVar = regexp.MustCompile(`\{([^}]+)\}`)

// paths publishes each operation's parameters and responses: kebab-case
// path parameters, the paging bounds, the X-Request-ID header, and the
// shared error responses that apply to it.
func paths(doc *openapi3.T, cfg *published) error {
	shared := doc.Components
	published := openapi3.NewPaths()
	for _, path := range doc.Paths.InMatchingOrder() {
		newPath := pathVar.ReplaceAllStringFunc(path, func(v string) string {
			return "{" + restapi.PathParam(v[1:len(v)-1]) + "}"
		})
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			if err := operation(shared, cfg, method, op); err != nil {
				return fmt.Errorf("%s %s: %w", method, newPath, err)
			}
			conditionalOperation(shared, cfg, method, newPath, op)
		}
		published.Set(newPath, item)
	}
	doc.Paths = published
	return nil
}

func operation(shared *openapi3.Components, cfg *published, method string, op *openapi3.Operation) error {
	for _, p := range op.Parameters {
		prm := p.Value
		switch prm.In {
		case openapi3.ParameterInPath:
			// Its description and pattern are the request field's, in
			// openapi_config.yaml.
			prm.Name = restapi.PathParam(prm.Name)
		case openapi3.ParameterInQuery:
			if q, ok := cfg.QueryParameters[prm.Name]; ok {
				prm.Description = q.Description
				if b := q.Schema; b != nil && b.Value != nil {
					prm.Schema.Value.Min, prm.Schema.Value.Max, prm.Schema.Value.Default = b.Value.Min, b.Value.Max, b.Value.Default
				}
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
		op.RequestBody.Value.Description = cfg.RequestBodies["description"]
	}
	// The success responses are the method's facts (cmd/envelopes); the
	// declared default only brings the error envelope into the document,
	// and each operation lists its error statuses instead.
	op.Responses.Delete("default")
	if r := op.Responses.Value("204"); r != nil && r.Value != nil {
		r.Value.Content = nil // a 204 has no body; the generator writes an empty schema
	}
	success := false
	for code, r := range op.Responses.Map() {
		success = success || strings.HasPrefix(code, "2")
		// The converter gives every response the document's produces list;
		// a media type without a schema says nothing.
		for mt, media := range r.Value.Content {
			if media == nil || media.Schema == nil {
				delete(r.Value.Content, mt)
			}
		}
		if len(r.Value.Content) == 0 {
			r.Value.Content = nil
		}
	}
	if !success {
		return fmt.Errorf("operation %s declares no success response (no billing.v1.method facts)", op.OperationID)
	}
	for _, code := range errorCodes(method, op) {
		sharedResponse(op, cfg, shared, code)
	}
	return nil
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

// published is openapi_config.yaml's published section: what the document
// says that Swagger 2 cannot, in OpenAPI 3's own form.
type published struct {
	Security         openapi3.SecurityRequirements `json:"security"`
	Components       openapi3.Components           `json:"components"`
	ErrorResponses   map[string]string             `json:"errorResponses"` // status: response name
	SuccessHeaders   openapi3.Headers              `json:"successHeaders"`
	DocumentHeaders  openapi3.Headers              `json:"documentHeaders"`
	NotModified      *openapi3.Response            `json:"notModified"`
	DocumentConflict map[string]*openapi3.Response `json:"documentConflict"` // by media type
	QueryParameters  map[string]openapi3.Parameter `json:"queryParameters"`  // by name: description, bounds
	RequestBodies    map[string]string             `json:"requestBodies"`    // by method; nested, ignored
}

// loadPublished reads the published section of openapi_config.yaml.
func loadPublished(path string) (*published, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var file struct {
		Published any `yaml:"published"`
	}
	if err := yaml.Unmarshal(raw, &file); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	asJSON, err := json.Marshal(file.Published)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	cfg := &published{}
	dec := json.NewDecoder(bytes.NewReader(asJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(cfg); err != nil {
		return nil, fmt.Errorf("%s: published: %w", path, err)
	}
	for code, name := range cfg.ErrorResponses {
		if cfg.Components.Responses[name] == nil {
			return nil, fmt.Errorf("%s: published: the %s response %s is not declared", path, code, name)
		}
	}
	return cfg, nil
}

// sharedParts declares the shared request headers, the error responses
// (the error envelope, generated from envelope.proto, with their headers)
// and the security schemes, as openapi_config.yaml writes them.
func sharedParts(doc *openapi3.T, cfg *published) error {
	if doc.Components.Schemas["ErrorEnvelope"] == nil {
		return fmt.Errorf("no ErrorEnvelope schema (gateway/proto/billing/rest/v1/envelope.proto, referenced in openapi_config.yaml)")
	}
	doc.Components.Parameters = cfg.Components.Parameters
	doc.Components.Responses = cfg.Components.Responses
	doc.Components.SecuritySchemes = cfg.Components.SecuritySchemes
	doc.Security = cfg.Security
	return nil
}

// sharedResponse refers an operation's status to the error response
// openapi_config.yaml names for it.
func sharedResponse(op *openapi3.Operation, cfg *published, shared *openapi3.Components, code string) {
	name := cfg.ErrorResponses[code]
	op.Responses.Set(code, &openapi3.ResponseRef{Ref: "#/components/responses/" + name, Value: shared.Responses[name].Value})
}

// pruneSchemas drops the schemas nothing refers to (the RPCs' own list and
// upsert responses, which the envelopes replace).
func pruneSchemas(doc *openapi3.T) {
	reached := map[string]bool{}
	walkSchemas(doc, false, func(r *openapi3.SchemaRef, _ *openapi3.Schema) bool {
		name, ok := strings.CutPrefix(r.Ref, schemaRef)
		if !ok {
			return true
		}
		if reached[name] {
			return false
		}
		reached[name] = true
		return true
	})
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
