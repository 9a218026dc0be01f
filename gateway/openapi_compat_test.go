package gateway

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The document published before the contract moved into the protos
// (commit 63d6dea, testdata/openapi-63d6dea.json) and the one served now
// differ only where README.md's "Differences from the document of 63d6dea"
// says, each explained there.
var documentDifferences = []string{
	// readOnly moved from a read-only list's items to the list itself
	// (protoc-gen-openapiv2 puts field_behavior OUTPUT_ONLY on the field),
	// and the items are a plain $ref rather than allOf around one.
	"added /components/schemas/Customer/properties/balances/items/$ref",
	"added /components/schemas/Customer/properties/balances/readOnly",
	"removed /components/schemas/Customer/properties/balances/items/allOf",
	"removed /components/schemas/Customer/properties/balances/items/readOnly",
	"added /components/schemas/RevenueCalculation/properties/results/items/$ref",
	"added /components/schemas/RevenueCalculation/properties/results/readOnly",
	"removed /components/schemas/RevenueCalculation/properties/results/items/allOf",
	"removed /components/schemas/RevenueCalculation/properties/results/items/readOnly",
	// The same items in the request bodies that carry the lists back.
	"added /components/schemas/CustomerCreate/properties/balances/items/$ref",
	"removed /components/schemas/CustomerCreate/properties/balances/items/allOf",
	"added /components/schemas/CustomerPatch/properties/balances/items/$ref",
	"removed /components/schemas/CustomerPatch/properties/balances/items/allOf",
	"added /components/schemas/CustomerReplacement/properties/balances/items/$ref",
	"removed /components/schemas/CustomerReplacement/properties/balances/items/allOf",
	"added /components/schemas/RevenueCalculationCreate/properties/results/items/$ref",
	"removed /components/schemas/RevenueCalculationCreate/properties/results/items/allOf",
	// Issue 19: the organization (seller) and the buyer fields, added;
	// ORGANIZATION_INCOMPLETE among the 409 codes; the Organization tag.
	"added /components/schemas/Customer/properties/billingAddress",
	"added /components/schemas/Customer/properties/electronicAddress",
	"added /components/schemas/Customer/properties/legalName",
	"added /components/schemas/Customer/properties/paymentTermsDays",
	"added /components/schemas/Customer/properties/taxExempt",
	"added /components/schemas/Customer/properties/taxIds",
	"added /components/schemas/CustomerCreate/properties/billingAddress",
	"added /components/schemas/CustomerCreate/properties/electronicAddress",
	"added /components/schemas/CustomerCreate/properties/legalName",
	"added /components/schemas/CustomerCreate/properties/paymentTermsDays",
	"added /components/schemas/CustomerCreate/properties/taxExempt",
	"added /components/schemas/CustomerCreate/properties/taxIds",
	"added /components/schemas/CustomerPatch/properties/billingAddress",
	"added /components/schemas/CustomerPatch/properties/electronicAddress",
	"added /components/schemas/CustomerPatch/properties/legalName",
	"added /components/schemas/CustomerPatch/properties/paymentTermsDays",
	"added /components/schemas/CustomerPatch/properties/taxExempt",
	"added /components/schemas/CustomerPatch/properties/taxIds",
	"added /components/schemas/CustomerReplacement/properties/billingAddress",
	"added /components/schemas/CustomerReplacement/properties/electronicAddress",
	"added /components/schemas/CustomerReplacement/properties/legalName",
	"added /components/schemas/CustomerReplacement/properties/paymentTermsDays",
	"added /components/schemas/CustomerReplacement/properties/taxExempt",
	"added /components/schemas/CustomerReplacement/properties/taxIds",
	"added /components/schemas/DocumentParty",
	"added /components/schemas/ElectronicAddress",
	"added /components/schemas/Invoice/properties/buyer",
	"added /components/schemas/Invoice/properties/seller",
	"added /components/schemas/InvoiceCreate/properties/buyer",
	"added /components/schemas/InvoiceCreate/properties/seller",
	"added /components/schemas/InvoicePatch/properties/buyer",
	"added /components/schemas/InvoicePatch/properties/seller",
	"added /components/schemas/InvoiceReplacement/properties/buyer",
	"added /components/schemas/InvoiceReplacement/properties/seller",
	"added /components/schemas/Organization",
	"added /components/schemas/OrganizationEnvelope",
	"added /components/schemas/OrganizationPatch",
	"added /components/schemas/PaymentInstructions",
	"added /components/schemas/PostalAddress",
	"added /components/schemas/TaxId",
	"added /paths//api/v1/organization",
	"changed /components/responses/Conflict/description",
	"changed /tags",
	// Issue 19: a credit note's currency is an input, checked against the
	// invoice's (it was read-only and silently ignored).
	"added /components/schemas/CreditNote/properties/currency/pattern",
	"added /components/schemas/CreditNoteCreate/properties/currency/pattern",
	"changed /components/schemas/CreditNote/properties/currency/description",
	"changed /components/schemas/CreditNoteCreate/properties/currency/description",
	"removed /components/schemas/CreditNote/properties/currency/readOnly",
	"removed /components/schemas/CreditNoteCreate/properties/currency/x-billing-ignored",
	// Issue 19: tax rates, added; TAX_RATE_NOT_FOUND among the 404 codes;
	// the Tax rates tag (the /tags change above).
	"added /components/schemas/TaxCategory",
	"added /components/schemas/TaxRate",
	"added /components/schemas/TaxRateCreate",
	"added /components/schemas/TaxRateEnvelope",
	"added /components/schemas/TaxRateListEnvelope",
	"added /components/schemas/TaxRatePatch",
	"added /paths//api/v1/tax-rates",
	"added /paths//api/v1/tax-rates/{tax-rate-id}",
	"changed /components/responses/NotFound/description",
	// Issue 19: tax on invoices and credit notes. The invoice's default rate,
	// subtotal, tax, total and breakdown; a line's decimal quantity,
	// discount, rate, net and tax share; a credit note's net, tax and
	// breakdown; quantity is no longer required (quantityDecimal may stand
	// for it).
	"added /components/schemas/Invoice/properties/defaultTaxRateId",
	"added /components/schemas/Invoice/properties/subtotal",
	"added /components/schemas/Invoice/properties/taxAmount",
	"added /components/schemas/Invoice/properties/taxBreakdown",
	"added /components/schemas/Invoice/properties/total",
	"added /components/schemas/InvoiceCreate/properties/defaultTaxRateId",
	"added /components/schemas/InvoiceCreate/properties/subtotal",
	"added /components/schemas/InvoiceCreate/properties/taxAmount",
	"added /components/schemas/InvoiceCreate/properties/taxBreakdown",
	"added /components/schemas/InvoiceCreate/properties/total",
	"added /components/schemas/InvoicePatch/properties/defaultTaxRateId",
	"added /components/schemas/InvoicePatch/properties/subtotal",
	"added /components/schemas/InvoicePatch/properties/taxAmount",
	"added /components/schemas/InvoicePatch/properties/taxBreakdown",
	"added /components/schemas/InvoicePatch/properties/total",
	"added /components/schemas/InvoiceReplacement/properties/defaultTaxRateId",
	"added /components/schemas/InvoiceReplacement/properties/subtotal",
	"added /components/schemas/InvoiceReplacement/properties/taxAmount",
	"added /components/schemas/InvoiceReplacement/properties/taxBreakdown",
	"added /components/schemas/InvoiceReplacement/properties/total",
	"added /components/schemas/LineItem/properties/discountAmount",
	"added /components/schemas/LineItem/properties/netAmount",
	"added /components/schemas/LineItem/properties/quantityDecimal",
	"added /components/schemas/LineItem/properties/taxAmount",
	"added /components/schemas/LineItem/properties/taxRateId",
	"added /components/schemas/LineItemInput/properties/discountAmount",
	"added /components/schemas/LineItemInput/properties/netAmount",
	"added /components/schemas/LineItemInput/properties/quantityDecimal",
	"added /components/schemas/LineItemInput/properties/taxAmount",
	"added /components/schemas/LineItemInput/properties/taxRateId",
	"added /components/schemas/CreditNote/properties/subtotal",
	"added /components/schemas/CreditNote/properties/taxAmount",
	"added /components/schemas/CreditNote/properties/taxBreakdown",
	"added /components/schemas/CreditNoteCreate/properties/subtotal",
	"added /components/schemas/CreditNoteCreate/properties/taxAmount",
	"added /components/schemas/CreditNoteCreate/properties/taxBreakdown",
	"added /components/schemas/TaxBreakdownEntry",
	"changed /components/schemas/LineItem/required",
	"changed /components/schemas/LineItemInput/required",
	// quantity may be 0 beside quantityDecimal (and reads 0 when fractional);
	// amount is the gross total; a line's amount is before its discount.
	"changed /components/schemas/Invoice/properties/amount/description",
	"changed /components/schemas/InvoiceCreate/properties/amount/description",
	"changed /components/schemas/InvoicePatch/properties/amount/description",
	"changed /components/schemas/InvoiceReplacement/properties/amount/description",
	"changed /components/schemas/LineItem/properties/amount/description",
	"changed /components/schemas/LineItem/properties/quantity/description",
	"changed /components/schemas/LineItemInput/properties/quantity/description",
	"removed /components/schemas/LineItem/properties/quantity/minimum",
	"removed /components/schemas/LineItemInput/properties/quantity/minimum",
	// Issue 23: the invoice's PDF and e-invoice, the document's bytes
	// (application/pdf, application/xml) rather than an envelope.
	"added /paths//api/v1/invoices/{invoice-id}/e-invoice",
	"added /paths//api/v1/invoices/{invoice-id}/pdf",
	// Issue 23: the credit note's PDF and e-invoice, as the invoice's.
	"added /paths//api/v1/credit-notes/{credit-note-id}/e-invoice",
	"added /paths//api/v1/credit-notes/{credit-note-id}/pdf",
	// Issue 22: dueDate is optional (taken from payment terms at processing)
	// and says so; it left the required lists. (The organization's new
	// timeZone is inside the Organization schemas issue 19 added.)
	"changed /components/schemas/Invoice/properties/dueDate/description",
	"changed /components/schemas/Invoice/required",
	"changed /components/schemas/InvoiceCreate/properties/dueDate/description",
	"changed /components/schemas/InvoiceCreate/required",
	"changed /components/schemas/InvoicePatch/properties/dueDate/description",
	"changed /components/schemas/InvoiceReplacement/properties/dueDate/description",
	"changed /components/schemas/InvoiceReplacement/required",
	// A draft created without a due date shows it empty: the pattern admits
	// "", which format date does not (as servicePeriodStart, receivedDate).
	"changed /components/schemas/Invoice/properties/dueDate/pattern",
	"changed /components/schemas/InvoiceCreate/properties/dueDate/pattern",
	"changed /components/schemas/InvoiceReplacement/properties/dueDate/pattern",
	"removed /components/schemas/Invoice/properties/dueDate/format",
	"removed /components/schemas/InvoiceCreate/properties/dueDate/format",
	"removed /components/schemas/InvoicePatch/properties/dueDate/format",
	"removed /components/schemas/InvoiceReplacement/properties/dueDate/format",
	// Issue 19: the tax report, added.
	"added /components/schemas/CurrencyTaxReport",
	"added /components/schemas/TaxAmounts",
	"added /components/schemas/TaxReport",
	"added /components/schemas/TaxReportEnvelope",
	"added /components/schemas/TaxReportRow",
	"added /paths//api/v1/reports/tax",
	// Issue 22: the receivables aging report, added.
	"added /components/schemas/AgingAmounts",
	"added /components/schemas/AgingBucketAmount",
	"added /components/schemas/CurrencyAging",
	"added /components/schemas/CustomerAging",
	"added /components/schemas/ReceivablesAging",
	"added /components/schemas/ReceivablesAgingEnvelope",
	"added /paths//api/v1/reports/receivables-aging",
	// Issue 22 (overdue): the invoice's overdue and daysOverdue, the lists'
	// overdue filter, and invoice.overdue among the event types.
	"added /components/schemas/Invoice/properties/daysOverdue",
	"added /components/schemas/Invoice/properties/overdue",
	"added /components/schemas/InvoiceCreate/properties/daysOverdue",
	"added /components/schemas/InvoiceCreate/properties/overdue",
	"added /components/schemas/InvoicePatch/properties/daysOverdue",
	"added /components/schemas/InvoicePatch/properties/overdue",
	"added /components/schemas/InvoiceReplacement/properties/daysOverdue",
	"added /components/schemas/InvoiceReplacement/properties/overdue",
	"changed /components/schemas/Event/properties/type/description",
	"changed /components/schemas/WebhookEndpoint/properties/eventTypes/items/enum",
	"changed /components/schemas/WebhookEndpointCreate/properties/eventTypes/items/enum",
	"changed /components/schemas/WebhookEndpointPatch/properties/eventTypes/items/enum",
	"changed /paths//api/v1/customers/{customer-id}/invoices/get/parameters",
	"changed /paths//api/v1/events/get/parameters",
	"changed /paths//api/v1/invoices/get/parameters",
	// Issue 23 (the invoice email): the customer's invoiceDelivery
	// (attachEInvoice), added.
	"added /components/schemas/Customer/properties/invoiceDelivery",
	"added /components/schemas/CustomerCreate/properties/invoiceDelivery",
	"added /components/schemas/CustomerInvoiceDelivery",
	"added /components/schemas/CustomerPatch/properties/invoiceDelivery",
	"added /components/schemas/CustomerReplacement/properties/invoiceDelivery",
	// and deliveryError also says what a sent invoice's email left out.
	"changed /components/schemas/Invoice/properties/deliveryError/description",
	// Issue 23 (the credit note email): the note's delivery fields, added,
	// and its etag's description (only they ever change).
	"added /components/schemas/CreditNote/properties/deliveryAttempts",
	"added /components/schemas/CreditNote/properties/deliveryError",
	"added /components/schemas/CreditNote/properties/deliveryStatus",
	"added /components/schemas/CreditNote/properties/sentTime",
	"added /components/schemas/CreditNoteCreate/properties/deliveryAttempts",
	"added /components/schemas/CreditNoteCreate/properties/deliveryError",
	"added /components/schemas/CreditNoteCreate/properties/deliveryStatus",
	"added /components/schemas/CreditNoteCreate/properties/sentTime",
	"changed /components/schemas/CreditNote/properties/etag/description",
	// (not_sent also covers a note of a customer without an address).
	"changed /components/schemas/InvoiceDeliveryStatus/description",
	// Issue 22 (write-offs): mark-uncollectible, the uncollectible status
	// (and the moves to and from it in PATCH's and cancel's prose), and the
	// write_off and write_off_reversal ledger kinds.
	"added /paths//api/v1/invoices/{invoice-id}/mark-uncollectible",
	"changed /components/schemas/InvoiceStatus/enum",
	"changed /components/schemas/LedgerEntryKind/description",
	"changed /components/schemas/LedgerEntryKind/enum",
	"changed /paths//api/v1/invoices/{invoice-id}/cancel/post/description",
	"changed /paths//api/v1/invoices/{invoice-id}/patch/description",
	// Issue 22 (reminders): the customer's remindersEnabled and an
	// invoice's reminders list (the organization's reminderSchedule is in
	// Organization, itself added).
	"added /components/schemas/Customer/properties/remindersEnabled",
	"added /components/schemas/CustomerCreate/properties/remindersEnabled",
	"added /components/schemas/CustomerPatch/properties/remindersEnabled",
	"added /components/schemas/CustomerReplacement/properties/remindersEnabled",
	"added /components/schemas/InvoiceReminder",
	"added /components/schemas/InvoiceReminderListEnvelope",
	"added /components/schemas/InvoiceReminderStatus",
	"added /paths//api/v1/invoices/{invoice-id}/reminders",
}

func TestDocumentDiffersFromThePublishedOneOnlyAsListed(t *testing.T) {
	raw, err := os.ReadFile("testdata/openapi-63d6dea.json")
	if err != nil {
		t.Fatal(err)
	}
	var before, now any
	if err := json.Unmarshal(raw, &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(openAPIDocument, &now); err != nil {
		t.Fatal(err)
	}
	got := jsonDiff(before, now, "")
	want := slices.Clone(documentDifferences)
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("the document's differences from 63d6dea's changed:\n got:\n  %s\n want:\n  %s",
			strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// jsonDiff lists where b differs from a: added and removed object
// members, and changed values (arrays compared whole).
func jsonDiff(a, b any, path string) []string {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if !aok || !bok {
		if reflect.DeepEqual(a, b) {
			return nil
		}
		return []string{"changed " + path}
	}
	var out []string
	for k, av := range am {
		p := path + "/" + k
		if bv, ok := bm[k]; ok {
			out = append(out, jsonDiff(av, bv, p)...)
		} else {
			out = append(out, "removed "+p)
		}
	}
	for k := range bm {
		if _, ok := am[k]; !ok {
			out = append(out, fmt.Sprintf("added %s/%s", path, k))
		}
	}
	return out
}
