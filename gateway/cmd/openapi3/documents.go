package main

// What the document says about the routes that answer a document (PDF,
// XML) instead of an envelope: the BODY shape of their method facts.

import (
	"fmt"
	"maps"

	"github.com/getkin/kin-openapi/openapi3"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	billingv1 "billing/gateway/gen/billing/v1"
	"billing/gateway/internal/restapi"
)

// bodyMethods are the operation ids ("InvoiceService_GetInvoicePdf") of the
// methods whose facts declare a BODY answer, with their media types.
func bodyMethods() map[string]string {
	out := map[string]string{}
	_ = restapi.EachMethod(protoregistry.GlobalFiles, func(md protoreflect.MethodDescriptor, f *billingv1.MethodFacts) error {
		if f.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_BODY {
			out[string(md.Parent().Name())+"_"+string(md.Name())] = f.GetMediaType()
		}
		return nil
	})
	return out
}

// documentOperations describes each document route's 200 as the bytes of
// its media type, with the ETag (a hash of the bytes) and
// Content-Disposition headers; If-None-Match gives 304; its media type's
// 409 (openapi_config.yaml). Errors stay the envelope.
func documentOperations(doc *openapi3.T, cfg *published) error {
	want := bodyMethods()
	shared := doc.Components
	for _, path := range doc.Paths.InMatchingOrder() {
		for _, op := range doc.Paths.Value(path).Operations() {
			mediaType, ok := want[op.OperationID]
			if !ok {
				continue
			}
			delete(want, op.OperationID)
			r := op.Responses.Value("200")
			conflict := cfg.DocumentConflict[mediaType]
			if r == nil || r.Value == nil || conflict == nil {
				return fmt.Errorf("operation %s answers a document without a 200 and a media type with its 409 in openapi_config.yaml", op.OperationID)
			}
			r.Value.Content = openapi3.NewContentWithSchema(openapi3.NewStringSchema().WithFormat("binary"), []string{mediaType})
			if r.Value.Headers == nil {
				r.Value.Headers = openapi3.Headers{}
			}
			maps.Copy(r.Value.Headers, cfg.DocumentHeaders)
			// conditionalOperation may have taken it for a resource already.
			if op.Parameters.GetByInAndName(openapi3.ParameterInHeader, "If-None-Match") == nil {
				op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Ref: "#/components/parameters/IfNoneMatch", Value: shared.Parameters["IfNoneMatch"].Value})
			}
			op.Responses.Set("304", &openapi3.ResponseRef{Value: cfg.NotModified})
			op.Responses.Set("409", &openapi3.ResponseRef{Value: conflict})
		}
	}
	for id := range want {
		return fmt.Errorf("operation %s (a document) is not in the document", id)
	}
	return nil
}
