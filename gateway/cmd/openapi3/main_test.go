package main

import (
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"billing/gateway/internal/restapi"
)

// TestConvertRealDocument converts what openapi-post made from the real
// protos (build.sh leaves it in gen/openapi) and checks each addition.
func TestConvertRealDocument(t *testing.T) {
	data, err := os.ReadFile("../../gen/openapi/billing.swagger.json")
	if err != nil {
		t.Fatalf("run build.sh first: %v", err)
	}
	doc, err := convert(data, testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.0.3" || len(doc.Security) != 2 || len(doc.Components.SecuritySchemes) != 2 {
		t.Errorf("openapi %s, security %v", doc.OpenAPI, doc.Security)
	}
	patch := doc.Paths.Value("/api/v1/invoices/{invoice-id}").Patch
	body := patch.RequestBody.Value.Content.Get("application/json").Schema
	if body.Ref != "#/components/schemas/InvoicePatch" || body.Value.MinProps != 1 || len(body.Value.Required) != 0 {
		t.Errorf("PATCH body %s: minProperties %d, required %v", body.Ref, body.Value.MinProps, body.Value.Required)
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

func TestConvertRefusesWhatIsNotSwagger2(t *testing.T) {
	if _, err := convert([]byte(`{"openapi": "3.0.0"`), testConfig(t)); err == nil {
		t.Error("accepted broken JSON")
	}
	doc := `{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{"/x/{id}":{"patch":{"parameters":[{"name":"id","in":"path","required":true,"type":"string"}],"responses":{"200":{"description":"ok"}}}}}}`
	if _, err := convert([]byte(doc), testConfig(t)); err == nil {
		t.Error("accepted a PATCH without a body")
	}
}

func TestCreatesLinkToTheirGet(t *testing.T) {
	data, err := os.ReadFile("../../gen/openapi/billing.swagger.json")
	if err != nil {
		t.Fatalf("run build.sh first: %v", err)
	}
	doc, err := convert(data, testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	link := doc.Paths.Value("/api/v1/revenue-calculations").Post.Responses.Value("202").Value.Links["Get"]
	if link == nil || link.Value.OperationID != "RevenueCalculationService_GetRevenueCalculation" ||
		link.Value.Parameters["calculation-id"] != "$response.body#/data/id" {
		t.Errorf("link %+v", link)
	}
}

// A bound of 1e9 must reach YAML as an integer: written as 1e+09, YAML 1.1
// readers (PyYAML, hence Schemathesis and the generated clients) read a
// string, and the YAML document would no longer be the JSON one.
func TestYAMLWritesWholeNumbersAsIntegers(t *testing.T) {
	data, err := os.ReadFile("../../gen/openapi/billing.swagger.json")
	if err != nil {
		t.Fatalf("run build.sh first: %v", err)
	}
	doc, err := convert(data, testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	asYAML, err := toYAML(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(asYAML), "maximum: 1000000000\n") || strings.Contains(string(asYAML), "e+") {
		t.Errorf("quantity's maximum is not a plain integer in the YAML document")
	}
}

// The published forms: enum words, numeric 64-bit integers, kebab-case path
// parameters with their patterns, and the shared error responses.
func TestPublishedForms(t *testing.T) {
	data, err := os.ReadFile("../../gen/openapi/billing.swagger.json")
	if err != nil {
		t.Fatalf("run build.sh first: %v", err)
	}
	doc, err := convert(data, testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	status := doc.Components.Schemas["InvoiceStatus"].Value
	if fmt.Sprint(status.Enum) != "[draft pending paid cancelled uncollectible]" {
		t.Errorf("InvoiceStatus enum %v", status.Enum)
	}
	if q := doc.Components.Schemas["LineItem"].Value.Properties["quantity"].Value; !q.Type.Is("integer") {
		t.Errorf("quantity is %v", q.Type)
	}
	get := doc.Paths.Value("/api/v1/invoices/{invoice-id}").Get
	if p := get.Parameters.GetByInAndName("path", "invoice-id"); p == nil || p.Schema.Value.Pattern == "" {
		t.Errorf("invoice-id parameter %+v", p)
	}
	if get.Responses.Value("404") == nil || get.Responses.Value("409") != nil || get.Responses.Value("default") != nil {
		t.Errorf("GET's error responses %v", slices.Sorted(maps.Keys(get.Responses.Map())))
	}
	for _, gone := range []string{"ListInvoicesResponse", "ReplaceCustomerResponse"} {
		if doc.Components.Schemas[gone] != nil {
			t.Errorf("%s is still in the document", gone)
		}
	}
}

func TestRefusesAnOperationWithoutSuccess(t *testing.T) {
	doc := `{"swagger":"2.0","info":{"title":"Billing REST API","version":"1","description":"d"},"paths":{"/x":{"get":{"operationId":"X_Get","summary":"s","description":"d","responses":{"default":{"description":"no"}}}}},
	"definitions":{"ErrorEnvelope":{"type":"object"}}}`
	if _, err := convert([]byte(doc), testConfig(t)); err == nil || !strings.Contains(err.Error(), "no success response") {
		t.Errorf("accepted: %v", err)
	}
}

func testConfig(t *testing.T) *published {
	t.Helper()
	cfg, err := loadPublished("../../openapi_config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// The paging bounds openapi_config.yaml publishes are the ones the gateway
// and the service hold: pageSize at most restapi.MaxPageSize, by default the
// service's kDefaultPageSize (src/domain/paging.h).
func TestPublishedPagingIsTheServices(t *testing.T) {
	data, err := os.ReadFile("../../gen/openapi/billing.swagger.json")
	if err != nil {
		t.Fatalf("run build.sh first: %v", err)
	}
	doc, err := convert(data, testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
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
