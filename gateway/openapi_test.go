package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/go-openapi/loads"
	"github.com/go-openapi/strfmt"
	"github.com/go-openapi/validate"
)

// TestOpenAPIDocumentIsValid runs a real OpenAPI (Swagger 2.0) validator on
// the document the gateway serves.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc, err := loads.Analyzed(json.RawMessage(openAPIDocument), "2.0")
	if err != nil {
		t.Fatal(err)
	}
	v := validate.NewSpecValidator(doc.Schema(), strfmt.Default)
	res, warnings := v.Validate(doc)
	if res != nil && res.HasErrors() {
		for _, e := range res.Errors {
			t.Error(e)
		}
	}
	if warnings != nil {
		for _, w := range warnings.Warnings {
			t.Log("warning:", w)
		}
	}
}

type swaggerDoc struct {
	Paths map[string]map[string]struct {
		OperationID string `json:"operationId"`
		Parameters  []struct {
			Name string   `json:"name"`
			In   string   `json:"in"`
			Ref  string   `json:"$ref"`
			Enum []string `json:"enum"`
		} `json:"parameters"`
		Responses map[string]struct {
			Ref    string `json:"$ref"`
			Schema *struct {
				Ref string `json:"$ref"`
			} `json:"schema"`
			Headers map[string]any `json:"headers"`
		} `json:"responses"`
	} `json:"paths"`
	Definitions map[string]struct {
		Required   []string                   `json:"required"`
		Properties map[string]json.RawMessage `json:"properties"`
		Enum       []string                   `json:"enum"`
	} `json:"definitions"`
}

// TestOpenAPIDocumentShowsTheRESTForm checks what the post-processing
// promises: every route of the gateway is documented with kebab-case path
// parameters, success responses in the envelope with the real status, error
// responses in the error envelope, lowercase enum words.
func TestOpenAPIDocumentShowsTheRESTForm(t *testing.T) {
	var doc swaggerDoc
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	routes := testRoutes(t)
	kebab := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	varRE := regexp.MustCompile(`\{([^}]+)\}`)
	for _, rt := range routes.routes {
		// The route's template with the published parameter names.
		published := varRE.ReplaceAllStringFunc(rt.Template, func(v string) string {
			return map[string]string{"{customer_id}": "{customer-id}", "{invoice_id}": "{invoice-id}",
				"{revenue_calculation_id}": "{calculation-id}"}[v]
		})
		op, ok := doc.Paths[published][strings.ToLower(rt.Method)]
		if !ok {
			t.Errorf("%s %s is not documented", rt.Method, published)
			continue
		}
		for _, m := range varRE.FindAllStringSubmatch(published, -1) {
			if !kebab.MatchString(m[1]) {
				t.Errorf("%s: path parameter %s is not kebab-case", published, m[1])
			}
		}
		for _, p := range op.Parameters {
			if p.In == "path" && !kebab.MatchString(p.Name) {
				t.Errorf("%s: parameter %s", published, p.Name)
			}
		}
		success := 0
		for code, r := range op.Responses {
			switch {
			case code == "204":
				success++
				if r.Schema != nil {
					t.Errorf("%s %s: 204 with a body", rt.Method, published)
				}
			case code[0] == '2':
				success++
				if r.Schema == nil || !strings.HasSuffix(r.Schema.Ref, "Envelope") {
					t.Errorf("%s %s: %s is not an envelope", rt.Method, published, code)
				}
				if (code == "201" || code == "202") && r.Headers["Location"] == nil {
					t.Errorf("%s %s: %s without Location", rt.Method, published, code)
				}
			default:
				if !strings.HasPrefix(r.Ref, "#/responses/") {
					t.Errorf("%s %s: error %s is not a shared error response", rt.Method, published, code)
				}
			}
		}
		if success == 0 {
			t.Errorf("%s %s: no success response", rt.Method, published)
		}
		want := map[string]string{
			"billing.v1.CustomerService.CreateCustomer":                     "201",
			"billing.v1.InvoiceService.CreateInvoice":                       "201",
			"billing.v1.RevenueCalculationService.CreateRevenueCalculation": "202",
			"billing.v1.CustomerService.DeleteCustomer":                     "204",
			"billing.v1.InvoiceService.DeleteInvoice":                       "204",
			"billing.v1.CustomerService.ReplaceCustomer":                    "201",
		}[rt.Selector]
		if want != "" {
			if _, ok := op.Responses[want]; !ok {
				t.Errorf("%s: no %s response", rt.Selector, want)
			}
		}
	}
	for _, name := range []string{"ErrorEnvelope", "ErrorDetails", "CustomerEnvelope", "CustomerListEnvelope", "InvoiceEnvelope",
		"InvoiceListEnvelope", "RevenueCalculationEnvelope", "RevenueCalculationListEnvelope"} {
		if _, ok := doc.Definitions[name]; !ok {
			t.Errorf("definition %s missing", name)
		}
	}
	order := strings.Join(doc.Definitions["ErrorEnvelope"].Required, ",")
	if order != "timestamp,success,message,errorCode,page,pageSize,totalItems,totalPage,type,data,requestId" {
		t.Errorf("envelope fields %s", order)
	}
	if got := strings.Join(doc.Definitions["InvoiceStatus"].Enum, ","); got != "draft,pending,paid,cancelled" {
		t.Errorf("InvoiceStatus %s", got)
	}
	if got := strings.Join(doc.Definitions["RevenueCalculationStatus"].Enum, ","); got != "queued,running,succeeded,failed" {
		t.Errorf("RevenueCalculationStatus %s", got)
	}
	for _, leak := range []string{"INVOICE_STATUS_", "REVENUE_CALCULATION_STATUS_", "customerId}", "rpcStatus", "protobufAny", "ListCustomersResponse"} {
		if strings.Contains(string(openAPIDocument), leak) {
			t.Errorf("document contains %q", leak)
		}
	}
	var quantity struct {
		Type string `json:"type"`
	}
	json.Unmarshal(doc.Definitions["LineItem"].Properties["quantity"], &quantity)
	if quantity.Type != "integer" {
		t.Errorf("quantity is %q, the gateway sends a number", quantity.Type)
	}
}
