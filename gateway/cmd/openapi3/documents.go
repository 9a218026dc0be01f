package main

// What the document says about the routes that answer a document (PDF,
// XML) instead of an envelope: the BODY shape of their method facts.

import (
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	billingv1 "billing/gateway/gen/billing/v1"
)

// bodyMethods are the operation ids ("InvoiceService_GetInvoicePdf") of the
// methods whose facts declare a BODY answer, with their media types.
func bodyMethods() map[string]string {
	out := map[string]string{}
	protoregistry.GlobalFiles.RangeFilesByPackage("billing.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := 0; i < fd.Services().Len(); i++ {
			svc := fd.Services().Get(i)
			for j := 0; j < svc.Methods().Len(); j++ {
				md := svc.Methods().Get(j)
				f, _ := proto.GetExtension(md.Options(), billingv1.E_Method).(*billingv1.MethodFacts)
				if f.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_BODY {
					out[string(svc.Name())+"_"+string(md.Name())] = f.GetMediaType()
				}
			}
		}
		return true
	})
	return out
}

// documentOperations describes each document route's 200 as the bytes of
// its media type, with the ETag (a hash of the bytes) and
// Content-Disposition headers; If-None-Match gives 304; 409 for an
// invoice processed before its terms were frozen
// (INVOICE_DOCUMENT_UNAVAILABLE), and for the e-invoice (XML) also a draft
// or what EN 16931 cannot carry (INVOICE_NOT_ISSUED,
// E_INVOICE_UNSUPPORTED). Errors stay the envelope.
func documentOperations(doc *openapi3.T) error {
	want := bodyMethods()
	shared := doc.Components
	header := func(description string) *openapi3.HeaderRef {
		return &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{
			Description: description, Schema: openapi3.NewSchemaRef("", openapi3.NewStringSchema())}}}
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		for _, op := range doc.Paths.Value(path).Operations() {
			mediaType, ok := want[op.OperationID]
			if !ok {
				continue
			}
			delete(want, op.OperationID)
			r := op.Responses.Value("200")
			if r == nil || r.Value == nil || mediaType == "" {
				return fmt.Errorf("operation %s answers a document without a 200 and a media type", op.OperationID)
			}
			r.Value.Content = openapi3.NewContentWithSchema(openapi3.NewStringSchema().WithFormat("binary"), []string{mediaType})
			if r.Value.Headers == nil {
				r.Value.Headers = openapi3.Headers{}
			}
			r.Value.Headers["ETag"] = header("The entity tag of these bytes (strong): the same bytes, the same tag.")
			r.Value.Headers["Content-Disposition"] = header(`inline, named by the document's number (a draft's by its id): inline; filename="INV-000042.pdf".`)
			// conditionalOperation may have taken it for a resource already.
			if op.Parameters.GetByInAndName(openapi3.ParameterInHeader, "If-None-Match") == nil {
				op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Ref: "#/components/parameters/IfNoneMatch", Value: shared.Parameters["IfNoneMatch"].Value})
			}
			notModified := openapi3.NewResponse().WithDescription("Not modified: If-None-Match names the current ETag; no body.")
			notModified.Headers = openapi3.Headers{"ETag": header("The current entity tag."), "X-Request-ID": header("The request id.")}
			op.Responses.Set("304", &openapi3.ResponseRef{Value: notModified})
			// INVOICE_DOCUMENT_UNAVAILABLE for any document of an invoice
			// processed before its terms were frozen; the e-invoice's own too.
			conflictCodes := "INVOICE_DOCUMENT_UNAVAILABLE (the invoice was processed before its terms were frozen: no document can show what was issued)"
			if mediaType == "application/xml" {
				conflictCodes = "INVOICE_NOT_ISSUED (a draft has no e-invoice), E_INVOICE_UNSUPPORTED (EN 16931 cannot carry this document; the message names every reason) or " + conflictCodes
			}
			conflict := openapi3.NewResponse().WithDescription("409: " + conflictCodes + ". The error envelope.").
				WithJSONSchemaRef(openapi3.NewSchemaRef(schemaRef+"ErrorEnvelope", shared.Schemas["ErrorEnvelope"].Value))
			conflict.Headers = openapi3.Headers{"X-Request-ID": header("The request id.")}
			op.Responses.Set("409", &openapi3.ResponseRef{Value: conflict})
		}
	}
	for id := range want {
		return fmt.Errorf("operation %s (a document) is not in the document", id)
	}
	return nil
}
