// Command openapi3 publishes the gateway's OpenAPI 3 document. It converts
// the Swagger 2 document (protoc-gen-openapiv2, then openapi-post) with
// kin-openapi's openapi2conv, adds what Swagger 2 cannot say, validates the
// result with kin-openapi, and writes openapi.json and openapi.yaml.
//
// Every step works on kin-openapi's types, never on text.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"
)

func main() {
	in := flag.String("in", "", "the Swagger 2 document openapi-post wrote")
	out := flag.String("out", "", "directory for openapi.json and openapi.yaml")
	flag.Parse()
	if *in == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: openapi3 -in SWAGGER2.json -out DIR")
		os.Exit(2)
	}
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "openapi3:", err)
		os.Exit(1)
	}
}

func run(in, outDir string) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	doc, err := convert(data)
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
func convert(swagger2 []byte) (*openapi3.T, error) {
	var doc2 openapi2.T
	if err := json.Unmarshal(swagger2, &doc2); err != nil {
		return nil, fmt.Errorf("swagger 2 document: %w", err)
	}
	doc, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		return nil, fmt.Errorf("converting to OpenAPI 3: %w", err)
	}
	doc.OpenAPI = "3.0.3"
	doc.Servers = openapi3.Servers{{URL: "/", Description: "this gateway"}}
	addSecurity(doc)
	closeObjects(doc)
	if err := patchBodies(doc); err != nil {
		return nil, err
	}
	dropEmptyContent(doc)
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("the OpenAPI 3 document is invalid: %w", err)
	}
	return doc, nil
}

// Security scheme names.
const (
	schemeAPIKey = "ApiKeyAuth"
	schemeBearer = "BearerAuth"
)

// addSecurity declares the two credentials the service takes in the
// Authorization header, and requires one of them on every operation. The
// document holds only /api/v1 operations: health, /docs and the document
// itself are open and not in it. Swagger 2 has no HTTP bearer scheme, so
// both are declared here.
func addSecurity(doc *openapi3.T) {
	if doc.Components.SecuritySchemes == nil {
		doc.Components.SecuritySchemes = openapi3.SecuritySchemes{}
	}
	doc.Components.SecuritySchemes[schemeAPIKey] = &openapi3.SecuritySchemeRef{Value: &openapi3.SecurityScheme{
		Type: "apiKey", In: "header", Name: "Authorization",
		Description: "An API key, sent as `Authorization: Apikey <key>`; in Swagger UI's Authorize dialog enter `Apikey bk_…` (with the prefix). " +
			"Keys are made with `billing-server keys create --account=… --scopes=…`.",
	}}
	doc.Components.SecuritySchemes[schemeBearer] = &openapi3.SecuritySchemeRef{Value: &openapi3.SecurityScheme{
		Type: "http", Scheme: "bearer", BearerFormat: "JWT",
		Description: "An OAuth access token (JWT, RS256/ES256/HS256) whose billing_account claim names the account and whose scope claim holds the scopes.",
	}}
	doc.Security = openapi3.SecurityRequirements{
		openapi3.NewSecurityRequirement().Authenticate(schemeAPIKey),
		openapi3.NewSecurityRequirement().Authenticate(schemeBearer),
	}
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

// patchWritable are the fields a PATCH may set though they are read-only
// elsewhere: an invoice's status moves along its lifecycle through PATCH.
var patchWritable = map[string][]string{"Invoice": {"status"}}

// patchBodies gives PUT and PATCH their own body schemas. In both, the id
// is read-only: it is the path's (the gateway accepts it back only when it
// is equal). A PATCH body has the resource's fields, none required, at
// least one present (the fields sent are the ones that change; an empty
// PATCH is refused).
func patchBodies(doc *openapi3.T) error {
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range map[string]*openapi3.Operation{"PUT": item.Put, "PATCH": item.Patch} {
			if op == nil {
				continue
			}
			if err := writeBody(doc, method, path, op); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeBody(doc *openapi3.T, method, path string, op *openapi3.Operation) error {
	body := op.RequestBody
	if body == nil || body.Value == nil {
		return fmt.Errorf("%s %s has no body", method, path)
	}
	media := body.Value.Content.Get("application/json")
	if media == nil || media.Schema == nil || media.Schema.Ref == "" {
		return fmt.Errorf("%s %s: body is not a reference to a resource schema", method, path)
	}
	name := strings.TrimPrefix(media.Schema.Ref, "#/components/schemas/")
	resource := doc.Components.Schemas[name]
	if resource == nil || resource.Value == nil {
		return fmt.Errorf("%s %s: no schema %s", method, path, name)
	}
	bodyName := name + map[string]string{"PUT": "Replacement", "PATCH": "Patch"}[method]
	bodyRef, done := doc.Components.Schemas[bodyName]
	if !done {
		s := *resource.Value
		s.Properties = openapi3.Schemas{}
		for field, prop := range resource.Value.Properties {
			s.Properties[field] = prop
		}
		if id := s.Properties["id"]; id != nil && id.Value != nil && !id.Value.ReadOnly {
			readOnlyID := *id.Value
			readOnlyID.ReadOnly = true
			s.Properties["id"] = &openapi3.SchemaRef{Value: &readOnlyID}
		}
		s.Title = ""
		s.Description = "The " + name + " to store under the id in the path. Read-only fields may be sent back as read and are ignored."
		if method == "PATCH" {
			s.Required = nil
			s.MinProps = 1
			s.Description = "The fields of the " + name + " to change; only those sent change. Read-only fields may be sent back as read and are ignored."
			for _, field := range patchWritable[name] {
				prop := s.Properties[field]
				if prop == nil || prop.Value == nil {
					return fmt.Errorf("%s: no field %s to make writable", name, field)
				}
				writable := *prop.Value
				writable.ReadOnly = false
				s.Properties[field] = &openapi3.SchemaRef{Value: &writable}
			}
		}
		bodyRef = &openapi3.SchemaRef{Value: &s}
		doc.Components.Schemas[bodyName] = bodyRef
	}
	media.Schema = openapi3.NewSchemaRef("#/components/schemas/"+bodyName, bodyRef.Value)
	body.Value.Required = true
	return nil
}

// dropEmptyContent removes media types without a schema: a 204 has no
// content at all, and the converter gives every response the document's
// produces list.
func dropEmptyContent(doc *openapi3.T) {
	for _, path := range doc.Paths.InMatchingOrder() {
		for _, op := range doc.Paths.Value(path).Operations() {
			for _, code := range sortedKeys(op.Responses.Map()) {
				r := op.Responses.Value(code)
				if r == nil || r.Value == nil {
					continue
				}
				for mt, media := range r.Value.Content {
					if media == nil || media.Schema == nil {
						delete(r.Value.Content, mt)
					}
				}
				if len(r.Value.Content) == 0 {
					r.Value.Content = nil
				}
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// toYAML renders the document as YAML from kin-openapi's own YAML form.
func toYAML(doc *openapi3.T) ([]byte, error) {
	form, err := doc.MarshalYAML()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(form); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}
