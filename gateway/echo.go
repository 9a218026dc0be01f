package gateway

import (
	"encoding/json"
	"fmt"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// What PUT and PATCH accept back from a GET, so that a client can fetch a
// resource, change it and send it back: the read-only fields (ignored) and
// an id equal to the one in the path.

// readOnlyFields lists, by message name, the JSON names of the fields the
// published OpenAPI document marks readOnly. The document is the one
// definition of which fields those are (openapi_config.yaml).
type readOnlyFields map[string]map[string]bool

func loadReadOnlyFields(document []byte) (readOnlyFields, error) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					ReadOnly bool `json:"readOnly"`
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
			if p.ReadOnly {
				if out[name] == nil {
					out[name] = map[string]bool{}
				}
				out[name][field] = true
			}
		}
	}
	return out, nil
}

// echoRules are what a PUT or PATCH body may carry back.
type echoRules struct {
	readOnly readOnlyFields
	// pathID is the id in the request path; a body's top-level id must
	// equal it.
	pathID string
	// bodySchemaSuffix names the document's own schema of the top-level
	// body, when the method has one: "Patch" (a PATCH may set fields, such
	// as an invoice's status, that are read-only elsewhere).
	bodySchemaSuffix string
}

// schemaOf is the document's schema for a message at path in the body.
func (e *echoRules) schemaOf(md protoreflect.MessageDescriptor, path string) string {
	name := string(md.Name())
	if path == "" && e.bodySchemaSuffix != "" {
		if _, ok := e.readOnly[name+e.bodySchemaSuffix]; ok {
			return name + e.bodySchemaSuffix
		}
	}
	return name
}

// drop removes from a parsed body the fields sent back as read, and
// reports a top-level id that names another resource than the path.
func (e *echoRules) drop(n *jnode, md protoreflect.MessageDescriptor, path string) []FieldViolation {
	if e == nil || n.kind != jObject {
		return nil
	}
	var violations []FieldViolation
	keys, vals := n.keys[:0:0], n.vals[:0:0]
	for i, key := range n.keys {
		v := n.vals[i]
		f := md.Fields().ByJSONName(key)
		switch {
		case f == nil:
			// Unknown: the checker reports it.
		case path == "" && key == "id" && f.Kind() == protoreflect.StringKind:
			if v.kind == jString && v.str == e.pathID {
				continue
			}
			violations = append(violations, FieldViolation{Field: "id",
				Description: "must equal the id in the path, or be left out"})
			continue
		case e.readOnly[e.schemaOf(md, path)][key]:
			continue
		case f.Message() != nil && !f.IsMap():
			sub := join(path, key)
			if f.IsList() && v.kind == jArray {
				for j, el := range v.elems {
					violations = append(violations, e.drop(el, f.Message(), fmt.Sprintf("%s[%d]", sub, j))...)
				}
			} else {
				violations = append(violations, e.drop(v, f.Message(), sub)...)
			}
		}
		keys, vals = append(keys, key), append(vals, v)
	}
	n.keys, n.vals = keys, vals
	return violations
}
