package gateway

import (
	"context"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	billingv1 "billing/gateway/gen/billing/v1"
)

func servedDocument(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openAPIDocument)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestOpenAPIDocumentIsValid runs kin-openapi's OpenAPI 3 validator on the
// document the gateway serves, in both of its forms.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc := servedDocument(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	fromYAML, err := openapi3.NewLoader().LoadFromData(openAPIYAML)
	if err != nil {
		t.Fatal(err)
	}
	if len(fromYAML.Paths.Map()) != len(doc.Paths.Map()) || len(fromYAML.Components.Schemas) != len(doc.Components.Schemas) {
		t.Error("openapi.yaml does not hold the same document as openapi.json")
	}
	var node yaml.Node
	if err := yaml.Unmarshal(openAPIYAML, &node); err != nil {
		t.Fatal(err)
	}
}

// TestOpenAPIDocumentShowsTheRESTForm checks what the published document
// promises: every route of the gateway is documented with kebab-case path
// parameters, success responses in the envelope with the real status, error
// responses in the error envelope, lowercase enum words, a credential on
// every operation, and request schemas that say what the service enforces.
func TestOpenAPIDocumentShowsTheRESTForm(t *testing.T) {
	doc := servedDocument(t)
	routes := testRoutes(t)
	kebab := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	varRE := regexp.MustCompile(`\{([^}]+)\}`)
	for _, rt := range routes.routes {
		published := varRE.ReplaceAllStringFunc(rt.Template, func(v string) string {
			return map[string]string{"{customer_id}": "{customer-id}", "{invoice_id}": "{invoice-id}",
				"{revenue_calculation_id}": "{calculation-id}", "{event_id}": "{event-id}",
				"{webhook_endpoint_id}": "{webhook-endpoint-id}", "{payment_id}": "{payment-id}",
				"{credit_note_id}": "{credit-note-id}", "{tax_rate_id}": "{tax-rate-id}"}[v]
		})
		item := doc.Paths.Value(published)
		if item == nil || item.GetOperation(rt.Method) == nil {
			t.Errorf("%s %s is not documented", rt.Method, published)
			continue
		}
		op := item.GetOperation(rt.Method)
		for _, p := range op.Parameters {
			if p.Value.In == "path" && !kebab.MatchString(p.Value.Name) {
				t.Errorf("%s: path parameter %s is not kebab-case", published, p.Value.Name)
			}
			if p.Value.Name == "X-Request-ID" && p.Value.Schema.Value.Pattern != "" {
				t.Errorf("%s: X-Request-ID declares a pattern the gateway does not enforce", published)
			}
		}
		success := 0
		for code, r := range op.Responses.Map() {
			switch {
			case code == "204":
				success++
				if len(r.Value.Content) != 0 {
					t.Errorf("%s %s: 204 with content", rt.Method, published)
				}
			case code[0] == '2' && rt.Facts.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_BODY:
				success++
				if media := r.Value.Content.Get(rt.Facts.GetMediaType()); media == nil || len(r.Value.Content) != 1 ||
					media.Schema.Value.Format != "binary" || r.Value.Headers["ETag"] == nil || r.Value.Headers["Content-Disposition"] == nil {
					t.Errorf("%s %s: %s is not the document's bytes (%s) with ETag and Content-Disposition", rt.Method, published, code, rt.Facts.GetMediaType())
				}
			case code[0] == '2':
				success++
				media := r.Value.Content.Get("application/json")
				if media == nil || !strings.HasSuffix(media.Schema.Ref, "Envelope") {
					t.Errorf("%s %s: %s is not an envelope", rt.Method, published, code)
				}
				if (code == "201" || code == "202") && r.Value.Headers["Location"] == nil {
					t.Errorf("%s %s: %s without Location", rt.Method, published, code)
				}
			case code == "304":
				if r.Value.Headers["ETag"] == nil || rt.Method != "GET" {
					t.Errorf("%s %s: 304 not on a GET, or without ETag", rt.Method, published)
				}
			case code == "409" && rt.Facts.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_BODY:
				// A document the resource cannot have (yet): its own words.
				if media := r.Value.Content.Get("application/json"); media == nil || media.Schema.Ref != "#/components/schemas/ErrorEnvelope" {
					t.Errorf("%s %s: 409 is not the error envelope", rt.Method, published)
				}
			default:
				if !strings.HasPrefix(r.Ref, "#/components/responses/") {
					t.Errorf("%s %s: error %s is not a shared error response", rt.Method, published, code)
				}
			}
		}
		if success == 0 {
			t.Errorf("%s %s: no success response", rt.Method, published)
		}
		if op.Security != nil && len(*op.Security) == 0 {
			t.Errorf("%s %s: open, but the service needs a credential", rt.Method, published)
		}
		if rt.Method == "PATCH" {
			body := op.RequestBody.Value.Content.Get("application/json").Schema.Value
			if len(body.Required) != 0 || body.MinProps != 1 {
				t.Errorf("%s %s: a PATCH body needs no field but at least one (required %v, minProperties %d)",
					rt.Method, published, body.Required, body.MinProps)
			}
		}
		// The document's success responses are the method's declared facts
		// (billing.v1.method), which the gateway answers by (cmd/openapi
		// reads them from the descriptors).
		var codes []string
		for code, r := range op.Responses.Map() {
			if code[0] != '2' {
				continue
			}
			codes = append(codes, code)
			if rt.Facts.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_BODY {
				continue // checked above: the document's bytes
			}
			env := rt.Facts.GetType() + "Envelope"
			if s := rt.Facts.GetShape(); s == billingv1.ResponseShape_RESPONSE_SHAPE_LIST || s == billingv1.ResponseShape_RESPONSE_SHAPE_PAGED {
				env = rt.Facts.GetType() + "ListEnvelope"
			}
			if media := r.Value.Content.Get("application/json"); code != "204" && (media == nil || media.Schema.Ref != "#/components/schemas/"+env) {
				t.Errorf("%s: %s does not carry %s", rt.Selector, code, env)
			}
		}
		sort.Strings(codes)
		want := []string{strconv.Itoa(int(rt.Facts.GetSuccessStatus()))}
		if rt.Facts.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_UPSERT {
			want = []string{"200", "201"}
		}
		if !slices.Equal(codes, want) {
			t.Errorf("%s: the document's successes %v, the method declares %v", rt.Selector, codes, want)
		}
	}

	schemas := doc.Components.Schemas
	for _, name := range []string{"ErrorEnvelope", "ErrorDetails", "CustomerEnvelope", "CustomerListEnvelope", "InvoiceEnvelope",
		"InvoiceListEnvelope", "RevenueCalculationEnvelope", "RevenueCalculationListEnvelope"} {
		if schemas[name] == nil {
			t.Errorf("schema %s missing", name)
		}
	}
	if order := strings.Join(schemas["ErrorEnvelope"].Value.Required, ","); order != "timestamp,success,message,errorCode,page,pageSize,totalItems,totalPage,type,data,requestId" {
		t.Errorf("envelope fields %s", order)
	}
	enumWords := func(name string) string {
		var words []string
		for _, v := range schemas[name].Value.Enum {
			words = append(words, v.(string))
		}
		return strings.Join(words, ",")
	}
	if got := enumWords("InvoiceStatus"); got != "draft,pending,paid,cancelled,uncollectible" {
		t.Errorf("InvoiceStatus %s", got)
	}
	if got := enumWords("InvoiceDeliveryStatus"); got != "not_configured,queued,sent,failed,not_sent" {
		t.Errorf("InvoiceDeliveryStatus %s", got)
	}
	if got := enumWords("RevenueCalculationStatus"); got != "queued,running,succeeded,failed" {
		t.Errorf("RevenueCalculationStatus %s", got)
	}
	for _, leak := range []string{"INVOICE_STATUS_", "REVENUE_CALCULATION_STATUS_", "customerId}", "rpcStatus", "protobufAny", "ListCustomersResponse"} {
		if strings.Contains(string(openAPIDocument), leak) {
			t.Errorf("document contains %q", leak)
		}
	}

	// What the service enforces, stated in the request schemas.
	customer := schemas["Customer"].Value
	if strings.Join(schemas["CustomerCreate"].Value.Required, ",") != "name,email,defaultCurrency" || customer.AdditionalProperties.Has == nil || *customer.AdditionalProperties.Has {
		t.Errorf("Customer: required %v, additionalProperties %v", customer.Required, customer.AdditionalProperties.Has)
	}
	if customer.Properties["email"].Value.Format != "email" || len(customer.Properties["defaultCurrency"].Value.Enum) < 100 {
		t.Error("Customer: email format and currency codes")
	}
	if patch := schemas["InvoicePatch"].Value; patch.Properties["status"].Value.ReadOnly || patch.Properties["status"].Value.Extensions["x-billing-ignored"] != nil ||
		!schemas["Invoice"].Value.Properties["status"].Value.ReadOnly || schemas["InvoiceReplacement"].Value.Properties["status"].Value.Extensions["x-billing-ignored"] != true {
		t.Error("an invoice's status is set by PATCH only")
	}
	if schemas["CustomerReplacement"].Value.Properties["id"] != nil || schemas["CustomerCreate"].Value.Properties["id"] == nil {
		t.Error("a customer's id is chosen on create, the path's on PUT")
	}
	// Request bodies list read-only fields as ignored, not readOnly: tools
	// that generate requests neither forbid them nor expect them to count.
	for name, s := range schemas {
		if !strings.HasSuffix(name, "Create") && !strings.HasSuffix(name, "Replacement") && !strings.HasSuffix(name, "Patch") && !strings.HasSuffix(name, "Input") {
			continue
		}
		for field, p := range s.Value.Properties {
			if p.Value.ReadOnly {
				t.Errorf("request schema %s: %s is readOnly", name, field)
			}
		}
	}
	if !customer.Properties["createTime"].Value.ReadOnly {
		t.Error("Customer.createTime is not read-only")
	}
	line := schemas["LineItem"].Value
	// quantity may be 0 beside quantityDecimal (issue 19): no minimum above 0.
	if q := line.Properties["quantity"].Value; !q.Type.Is("integer") || (q.Min != nil && *q.Min != 0) ||
		q.Max == nil || *q.Max != 1e9 || line.Properties["quantityDecimal"] == nil {
		t.Errorf("LineItem.quantity: %+v", q)
	}
	// A date, or empty on a draft created without one (issue 22).
	if due := schemas["Invoice"].Value.Properties["dueDate"].Value; !regexp.MustCompile(due.Pattern).MatchString("2026-03-31") ||
		!regexp.MustCompile(due.Pattern).MatchString("") || regexp.MustCompile(due.Pattern).MatchString("31/03/2026") {
		t.Errorf("Invoice.dueDate pattern %q", due.Pattern)
	}

	// The credentials: an API key in Authorization, or a JWT bearer token.
	apiKey := doc.Components.SecuritySchemes["ApiKeyAuth"]
	bearer := doc.Components.SecuritySchemes["BearerAuth"]
	if apiKey == nil || apiKey.Value.Type != "apiKey" || apiKey.Value.In != "header" || apiKey.Value.Name != "Authorization" ||
		!strings.Contains(apiKey.Value.Description, "Apikey ") {
		t.Errorf("ApiKeyAuth: %+v", apiKey)
	}
	if bearer == nil || bearer.Value.Type != "http" || bearer.Value.Scheme != "bearer" || bearer.Value.BearerFormat != "JWT" {
		t.Errorf("BearerAuth: %+v", bearer)
	}
	if len(doc.Security) != 2 {
		t.Errorf("global security %v", doc.Security)
	}
}
