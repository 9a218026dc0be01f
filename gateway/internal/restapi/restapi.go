// Package restapi holds the few facts of the REST surface that both the
// gateway and the OpenAPI post-processor need, so that the served behaviour
// and the published document cannot disagree.
package restapi

import "net/http"

// SuccessCodes lists, by RPC selector, the routes whose success is not
// 200 OK. Besides these, an RPC returning google.protobuf.Empty answers 204
// with no body, and an upsert that reports created=true answers 201. 201 and
// 202 carry a Location header.
var SuccessCodes = map[string]int{
	"billing.v1.CustomerService.CreateCustomer":                     http.StatusCreated,
	"billing.v1.InvoiceService.CreateInvoice":                       http.StatusCreated,
	"billing.v1.PaymentService.CreatePayment":                       http.StatusCreated,
	"billing.v1.CreditNoteService.CreateCreditNote":                 http.StatusCreated,
	"billing.v1.RevenueCalculationService.CreateRevenueCalculation": http.StatusAccepted,
}

// CreatedUnder gives, for a 201 route that creates beneath another resource
// (POST /api/v1/invoices/{id}/payments), the collection its Location names
// instead of the request path: /api/v1/payments/{payment-id}.
var CreatedUnder = map[string]string{
	"billing.v1.PaymentService.CreatePayment":       "payments",
	"billing.v1.CreditNoteService.CreateCreditNote": "credit-notes",
}

// PathParams gives the published (kebab-case) name of each path variable,
// by the camelCase name protoc-gen-openapiv2 gives it. The URL a client
// sends is the same either way: only the name in the document changes.
var PathParams = map[string]string{
	"customerId":           "customer-id",
	"invoiceId":            "invoice-id",
	"paymentId":            "payment-id",
	"creditNoteId":         "credit-note-id",
	"revenueCalculationId": "calculation-id",
}

// MaxPageSize is the largest pageSize a list accepts.
const MaxPageSize = 100

// DefaultPageSize is the page size when none is given.
const DefaultPageSize = 20

// MaxBodyBytes is the largest request body the gateway reads (1 MiB).
const MaxBodyBytes = 1 << 20

// RetryAfterSeconds is what a 503 tells the client to wait.
const RetryAfterSeconds = 5
