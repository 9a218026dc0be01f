package gateway

import (
	"bytes"
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"github.com/grpc-ecosystem/grpc-gateway/v2/utilities"
	"google.golang.org/protobuf/proto"

	billingv1 "billing/gateway/gen/billing/v1"
)

// The fuzz targets run for a bounded time in the test command (see
// CMakeLists.txt); their seed corpus is in testdata/fuzz. Each checks the
// promise a client relies on: whatever the request decoding accepts can be
// sent to the service as it was meant, and whatever it refuses is refused
// with a reason, never a panic.

// FuzzDecodeBody: a body is either refused as malformed or as the wrong
// shape, or accepted as protobuf JSON that protojson reads strictly and
// that holds no replacement character the client did not send.
func FuzzDecodeBody(f *testing.F) {
	for _, seed := range []string{
		`{"customerId":"cus_1","dueDate":"2026-12-31","lineItems":[{"description":"x","quantity":3,"unitAmount":"1.00"}]}`,
		`{"status":"paid","notes":null,"payTime":null}`,
		`{"notes":"\ud83d\ude00"}`,
		`{"notes":"\ud800"}`,
		`{"createTime":"2026-01-01T00:00:00Z"}`,
		`{"lineItems":[null]}`,
		`{"a":1,"a":2}`,
		`[]`,
	} {
		f.Add([]byte(seed))
	}
	md := (&billingv1.Invoice{}).ProtoReflect().Descriptor()
	f.Fuzz(func(t *testing.T, body []byte) {
		out, err := decodeBody(body, md)
		if err != nil {
			var be *bodyError
			if !errors.As(err, &be) && !errors.Is(err, errMalformedJSON) {
				t.Fatalf("unclassified error %T: %v", err, err)
			}
			return
		}
		if !utf8.Valid(out) {
			t.Fatalf("accepted body rewritten to invalid UTF-8: %q", out)
		}
		replacement := "\uFFFD"
		sentReplacement := bytes.Contains(body, []byte(replacement)) || bytes.Contains(bytes.ToLower(body), []byte(`\ufffd`))
		if !sentReplacement && bytes.Contains(out, []byte(replacement)) {
			t.Fatalf("body %q silently became %q", body, out)
		}
		inv := &billingv1.Invoice{}
		if err := runtimeJSON.Unmarshal(out, inv); err != nil {
			t.Fatalf("accepted body %q is not protobuf JSON: %v", out, err)
		}
		if _, err := proto.Marshal(inv); err != nil {
			t.Fatalf("accepted body %q cannot be sent upstream: %v", body, err)
		}
	})
}

// runtimeJSON reads protobuf JSON the way the mux's marshaler does.
var runtimeJSON = restMarshaler{}

// FuzzQueryAndPath: a query string and an id in the path are either
// refused, or fill a request message that can be sent upstream (a protobuf
// string must be UTF-8; before the checks, %ff gave 500).
func FuzzQueryAndPath(f *testing.F) {
	for _, seed := range [][2]string{
		{"status=draft&customerId=cus_1&page=2&pageSize=10", "cus_1"},
		{"customerId=%ff", "%ff"},
		{"status=bogus", "caf%C3%A9"},
		{"page=1&page=2", "%ed%a0%80"},
		{"%zz", "a%2Fb"},
	} {
		f.Add(seed[0], seed[1])
	}
	routes := testRoutes(f)
	list := routes.byKey["GET /api/v1/invoices"]
	get := routes.byKey["GET /api/v1/invoices/{invoice_id}"]
	f.Fuzz(func(t *testing.T, rawQuery, segment string) {
		if query, violations := checkQuery(list, rawQuery); violations == nil {
			values, err := url.ParseQuery(query)
			if err != nil {
				t.Fatalf("rewritten query %q does not parse: %v", query, err)
			}
			msg := &billingv1.ListInvoicesRequest{}
			if err := (&runtime.DefaultQueryParser{}).Parse(msg, values, utilities.NewDoubleArray(nil)); err != nil {
				t.Fatalf("accepted query %q (rewritten %q) does not fill the request: %v", rawQuery, query, err)
			}
			if _, err := proto.Marshal(msg); err != nil {
				t.Fatalf("accepted query %q cannot be sent upstream: %v", rawQuery, err)
			}
		}
		if strings.Contains(segment, "/") || segment == "" {
			return
		}
		id, err := url.PathUnescape(segment)
		if err != nil || checkPath(get, map[string]string{"invoice_id": id}) != nil {
			return
		}
		if _, err := proto.Marshal(&billingv1.GetInvoiceRequest{InvoiceId: id}); err != nil {
			t.Fatalf("accepted id %q cannot be sent upstream: %v", segment, err)
		}
	})
}
