// Command openapi3 publishes the gateway's OpenAPI 3 document. It converts
// the Swagger 2 document protoc-gen-openapiv2 made with kin-openapi's
// openapi2conv, adds what Swagger 2 cannot say (publish.go; its words are
// openapi_config.yaml's published section), validates the result with kin-openapi, and writes
// openapi.json and openapi.yaml.
//
// Every step works on kin-openapi's types, never on text.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	billingv1 "billing/gateway/gen/billing/v1"
)

func main() {
	in := flag.String("in", "", "the Swagger 2 document protoc-gen-openapiv2 wrote")
	config := flag.String("config", "", "openapi_config.yaml (its published section)")
	out := flag.String("out", "", "directory for openapi.json and openapi.yaml")
	flag.Parse()
	if *in == "" || *out == "" || *config == "" {
		fmt.Fprintln(os.Stderr, "usage: openapi3 -in SWAGGER2.json -config openapi_config.yaml -out DIR")
		os.Exit(2)
	}
	if err := run(*in, *config, *out); err != nil {
		fmt.Fprintln(os.Stderr, "openapi3:", err)
		os.Exit(1)
	}
}

func run(in, config, outDir string) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	cfg, err := loadPublished(config)
	if err != nil {
		return err
	}
	doc, err := convert(data, cfg)
	if err != nil {
		return err
	}
	asJSON, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	asYAML, err := toYAML(doc)
	if err != nil {
		return err
	}
	for name, content := range map[string][]byte{"openapi.json": append(asJSON, '\n'), "openapi.yaml": asYAML} {
		tmp := filepath.Join(outDir, name+".tmp")
		if err := os.WriteFile(tmp, content, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, filepath.Join(outDir, name)); err != nil {
			return err
		}
	}
	return nil
}

// convert is the whole step, from Swagger 2 bytes to a valid OpenAPI 3
// document.
func convert(swagger2 []byte, cfg *published) (*openapi3.T, error) {
	swagger2, err := refSiblings(swagger2)
	if err != nil {
		return nil, err
	}
	var doc2 openapi2.T
	if err := json.Unmarshal(swagger2, &doc2); err != nil {
		return nil, fmt.Errorf("swagger 2 document: %w", err)
	}
	if doc2.Swagger != "2.0" {
		return nil, fmt.Errorf("not a Swagger 2.0 document")
	}
	doc, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		return nil, fmt.Errorf("converting to OpenAPI 3: %w", err)
	}
	doc.OpenAPI = "3.0.3"
	doc.Servers = openapi3.Servers{{URL: "/", Description: "this gateway"}}
	if err := checkInfo(doc); err != nil {
		return nil, err
	}
	enumWords(doc)
	integers(doc)
	timestamps(doc)
	if err := sharedParts(doc, cfg); err != nil {
		return nil, err
	}
	if err := paths(doc, cfg); err != nil {
		return nil, err
	}
	if err := documentOperations(doc, cfg); err != nil {
		return nil, err
	}
	closeObjects(doc)
	if err := patchBodies(doc, cfg); err != nil {
		return nil, err
	}
	linkCreatedToGet(doc)
	pruneSchemas(doc)
	// The references openapi_config.yaml makes (the error envelope).
	if err := openapi3.NewLoader().ResolveRefsIn(doc, nil); err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("the OpenAPI 3 document is invalid: %w", err)
	}
	return doc, nil
}

// closeObjects states that the gateway refuses unknown fields: every object
// schema with properties allows no others.
func closeObjects(doc *openapi3.T) {
	no := false
	for _, ref := range doc.Components.Schemas {
		s := ref.Value
		if s != nil && s.Type.Is("object") && len(s.Properties) > 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
			s.AdditionalProperties = openapi3.AdditionalProperties{Has: &no}
		}
	}
}

