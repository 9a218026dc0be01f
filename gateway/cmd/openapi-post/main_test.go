package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

const generated = `{
  "swagger": "2.0",
  "info": {"title": "Billing REST API", "version": "v1", "description": "From openapi_config.yaml."},
  "tags": [{"name": "Customers"}],
  "paths": {
    "/api/v1/customers/{customerId}": {
      "get": {
        "operationId": "CustomerService_GetCustomer", "summary": "s", "description": "d",
        "responses": {"200": {"description": "The Customer.", "schema": {"$ref": "#/definitions/v1CustomerEnvelope"}},
          "default": {"description": "Any other failure.", "schema": {"$ref": "#/definitions/v1ErrorEnvelope"}}},
        "parameters": [{"name": "customerId", "in": "path", "required": true, "type": "string"}],
        "tags": ["Customers"]
      },
      "delete": {
        "operationId": "CustomerService_DeleteCustomer", "summary": "s", "description": "d",
        "responses": {"204": {"description": "Done; no body.", "schema": {}}},
        "parameters": [{"name": "customerId", "in": "path", "required": true, "type": "string"}]
      }
    },
    "/api/v1/customers": {
      "get": {
        "operationId": "CustomerService_ListCustomers", "summary": "s", "description": "d",
        "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/v1CustomerListEnvelope"}}},
        "parameters": [
          {"name": "pageSize", "in": "query", "required": false, "type": "integer", "format": "int32"},
          {"name": "status", "in": "query", "required": false, "type": "string", "enum": ["CUSTOMER_STATE_ACTIVE", "CUSTOMER_STATE_GONE"]}
        ]
      },
      "post": {
        "operationId": "CustomerService_CreateCustomer", "summary": "s", "description": "d",
        "responses": {"201": {"description": "Created.", "schema": {"$ref": "#/definitions/v1CustomerEnvelope"},
          "headers": {"Location": {"type": "string"}}}},
        "parameters": [{"name": "customer", "in": "body", "required": true, "schema": {"$ref": "#/definitions/v1Customer"}}]
      }
    }
  },
  "definitions": {
    "v1Customer": {"type": "object", "properties": {
      "id": {"type": "string"}, "count": {"type": "string", "format": "int64"},
      "state": {"$ref": "#/definitions/v1CustomerState"},
      "createTime": {"type": "string", "format": "date-time"}}},
    "v1CustomerState": {"type": "string", "enum": ["CUSTOMER_STATE_ACTIVE", "CUSTOMER_STATE_GONE"]},
    "v1ListCustomersResponse": {"type": "object", "properties": {
      "customers": {"type": "array", "items": {"type": "object", "$ref": "#/definitions/v1Customer"}},
      "page": {"type": "integer"}, "totalItems": {"type": "string", "format": "int64"}}},
    "v1Unused": {"type": "object"},
    "v1CustomerEnvelope": {"type": "object", "required": ["timestamp", "success", "message", "errorCode", "page", "pageSize", "totalItems", "totalPage", "type", "data", "requestId"], "properties": {
      "timestamp": {"type": "string"}, "success": {"type": "boolean"}, "message": {"type": "string"}, "errorCode": {"type": "string"},
      "page": {"type": "integer"}, "pageSize": {"type": "integer"}, "totalItems": {"type": "string", "format": "int64"}, "totalPage": {"type": "integer"},
      "type": {"type": "string"}, "data": {"$ref": "#/definitions/v1Customer"}, "requestId": {"type": "string"}}},
    "v1CustomerListEnvelope": {"type": "object", "required": ["timestamp", "success", "message", "errorCode", "page", "pageSize", "totalItems", "totalPage", "type", "data", "requestId"], "properties": {
      "timestamp": {"type": "string"}, "success": {"type": "boolean"}, "message": {"type": "string"}, "errorCode": {"type": "string"},
      "page": {"type": "integer"}, "pageSize": {"type": "integer"}, "totalItems": {"type": "string", "format": "int64"}, "totalPage": {"type": "integer"},
      "type": {"type": "string"}, "data": {"type": "array", "items": {"$ref": "#/definitions/v1Customer"}}, "requestId": {"type": "string"}}},
    "v1ErrorEnvelope": {"type": "object", "required": ["timestamp", "success", "message", "errorCode", "page", "pageSize", "totalItems", "totalPage", "type", "data", "requestId"], "properties": {
      "timestamp": {"type": "string"}, "success": {"type": "boolean"}, "message": {"type": "string"}, "errorCode": {"type": "string"},
      "page": {"type": "integer"}, "pageSize": {"type": "integer"}, "totalItems": {"type": "string", "format": "int64"}, "totalPage": {"type": "integer"},
      "type": {"type": "string"}, "data": {"$ref": "#/definitions/v1ErrorDetails", "x-nullable": true}, "requestId": {"type": "string"}}},
    "v1ErrorDetails": {"type": "object", "properties": {"fieldViolations": {"type": "array", "items": {"$ref": "#/definitions/v1FieldViolation"}}}},
    "v1FieldViolation": {"type": "object", "properties": {"field": {"type": "string"}, "description": {"type": "string"}}}
  }
}`

