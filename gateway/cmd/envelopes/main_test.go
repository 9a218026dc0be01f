package main

import (
	"regexp"
	"strings"
	"testing"
)

// numbers are a message's field numbers, in the order written.
var numbers = regexp.MustCompile(` = (\d+);`)

// Each envelope the facts name is written with the eleven fields in wire
// order; a paged list's also continues by token.
func TestEnvelopesFollowTheFacts(t *testing.T) {
	out, err := envelopes()
	if err != nil {
		t.Fatal(err)
	}
	message := func(name string) string {
		_, body, ok := strings.Cut(out, "\nmessage "+name+" {\n")
		if !ok {
			t.Fatalf("no message %s in\n%s", name, out)
		}
		body, _, _ = strings.Cut(body, "}\n")
		return body
	}
	invoice := message("InvoiceEnvelope")
	var order []string
	for _, m := range numbers.FindAllStringSubmatch(invoice, -1) {
		order = append(order, m[1])
	}
	if strings.Join(order, ",") != "1,2,3,4,5,6,7,8,9,10,11" || !strings.HasPrefix(invoice, "  string timestamp = 1;\n") ||
		!strings.Contains(invoice, "  billing.v1.Invoice data = 10;\n  string request_id = 11;\n") {
		t.Errorf("InvoiceEnvelope:\n%s", invoice)
	}
	list := message("InvoiceListEnvelope")
	if !strings.Contains(list, "repeated billing.v1.Invoice data = 10;") || !strings.Contains(list, "next_page_token = 12;") {
		t.Errorf("InvoiceListEnvelope (paged):\n%s", list)
	}
	if strings.Contains(out, "message InvoicePdf") || strings.Contains(out, "EmptyEnvelope") {
		t.Error("an envelope for a method that answers a document or nothing")
	}
}