// settableByUpdate tells whether a PATCH may set this read-only field of
// the billing.v1 message schema: the field's billing.v1.settable_by_update
// option (an invoice's status moves along its lifecycle through PATCH).
func settableByUpdate(schema, jsonField string) bool {
	mt, err := protoregistry.GlobalTypes.FindMessageByName(protoreflect.FullName("billing.v1." + schema))
	if err != nil {
		return false
	}
	f := mt.Descriptor().Fields().ByJSONName(jsonField)
	if f == nil {
		return false
	}
	settable, _ := proto.GetExtension(f.Options(), billingv1.E_SettableByUpdate).(bool)
	return settable
}

// IgnoredExtension marks a request-body property the gateway accepts and
// drops: a read-only field, sent back as a GET returned it. The gateway
// drops the same fields, read from the protos (request.go, outputOnly).
const IgnoredExtension = "x-billing-ignored"

// bodySuffix names each method's request-body schema: CustomerCreate,
// CustomerReplacement, CustomerPatch.
var bodySuffix = map[string]string{"POST": "Create", "PUT": "Replacement", "PATCH": "Patch"}

// patchBodies gives POST, PUT and PATCH their own request-body schemas, so
// that the resource schema (what GET returns) keeps readOnly while a
// request may carry it back:
//   - a read-only field is listed without readOnly and marked ignored (the
//     gateway drops it): a tool that generates requests from the document
//     then neither forbids nor expects it to change anything;
//   - PUT and PATCH have no id: it is the path's (the gateway accepts one
//     equal to it, and refuses another);
//   - a PATCH body requires no field but at least one, and may set the
//     fields marked settable_by_update.
//
// Nested objects with read-only fields get an …Input copy the same way.
func patchBodies(doc *openapi3.T, cfg *published) error {
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range map[string]*openapi3.Operation{"POST": item.Post, "PUT": item.Put, "PATCH": item.Patch} {
			if op == nil || op.RequestBody == nil && method == "POST" {
				continue // an action such as /process takes no body
			}
			if op.RequestBody == nil {
				return fmt.Errorf("%s %s has no body", method, path)
			}
			if err := requestBody(doc, cfg, method, path, op); err != nil {
				return err
			}
		}
	}
	return nil
}

func requestBody(doc *openapi3.T, cfg *published, method, path string, op *openapi3.Operation) error {
	body := op.RequestBody.Value
	media := body.Content.Get("application/json")
	if media == nil || media.Schema == nil || media.Schema.Ref == "" {
		return fmt.Errorf("%s %s: body is not a reference to a resource schema", method, path)
	}
	name := strings.TrimPrefix(media.Schema.Ref, "#/components/schemas/")
	ref, err := inputSchema(doc, cfg, name, method)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	media.Schema = ref
	body.Required = true
	return nil
}