func TestProcess(t *testing.T) {
	out, err := process([]byte(generated))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		`"/api/v1/customers/{customer-id}"`, `"name": "customer-id"`,
		`"active",`, `"gone"`,
		`"$ref": "#/definitions/CustomerEnvelope"`, `"$ref": "#/definitions/CustomerListEnvelope"`,
		`"204": {`, `"201": {`, `"Location": {`, `"$ref": "#/responses/NotFound"`, `"$ref": "#/parameters/RequestId"`,
		`"maximum": 100`, `"title": "Billing REST API"`, `"name": "Customers"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	for _, gone := range []string{"v1Customer", "ListCustomersResponse", "Unused", "{customerId}", "CUSTOMER_STATE", `"format": "int64",
          "type": "string"`} {
		if strings.Contains(s, gone) {
			t.Errorf("output still has %s", gone)
		}
	}
	// Envelope fields are listed in wire order.
	i := strings.Index(s, `"CustomerEnvelope"`)
	body := s[i:]
	body = body[strings.Index(body, `"properties"`):]
	last := -1
	for _, f := range []string{"timestamp", "success", "message", "errorCode", "page", "pageSize", "totalItems", "totalPage", "type", "data", "requestId"} {
		j := strings.Index(body, `"`+f+`": {`)
		if j <= last {
			t.Fatalf("envelope field %s out of order", f)
		}
		last = j
	}
}

func TestProcessRefusesUnknownShapes(t *testing.T) {
	for name, doc := range map[string]string{
		"no summary":          strings.Replace(generated, `"summary": "s", `, "", 1),
		"no success declared": strings.Replace(generated, `"204": {`, `"299": {`, 1),
		"no REST tag":         strings.Replace(generated, `"tags": ["Customers"]`, `"tags": ["CustomerService"]`, 1),
		"generated info":      strings.Replace(generated, `"Billing REST API"`, `"billing/v1/customer.proto"`, 1),
		"unprefixed enum":     strings.Replace(generated, `"CUSTOMER_STATE_GONE"]},`, `"GONE"]},`, 1),
		"not swagger":         `{"openapi": "3.0.0"}`,
	} {
		if _, err := process([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestRealDocument post-processes what protoc-gen-openapiv2 made from the
// real protos (build.sh leaves it in gen/openapi).
func TestRealDocument(t *testing.T) {
	data, err := os.ReadFile("../../gen/openapi/billing.swagger.json")
	if err != nil {
		t.Fatalf("run build.sh first: %v", err)
	}
	if _, err := process(data); err != nil {
		t.Fatal(err)
	}
}

func TestRefSiblingsMoveIntoAllOf(t *testing.T) {
	doc := newObj("definitions", newObj(
		"A", newObj("properties", newObj(
			"s", newObj("$ref", "#/definitions/S", "description", "the status", "readOnly", true),
			"l", newObj("type", "array", "items", newObj("$ref", "#/definitions/L", "type", "object")),
			"r", newObj("$ref", "#/definitions/R"),
		)),
	))
	p := &processor{doc: doc, defs: doc.obj("definitions")}
	if err := p.refSiblings(); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(doc)
	want := `{"definitions":{"A":{"properties":{"s":{"description":"the status","readOnly":true,"allOf":[{"$ref":"#/definitions/S"}]},"l":{"type":"array","items":{"$ref":"#/definitions/L"}},"r":{"$ref":"#/definitions/R"}}}}}`
	if string(out) != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}
