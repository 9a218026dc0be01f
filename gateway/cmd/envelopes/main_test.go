package main

import (
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// A success's status is written once, in the method's facts: the
// configuration protoc-gen-openapiv2 reads gets it from there.
func TestSuccessResponsesComeFromTheFacts(t *testing.T) {
	config, err := os.ReadFile("../../openapi_config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	merged, err := withSuccessResponses(config)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenapiOptions struct {
			Method []struct {
				Method string
				Option struct {
					Responses map[string]struct {
						Description string
						Headers     map[string]any
						Schema      struct {
							JSONSchema struct{ Ref string } `yaml:"jsonSchema"`
						}
					}
				}
			}
		} `yaml:"openapiOptions"`
		SuccessResponses any `yaml:"successResponses"`
	}
	if err := yaml.Unmarshal(merged, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SuccessResponses != nil {
		t.Error("successResponses left in what protoc-gen-openapiv2 reads")
	}
	got := map[string]string{}
	for _, m := range doc.OpenapiOptions.Method {
		for code, r := range m.Option.Responses {
			_, location := r.Headers["Location"]
			got[m.Method+" "+code] = r.Description + " " + r.Schema.JSONSchema.Ref + " " + map[bool]string{true: "Location"}[location]
		}
	}
	for key, want := range map[string]string{
		"billing.v1.InvoiceService.ProcessInvoice 200":                      "The Invoice. .billing.rest.v1.InvoiceEnvelope ",
		"billing.v1.InvoiceService.SendInvoice 200":                         "The Invoice, its deliveryStatus queued. .billing.rest.v1.InvoiceEnvelope ",
		"billing.v1.RevenueCalculationService.CreateRevenueCalculation 202": "Accepted: queued and run in the background; poll Location for its status and result. .billing.rest.v1.RevenueCalculationEnvelope Location",
		"billing.v1.CustomerService.CreateCustomer 201":                     "Created. .billing.rest.v1.CustomerEnvelope Location",
		"billing.v1.CustomerService.ReplaceCustomer 201":                    "Created under the id of the path. .billing.rest.v1.CustomerEnvelope Location",
		"billing.v1.CustomerService.ReplaceCustomer 200":                    "Replaced. .billing.rest.v1.CustomerEnvelope ",
		"billing.v1.InvoiceService.ListInvoices 200":                        "A page of Invoice items. .billing.rest.v1.InvoiceListEnvelope ",
		"billing.v1.WebhookEndpointService.DeleteWebhookEndpoint 204":       "Done; no body.  ",
	} {
		if got[key] != want {
			t.Errorf("%s: %q, want %q", key, got[key], want)
		}
	}
	if len(got) < 35 {
		t.Errorf("only %d success responses", len(got))
	}
}

func TestAStatusWrittenInTheConfigurationIsRefused(t *testing.T) {
	config, err := os.ReadFile("../../openapi_config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	twice := strings.Replace(string(config), "      option:\n        summary: \"Create a customer\"",
		"      option:\n        responses: {\"201\": {description: Created.}}\n        summary: \"Create a customer\"", 1)
	if twice == string(config) {
		t.Fatal("CreateCustomer's entry not found")
	}
	if _, err := withSuccessResponses([]byte(twice)); err == nil || !strings.Contains(err.Error(), "CreateCustomer") {
		t.Errorf("a status written beside the facts was taken: %v", err)
	}
	unknown := strings.Replace(string(config), "successResponses:\n", "successResponses:\n  teapot: \"418\"\n", 1)
	if _, err := withSuccessResponses([]byte(unknown)); err == nil {
		t.Error("an unknown successResponses word was taken")
	}
}
