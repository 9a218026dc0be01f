package main

// The request bodies. POST, PUT and PATCH have their own schemas
// (CustomerCreate, CustomerReplacement, CustomerPatch), so that the
// resource schema (what GET returns) keeps readOnly while a request may
// carry it back:
//   - a read-only field is listed without readOnly and marked ignored (the
//     gateway drops it): a tool that generates requests from the document
//     then neither forbids nor expects it to change anything;
//   - PUT and PATCH have no id: it is the path's (the gateway accepts one
//     equal to it, and refuses another);
//   - a PATCH body requires no field but at least one, and may set the
//     fields marked settable_by_update.
//
// Nested objects with read-only fields get an …Input copy the same way.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	billingv1 "billing/gateway/gen/billing/v1"
)

// IgnoredExtension marks a request-body property the gateway accepts and
// drops: a read-only field, sent back as a GET returned it. The gateway
// drops the same fields, read from the protos (request.go, outputOnly).
const IgnoredExtension = "x-billing-ignored"

// bodySuffix names each method's request-body schema.
var bodySuffix = map[string]string{"POST": "Create", "PUT": "Replacement", "PATCH": "Patch"}

func (g *generator) requestBody(op *openapi3.Operation, req protoreflect.MessageDescriptor, b route) error {
	f := req.Fields().ByName(protoreflect.Name(b.body))
	if f == nil || f.Message() == nil {
		return fmt.Errorf("body %q is not a message field of %s", b.body, req.FullName())
	}
	if _, err := g.ref(f.Message()); err != nil {
		return err
	}
	ref, err := g.inputSchema(f.Message(), b.method)
	if err != nil {
		return err
	}
	op.RequestBody = &openapi3.RequestBodyRef{Value: &openapi3.RequestBody{
		Description: g.cfg.Published.RequestBodies["description"],
		Required:    true,
		Content:     openapi3.NewContentWithJSONSchemaRef(ref),
		// The body's field in the RPC's request, as protoc-gen-openapiv2
		// and kin-openapi's conversion named it.
		Extensions: map[string]any{"x-originalParamName": f.JSONName()},
	}}
	return nil
}

// inputSchema is the request form of message m's schema for method ("" for
// a nested object), made once.
func (g *generator) inputSchema(m protoreflect.MessageDescriptor, method string) (*openapi3.SchemaRef, error) {
	name := string(m.Name())
	inputName := name + "Input"
	if method != "" {
		inputName = name + bodySuffix[method]
	}
	if ref, ok := g.schemas[inputName]; ok {
		return openapi3.NewSchemaRef(schemaRef+inputName, ref.Value), nil
	}
	resource := g.schemas[name].Value
	s := *resource
	s.Properties = openapi3.Schemas{}
	words := g.cfg.Published.RequestBodies
	for field, prop := range resource.Properties {
		p := prop.Value
		switch {
		case field == "id" && (method == "PUT" || method == "PATCH"):
			continue
		case p.ReadOnly:
			c := *p
			c.ReadOnly = false
			// A PATCH may set a field marked billing.v1.settable_by_update
			// (an invoice's status moves along its lifecycle through PATCH).
			settable, _ := proto.GetExtension(m.Fields().ByJSONName(field).Options(), billingv1.E_SettableByUpdate).(bool)
			if method != "PATCH" || !settable {
				c.Description = words["ignored"]
				c.Extensions = map[string]any{IgnoredExtension: true}
			}
			prop = &openapi3.SchemaRef{Value: &c}
		case p.Type.Is("array") && p.Items.Ref != "" && hasReadOnly(p.Items.Value):
			items, err := g.inputSchema(m.Fields().ByJSONName(field).Message(), "")
			if err != nil {
				return nil, err
			}
			c := *p
			c.Items = items
			prop = &openapi3.SchemaRef{Value: &c}
		}
		// "" means "the default" on create; a PATCH cannot set a field
		// back to it.
		if method == "PATCH" && prop.Value.Extensions[IgnoredExtension] == nil {
			if unset := withoutEmpty(prop.Value); unset != prop.Value {
				prop = &openapi3.SchemaRef{Value: unset}
			}
		}
		s.Properties[field] = prop
	}
	if method == "PATCH" {
		// No anyOf of `required` lists to demand a changeable field:
		// openapi-generator then makes a model with no properties. A PATCH
		// of ignored fields alone changes nothing and answers the resource
		// as it is, as Stripe does.
		s.Required, s.MinProps = nil, 1
	}
	key := method
	if key == "" {
		key = "nested"
	}
	s.Description = strings.ReplaceAll(words[key], "{type}", name)
	g.schemas[inputName] = &openapi3.SchemaRef{Value: &s}
	return openapi3.NewSchemaRef(schemaRef+inputName, &s), nil
}

// withoutEmpty is p without the empty string among its values (an enum
// listing "", a pattern starting "^$|"); p itself when it has none.
func withoutEmpty(p *openapi3.Schema) *openapi3.Schema {
	hasEmpty := strings.HasPrefix(p.Pattern, "^$|") || slices.Contains(p.Enum, any(""))
	if !hasEmpty {
		return p
	}
	c := *p
	c.Pattern = strings.TrimPrefix(c.Pattern, "^$|")
	c.Enum = slices.DeleteFunc(slices.Clone(c.Enum), func(v any) bool { return v == "" })
	return &c
}

func hasReadOnly(s *openapi3.Schema) bool {
	for _, p := range s.Properties {
		if p.Value != nil && p.Value.ReadOnly {
			return true
		}
	}
	return false
}
