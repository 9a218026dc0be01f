package gateway

import (
	"encoding/json"
	"testing"

	billingv1 "billing/gateway/gen/billing/v1"
)

func TestReadOnlyFieldsComeFromTheDocument(t *testing.T) {
	ro, err := loadReadOnlyFields(openAPIDocument)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"InvoiceCreate.id", "InvoicePatch.createTime", "InvoiceReplacement.payTime", "LineItemInput.amount", "CustomerReplacement.updateTime", "InvoiceReplacement.status"} {
		var msg, field string
		for i := range f {
			if f[i] == '.' {
				msg, field = f[:i], f[i+1:]
			}
		}
		if !ro[msg][field] {
			t.Errorf("%s is not read-only", f)
		}
	}
	if ro["InvoicePatch"]["notes"] || ro["CustomerCreate"]["id"] || ro["InvoicePatch"]["status"] {
		t.Error("writable fields marked read-only")
	}
}

// A body as GET returned it, sent back to PUT or PATCH: the read-only
// fields are dropped, an id equal to the path's too; another id is refused.
func TestEchoedFieldsAreDropped(t *testing.T) {
	ro, _ := loadReadOnlyFields(openAPIDocument)
	md := (&billingv1.Invoice{}).ProtoReflect().Descriptor()
	fetched := `{"id":"inv_1","customerId":"cus_1","currency":"USD","amount":"3.00","status":"draft","dueDate":"2026-12-31","notes":"x",
		"lineItems":[{"description":"a","quantity":3,"unitAmount":"1.00","amount":"3.00","servicePeriodStart":"","servicePeriodEnd":""}],
		"createTime":"2026-01-01T00:00:00Z","updateTime":"2026-01-01T00:00:00Z","processTime":null,"payTime":null,"cancelTime":null}`
	out, err := decodeBodyEchoing([]byte(fetched), md, &echoRules{readOnly: ro, pathID: "inv_1", bodySchemaSuffix: "Replacement"})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	json.Unmarshal(out, &got)
	for _, gone := range []string{"id", "createTime", "updateTime", "processTime", "payTime", "cancelTime"} {
		if _, ok := got[gone]; ok {
			t.Errorf("%s was kept: %s", gone, out)
		}
	}
	if line := got["lineItems"].([]any)[0].(map[string]any); line["amount"] != nil || line["unitAmount"] != "1.00" {
		t.Errorf("line item %v", line)
	}
	if got["notes"] != "x" || got["customerId"] != "cus_1" {
		t.Errorf("writable fields lost: %s", out)
	}
	_, err = decodeBodyEchoing([]byte(`{"id":"inv_2","notes":"x"}`), md, &echoRules{readOnly: ro, pathID: "inv_1", bodySchemaSuffix: "Patch"})
	if be, _ := decodeErrOf(err); be == nil || len(be.Violations) != 1 || be.Violations[0].Field != "id" {
		t.Errorf("another id: %v", err)
	}
	// POST drops them too (no path id there).
	out, err = decodeBodyEchoing([]byte(`{"id":"inv_9","notes":"x","createTime":"2026-01-01T00:00:00Z"}`), md, &echoRules{readOnly: ro, bodySchemaSuffix: "Create"})
	if err != nil || string(out) != `{"notes":"x"}` {
		t.Errorf("POST: %s %v", out, err)
	}
}

// A PATCH may set an invoice's status, read-only elsewhere; PUT ignores it.
func TestPatchMaySetStatus(t *testing.T) {
	ro, _ := loadReadOnlyFields(openAPIDocument)
	md := (&billingv1.Invoice{}).ProtoReflect().Descriptor()
	out, err := decodeBodyEchoing([]byte(`{"status":"paid","createTime":null}`), md, &echoRules{readOnly: ro, pathID: "inv_1", bodySchemaSuffix: "Patch"})
	if err != nil || string(out) != `{"status":"INVOICE_STATUS_PAID"}` {
		t.Errorf("PATCH: %s %v", out, err)
	}
	out, err = decodeBodyEchoing([]byte(`{"status":"paid","notes":"x"}`), md, &echoRules{readOnly: ro, pathID: "inv_1", bodySchemaSuffix: "Replacement"})
	if err != nil || string(out) != `{"notes":"x"}` {
		t.Errorf("PUT: %s %v", out, err)
	}
}

// A read-only field sent back must still be well formed.
func TestEchoedFieldsAreChecked(t *testing.T) {
	ro, _ := loadReadOnlyFields(openAPIDocument)
	md := (&billingv1.Customer{}).ProtoReflect().Descriptor()
	_, err := decodeBodyEchoing([]byte(`{"name":"x","updateTime":{}}`), md, &echoRules{readOnly: ro, pathID: "cus_1", bodySchemaSuffix: "Patch"})
	if be, _ := decodeErrOf(err); be == nil || be.Violations[0].Field != "updateTime" {
		t.Errorf("got %v", err)
	}
}