// inputSchema is the request form of the resource schema name for method
// ("" for a nested object), made once.
func inputSchema(doc *openapi3.T, cfg *published, name, method string) (*openapi3.SchemaRef, error) {
	inputName := name + "Input"
	if method != "" {
		inputName = name + bodySuffix[method]
	}
	if ref, ok := doc.Components.Schemas[inputName]; ok {
		return openapi3.NewSchemaRef("#/components/schemas/"+inputName, ref.Value), nil
	}
	resource := doc.Components.Schemas[name]
	if resource == nil || resource.Value == nil {
		return nil, fmt.Errorf("no schema %s", name)
	}
	s := *resource.Value
	s.Properties = openapi3.Schemas{}
	s.Title = ""
	for field, prop := range resource.Value.Properties {
		p := prop.Value
		switch {
		case p == nil:
			return nil, fmt.Errorf("%s.%s has no schema", name, field)
		case field == "id" && (method == "PUT" || method == "PATCH"):
			continue
		case p.ReadOnly || isReadOnlyList(p):
			c := *p
			c.ReadOnly = false
			if method == "PATCH" && settableByUpdate(name, field) {
				s.Properties[field] = &openapi3.SchemaRef{Value: &c}
				continue
			}
			if isReadOnlyList(p) {
				items := *p.Items.Value
				items.ReadOnly = false
				c.Items = &openapi3.SchemaRef{Value: &items}
			}
			c.Description = cfg.RequestBodies["ignored"]
			c.Extensions = map[string]any{IgnoredExtension: true}
			s.Properties[field] = &openapi3.SchemaRef{Value: &c}
		case p.Type.Is("array") && p.Items != nil && p.Items.Ref != "" && hasReadOnly(doc, p.Items.Ref):
			items, err := inputSchema(doc, cfg, strings.TrimPrefix(p.Items.Ref, "#/components/schemas/"), "")
			if err != nil {
				return nil, err
			}
			c := *p
			c.Items = items
			s.Properties[field] = &openapi3.SchemaRef{Value: &c}
		default:
			s.Properties[field] = prop
		}
	}
	if method == "PATCH" {
		s.Required = nil
		s.MinProps = 1
		// No anyOf of `required` lists to demand a changeable field:
		// openapi-generator then makes a model with no properties. A PATCH
		// of ignored fields alone changes nothing and answers the resource
		// as it is, as Stripe does.
		for _, field := range slices.Sorted(maps.Keys(s.Properties)) {
			p := s.Properties[field].Value
			if p.Extensions[IgnoredExtension] != nil {
				continue
			}
			// "" means "the default" on create; a PATCH cannot set a field
			// back to it.
			if unset := withoutEmpty(p); unset != p {
				s.Properties[field] = &openapi3.SchemaRef{Value: unset}
			}
		}
	}
	words := method
	if words == "" {
		words = "nested"
	}
	s.Description = strings.ReplaceAll(cfg.RequestBodies[words], "{type}", name)
	doc.Components.Schemas[inputName] = &openapi3.SchemaRef{Value: &s}
	return openapi3.NewSchemaRef("#/components/schemas/"+inputName, &s), nil
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

// isReadOnlyList is a repeated message field marked read-only: the
// generator puts readOnly on its items.
func isReadOnlyList(p *openapi3.Schema) bool {
	return p.Type.Is("array") && p.Items != nil && p.Items.Value != nil && p.Items.Value.ReadOnly
}

func hasReadOnly(doc *openapi3.T, ref string) bool {
	s := doc.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
	if s == nil || s.Value == nil {
		return false
	}
	for _, p := range s.Value.Properties {
		if p.Value != nil && p.Value.ReadOnly {
			return true
		}
	}
	return false
}

// linkCreatedToGet links each create (a POST answering 201 or 202) to the
// GET of what it made, through data.id: tools that chain calls (Swagger
// UI's links, Schemathesis's stateful phase) then find the new resource.
func linkCreatedToGet(doc *openapi3.T) {
	for _, path := range doc.Paths.InMatchingOrder() {
		post := doc.Paths.Value(path).Post
		if post == nil {
			continue
		}
		for _, code := range []string{"201", "202"} {
			created := post.Responses.Value(code)
			if created == nil || created.Value == nil {
				continue
			}
			for _, itemPath := range doc.Paths.InMatchingOrder() {
				param, ok := strings.CutPrefix(itemPath, path+"/{")
				if !ok || !strings.HasSuffix(param, "}") || strings.Contains(param, "/") {
					continue
				}
				get := doc.Paths.Value(itemPath).Get
				if get == nil {
					continue
				}
				if created.Value.Links == nil {
					created.Value.Links = openapi3.Links{}
				}
				created.Value.Links["Get"] = &openapi3.LinkRef{Value: &openapi3.Link{
					OperationID: get.OperationID,
					Parameters:  map[string]any{strings.TrimSuffix(param, "}"): "$response.body#/data/id"},
					Description: "The resource just made.",
				}}
			}
		}
	}
}

// toYAML renders the document as YAML from its JSON form, with every whole
// number as an integer: kin-openapi keeps bounds as float64, which YAML
// writes as 1e+09, and YAML 1.1 readers (PyYAML) take that for a string.
func toYAML(doc *openapi3.T) ([]byte, error) {
	asJSON, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(asJSON))
	dec.UseNumber()
	var form any
	if err := dec.Decode(&form); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(wholeNumbers(form)); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// wholeNumbers turns every json.Number in v into an int64 when it is one,
// else a float64.
func wholeNumbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = wholeNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = wholeNumbers(e)
		}
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		f, _ := x.Float64()
		return f
	}
	return v
}
