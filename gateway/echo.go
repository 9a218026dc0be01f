package gateway

import (
	"encoding/json"
	"fmt"
	"net/http"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// What a request body may carry back from a GET, so that a client can
// fetch a resource, change it and send it back: the read-only fields
// (ignored) and, on PUT and PATCH, an id equal to the one in the path.

// readOnlyFields lists, by the document's request-body schema name
// (CustomerPatch, LineItemInput, …), the JSON names of the fields it marks
// x-billing-ignored: read-only fields a request may carry back. The served
// document is the one definition of which fields those are
// (openapi_config.yaml marks them read-only, cmd/openapi3 makes the
// request-body schemas).
type readOnlyFields map[string]map[string]bool

func loadReadOnlyFields(document []byte) (readOnlyFields, error) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Ignored bool `json:"x-billing-ignored"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(document, &doc); err != nil {
		return nil, fmt.Errorf("openapi document: %w", err)
	}
	out := readOnlyFields{}
	for name, s := range doc.Components.Schemas {
		for field, p := range s.Properties {
			if p.Ignored {
				if out[name] == nil {
					out[name] = map[string]bool{}
				}
				out[name][field] = true
			}
		}
	}
	return out, nil
}

// echoRules are what a POST, PUT or PATCH body may carry back.
type echoRules struct {
	readOnly readOnlyFields
	// pathID is the id in the request path (PUT, PATCH); a body's
	// top-level id must equal it. Empty for POST.
	pathID string
	// bodySchemaSuffix names the document's request-body schema of the
	// top-level message for the method: Create, Replacement or Patch.
	bodySchemaSuffix string
}

// bodySchemaSuffixes are the request-body schema names' suffixes by method
// (cmd/openapi3 names them so).
var bodySchemaSuffixes = map[string]string{http.MethodPost: "Create", http.MethodPut: "Replacement", http.MethodPatch: "Patch"}

// schemaOf is the document's request schema for a message at path in the
// body: the method's body schema at the top, …Input below.
func (e *echoRules) schemaOf(md protoreflect.MessageDescriptor, path string) string {
	if path == "" {
		return string(md.Name()) + e.bodySchemaSuffix
	}
	return string(md.Name()) + "Input"
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
		case e.readOnly[e.schemaOf(md, path)][key]:
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
