// Package restapi holds the few facts of the REST surface that both the
// gateway and the OpenAPI post-processor need, so that the served behaviour
// and the published document cannot disagree.
package restapi

import (
	"strings"
	"unicode"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	billingv1 "billing/gateway/gen/billing/v1"
)

// EachMethod calls visit with every RPC of the billing.v1 services in
// files and its billing.v1.method facts (nil when it declares none), and
// stops at the first error visit returns.
func EachMethod(files *protoregistry.Files, visit func(protoreflect.MethodDescriptor, *billingv1.MethodFacts) error) error {
	var err error
	files.RangeFilesByPackage("billing.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := 0; i < fd.Services().Len() && err == nil; i++ {
			methods := fd.Services().Get(i).Methods()
			for j := 0; j < methods.Len() && err == nil; j++ {
				facts, _ := proto.GetExtension(methods.Get(j).Options(), billingv1.E_Method).(*billingv1.MethodFacts)
				err = visit(methods.Get(j), facts)
			}
		}
		return err == nil
	})
	return err
}

// PathParam is the published (kebab-case) name of a path variable, by the
// camelCase JSON name of its field: paymentId → payment-id,
// unless PathParams names it otherwise. The URL a client sends is the same
// either way: only the name in the document changes.
func PathParam(jsonName string) string {
	if n, ok := PathParams[jsonName]; ok {
		return n
	}
	var b strings.Builder
	for _, r := range jsonName {
		if unicode.IsUpper(r) {
			b.WriteByte('-')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// PathParams are the published names that are not the plain kebab-case
// ones (kept as the first release published them).
var PathParams = map[string]string{
	"revenueCalculationId": "calculation-id",
}

// MaxPageSize is the largest pageSize a list accepts.
const MaxPageSize = 100

// MaxBodyBytes is the largest request body the gateway reads (1 MiB).
const MaxBodyBytes = 1 << 20

// RetryAfterSeconds is what a 503 tells the client to wait.
const RetryAfterSeconds = 5
