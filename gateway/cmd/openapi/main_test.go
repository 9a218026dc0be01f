package main

import (
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/types/descriptorpb"

	billingv1 "billing/gateway/gen/billing/v1"
	"billing/gateway/internal/restapi"
)

// The descriptors build.sh leaves in gen/, and openapi_config.yaml.
const descriptorSet, configFile = "../../gen/descriptors.pb", "../../openapi_config.yaml"

func testConfig(t *testing.T) *config {
	t.Helper()
	cfg, err := loadConfig(configFile)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func testDocument(t *testing.T) *openapi3.T {
	t.Helper()
	files, err := loadDescriptors(descriptorSet)
	if err != nil {
		t.Fatalf("run build.sh first: %v", err)
	}
	doc, err := generate(files, testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestGeneratesTheRequestBodies(t *testing.T) {
	doc := testDocument(t)
	if doc.OpenAPI != "3.0.3" || len(doc.Security) != 2 || len(doc.Components.SecuritySchemes) != 2 {
		t.Errorf("openapi %s, security %v", doc.OpenAPI, doc.Security)
	}
	patch := doc.Paths.Value("/api/v1/invoices/{invoice-id}").Patch
	body := patch.RequestBody.Value.Content.Get("application/json").Schema
	if body.Ref != "#/components/schemas/InvoicePatch" || body.Value.MinProps != 1 || len(body.Value.Required) != 0 {
		t.Errorf("PATCH body %s: minProperties %d, required %v", body.Ref, body.Value.MinProps, body.Value.Required)
	}
	// The field mask is the body's fields, not a parameter.
	if p := patch.Parameters.GetByInAndName("query", "updateMask"); p != nil {
		t.Error("PATCH takes updateMask in its query")
	}
	if s := body.Value.Properties["status"]; s == nil || s.Value.Extensions[IgnoredExtension] != nil {
		t.Error("PATCH cannot set an invoice's status (settable_by_update)")
	}
	if put := doc.Paths.Value("/api/v1/invoices/{invoice-id}").Put; len(put.RequestBody.Value.Content.Get("application/json").Schema.Value.Required) == 0 {
		t.Error("PUT body requires nothing")
	}
	del := doc.Paths.Value("/api/v1/invoices/{invoice-id}").Delete.Responses.Value("204")
	if del == nil || len(del.Value.Content) != 0 {
		t.Errorf("DELETE 204 has content: %+v", del)
	}
	for name, s := range doc.Components.Schemas {
		if s.Value.Type.Is("object") && len(s.Value.Properties) > 0 && (s.Value.AdditionalProperties.Has == nil || *s.Value.AdditionalProperties.Has) {
			t.Errorf("%s admits unknown fields, which the gateway refuses", name)
		}
	}
}

// A success's status, envelope and headers are the method's facts; the
// configuration only words them.
func TestSuccessResponsesComeFromTheFacts(t *testing.T) {
	doc := testDocument(t)
	got := map[string]string{}
	count := 0
	for _, path := range doc.Paths.InMatchingOrder() {
		for _, op := range doc.Paths.Value(path).Operations() {
			for code, r := range op.Responses.Map() {
				if !strings.HasPrefix(code, "2") {
					continue
				}
				count++
				ref := ""
				if mt := r.Value.Content.Get("application/json"); mt != nil {
					ref = mt.Schema.Ref
				}
				_, location := r.Value.Headers["Location"]
				got[op.OperationID+" "+code] = *r.Value.Description + " " + ref + " " + map[bool]string{true: "Location"}[location]
			}
		}
	}
	for key, want := range map[string]string{
		"InvoiceService_ProcessInvoice 200":                      "The Invoice. #/components/schemas/InvoiceEnvelope ",
		"InvoiceService_SendInvoice 200":                         "The Invoice, its deliveryStatus queued. #/components/schemas/InvoiceEnvelope ",
		"RevenueCalculationService_CreateRevenueCalculation 202": "Accepted: queued and run in the background; poll Location for its status and result. #/components/schemas/RevenueCalculationEnvelope Location",
		"CustomerService_CreateCustomer 201":                     "Created. #/components/schemas/CustomerEnvelope Location",
		"CustomerService_ReplaceCustomer 201":                    "Created under the id of the path. #/components/schemas/CustomerEnvelope Location",
		"CustomerService_ReplaceCustomer 200":                    "Replaced. #/components/schemas/CustomerEnvelope ",
		"InvoiceService_ListInvoices2 200":                       "A page of Invoice items. #/components/schemas/InvoiceListEnvelope ",
		"WebhookEndpointService_DeleteWebhookEndpoint 204":       "Done; no body.  ",
		"InvoiceService_GetInvoicePdf 200":                       "The document, application/pdf: its bytes, not an envelope.  ",
	} {
		if got[key] != want {
			t.Errorf("%s: %q, want %q", key, got[key], want)
		}
	}
	if count < 40 {
		t.Errorf("only %d success responses", count)
	}
}

// The configuration is prose, examples and constraints: a status written in
// it is refused, not published beside the facts.
func TestAStatusWrittenInTheConfigurationIsRefused(t *testing.T) {
	raw, err := os.ReadFile(configFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, edit := range [][2]string{
		{"    summary: \"Create a customer\"\n", "    summary: \"Create a customer\"\n    responses: {\"201\": {description: Created.}}\n"},
		{"  billing.v1.Customer.email:\n", "  billing.v1.Customer.email: {}\n  billing.v1.Customer.email:\n"},
		{"successResponses:\n", "successResponses:\n  teapot: \"418\"\n"},
	} {
		changed := strings.Replace(string(raw), edit[0], edit[1], 1)
		if changed == string(raw) {
			t.Fatalf("%q not found", edit[0])
		}
		path := t.TempDir() + "/openapi_config.yaml"
		if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := loadConfig(path); err == nil {
			t.Errorf("%q was taken", edit[1])
		}
	}
}

// A misspelt name in the configuration would lose its words: refused.
func TestRefusesWordsForWhatTheProtosDoNotDeclare(t *testing.T) {
	files, err := loadDescriptors(descriptorSet)
	if err != nil {
		t.Fatalf("run build.sh first: %v", err)
	}
	cfg := testConfig(t)
	cfg.Fields["billing.v1.Customer.emial"] = cfg.Fields["billing.v1.Customer.email"]
	if _, err := generate(files, cfg); err == nil || !strings.Contains(err.Error(), "billing.v1.Customer.emial") {
		t.Errorf("generated with a misspelt field: %v", err)
	}
}

// generateEdited generates the document from the descriptors build.sh
// left, as edit changed them; edit tells whether it found what it changes.
func generateEdited(t *testing.T, edit func(*descriptorpb.FileDescriptorSet) bool) error {
	t.Helper()
	raw, err := os.ReadFile(descriptorSet)
	if err != nil {
		t.Fatalf("run build.sh first: %v", err)
	}
	var set descriptorpb.FileDescriptorSet
	if err := proto.Unmarshal(raw, &set); err != nil {
		t.Fatal(err)
	}
	if !edit(&set) {
		t.Fatal("nothing to edit")
	}
	files, err := protodesc.NewFiles(&set)
	if err != nil {
		t.Fatal(err)
	}
	_, err = generate(files, testConfig(t))
	return err
}

// method is the RPC named in the set, nil if none.
func method(set *descriptorpb.FileDescriptorSet, service, name string) *descriptorpb.MethodDescriptorProto {
	for _, f := range set.File {
		for _, s := range f.Service {
			for _, m := range s.Method {
				if s.GetName() == service && m.GetName() == name {
					return m
				}
			}
		}
	}
	return nil
}

// A route without its facts has no success to publish: refused.
func TestRefusesARouteWithoutFacts(t *testing.T) {
	err := generateEdited(t, func(set *descriptorpb.FileDescriptorSet) bool {
		m := method(set, "InvoiceService", "ProcessInvoice")
		if m != nil {
			proto.ClearExtension(m.Options, billingv1.E_Method)
		}
		return m != nil
	})
	if err == nil || !strings.Contains(err.Error(), "ProcessInvoice declares no billing.v1.method facts") {
		t.Errorf("generated without ProcessInvoice's facts: %v", err)
	}
}

// What no proto uses is not published: a body of "*" (the request's
// fields would be neither body nor query), a float field (money is never
// one), a list of timestamps: refused rather than published wrong.
func TestRefusesWhatNoProtoUses(t *testing.T) {
	err := generateEdited(t, func(set *descriptorpb.FileDescriptorSet) bool {
		m := method(set, "CustomerService", "CreateCustomer")
		if m == nil {
			return false
		}
		rule := proto.GetExtension(m.Options, annotations.E_Http).(*annotations.HttpRule)
		rule.Body = "*"
		proto.SetExtension(m.Options, annotations.E_Http, rule)
		return true
	})
	if err == nil || !strings.Contains(err.Error(), `body "*"`) {
		t.Errorf("generated a body of *: %v", err)
	}
	// A field of a message the set declares, edited.
	editField := func(message, name string, edit func(*descriptorpb.FieldDescriptorProto)) func(*descriptorpb.FileDescriptorSet) bool {
		return func(set *descriptorpb.FileDescriptorSet) bool {
			for _, f := range set.File {
				for _, m := range f.MessageType {
					for _, field := range m.Field {
						if m.GetName() == message && field.GetName() == name {
							edit(field)
							return true
						}
					}
				}
			}
			return false
		}
	}
	err = generateEdited(t, editField("LineItem", "quantity", func(f *descriptorpb.FieldDescriptorProto) {
		f.Type = descriptorpb.FieldDescriptorProto_TYPE_DOUBLE.Enum()
	}))
	if err == nil || !strings.Contains(err.Error(), "LineItem.quantity: double fields are not published") {
		t.Errorf("generated a double field: %v", err)
	}
	// A list of timestamps: its items' readOnly would reach the request bodies.
	err = generateEdited(t, editField("Invoice", "create_time", func(f *descriptorpb.FieldDescriptorProto) {
		f.Label = descriptorpb.FieldDescriptorProto_LABEL_REPEATED.Enum()
	}))
	if err == nil || !strings.Contains(err.Error(), "Invoice.create_time: repeated google.protobuf.Timestamp is not published") {
		t.Errorf("generated a list of timestamps: %v", err)
	}
}

func TestCreatesLinkToTheirGet(t *testing.T) {
	link := testDocument(t).Paths.Value("/api/v1/revenue-calculations").Post.Responses.Value("202").Value.Links["Get"]
	if link == nil || link.Value.OperationID != "RevenueCalculationService_GetRevenueCalculation" ||
		link.Value.Parameters["calculation-id"] != "$response.body#/data/id" {
		t.Errorf("link %+v", link)
	}
}

// A bound of 1e9 must reach YAML as an integer: written as 1e+09, YAML 1.1
// readers (PyYAML, hence Schemathesis and the generated clients) read a
// string, and the YAML document would no longer be the JSON one.
func TestYAMLWritesWholeNumbersAsIntegers(t *testing.T) {
	asJSON, err := testDocument(t).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	asYAML, err := toYAML(asJSON)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(asYAML), "maximum: 1000000000\n") || strings.Contains(string(asYAML), "e+") {
		t.Errorf("quantity's maximum is not a plain integer in the YAML document")
	}
}

// The REST forms: enum words, numeric 64-bit integers, kebab-case path
// parameters with their patterns, the shared error responses, and the
// proto comments as descriptions where the configuration has no words.
func TestPublishedForms(t *testing.T) {
	doc := testDocument(t)
	status := doc.Components.Schemas["InvoiceStatus"].Value
	if fmt.Sprint(status.Enum) != "[draft pending paid cancelled uncollectible]" {
		t.Errorf("InvoiceStatus enum %v", status.Enum)
	}
	invoice := doc.Components.Schemas["Invoice"].Value
	if q := doc.Components.Schemas["LineItem"].Value.Properties["quantity"].Value; !q.Type.Is("integer") {
		t.Errorf("quantity is %v", q.Type)
	}
	if d := invoice.Properties["daysOverdue"].Value; !d.ReadOnly || !strings.HasPrefix(d.Description, "Output only: whole days past the due date") {
		t.Errorf("daysOverdue (OUTPUT_ONLY, described by its comment): readOnly %v, %q", d.ReadOnly, d.Description)
	}
	if c := invoice.Properties["createTime"].Value; !c.ReadOnly || !c.Nullable || c.Format != "date-time" {
		t.Errorf("createTime %+v", c)
	}
	get := doc.Paths.Value("/api/v1/invoices/{invoice-id}").Get
	if p := get.Parameters.GetByInAndName("path", "invoice-id"); p == nil || p.Schema.Value.Pattern == "" {
		t.Errorf("invoice-id parameter %+v", p)
	}
	if get.Responses.Value("404") == nil || get.Responses.Value("409") != nil || get.Responses.Value("default") != nil {
		t.Errorf("GET's error responses %v", slices.Sorted(maps.Keys(get.Responses.Map())))
	}
	if got := doc.Tags[0].Name + ", " + doc.Tags[3].Name; got != "Customers, Invoices" {
		t.Errorf("tags %s", got)
	}
}

// The paging bounds openapi_config.yaml publishes are the ones the gateway
// and the service hold: pageSize at most restapi.MaxPageSize, by default the
// service's kDefaultPageSize (src/domain/paging.h).
func TestPublishedPagingIsTheServices(t *testing.T) {
	doc := testDocument(t)
	header, err := os.ReadFile("../../../src/domain/paging.h")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`kDefaultPageSize = (\d+);`).FindSubmatch(header)
	if m == nil {
		t.Fatal("no kDefaultPageSize in src/domain/paging.h")
	}
	params := doc.Paths.Value("/api/v1/customers").Get.Parameters
	size := params.GetByInAndName("query", "pageSize").Schema.Value
	if size.Max == nil || *size.Max != restapi.MaxPageSize || fmt.Sprint(size.Default) != string(m[1]) || size.Min == nil || *size.Min != 1 {
		t.Errorf("pageSize: minimum %v, maximum %v, default %v; want 1, %d, %s", size.Min, size.Max, size.Default, restapi.MaxPageSize, m[1])
	}
	if page := params.GetByInAndName("query", "page").Schema.Value; page.Min == nil || *page.Min != 1 {
		t.Errorf("page: minimum %v, want 1", page.Min)
	}
}
