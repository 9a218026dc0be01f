package gateway

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"github.com/grpc-ecosystem/grpc-gateway/v2/utilities"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
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
		d, e := decodeBody(body, md, nil)
		if e != nil {
			if e.Code != CodeInvalidBody && e.Code != CodeMalformedJSON {
				t.Fatalf("unclassified refusal %v", e)
			}
			return
		}
		out, err := d.JSON()
		if err != nil {
			t.Fatalf("accepted body %q has no JSON form: %v", body, err)
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
		// The message decoded in one pass is the one protojson reads from
		// the same fields (a PATCH's path).
		if !proto.Equal(d.msg, inv) {
			t.Fatalf("body %q: decoded %v, protojson reads %v", body, d.msg, inv)
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

// unauthenticatedUpstream answers every call as the service does to a
// request without credentials, so that a fuzzed request the routes take
// gets the service's answer rather than the gateway's 503.
func unauthenticatedUpstream(t testing.TB) *grpc.ClientConn {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer(grpc.UnknownServiceHandler(func(any, grpc.ServerStream) error {
		return status.Error(codes.Unauthenticated, "no credentials")
	}))
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(srv.Stop)
	conn, err := grpc.NewClient(ln.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// isToken: an HTTP method is a token (RFC 9110 5.6.2).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// FuzzRoutes: any method on any path under /api/v1 (escapes, invalid UTF-8,
// empty segments, routes and non-routes) is answered below 500, with an
// envelope that passes the gateway's own cross-check and is valid UTF-8.
// Before echoSafe, /api/v1/foo%ff was 500 RESPONSE_INVALID.
func FuzzRoutes(f *testing.F) {
	for _, seed := range [][2]string{
		{"GET", "foo%ff"},
		{"POST", "payments/%ff"},
		{"DELETE", "invoices/%ff/payments"},
		{"PATCH", "customers/%c3%28"},
		{"GET", "invoices/inv_1"},
		{"BREW", "%ed%a0%80/x"},
		{"PUT", "customers//invoices"},
		{"GET", "events?type=%ff"},
	} {
		f.Add(seed[0], seed[1])
	}
	g, err := newGateway(unauthenticatedUpstream(f), Options{UpstreamTimeout: 5 * time.Second}, newMetrics())
	if err != nil {
		f.Fatal(err)
	}
	g.access = newAccessLogger(io.Discard)
	h := g.handler()
	f.Fuzz(func(t *testing.T, method, rest string) {
		if !isToken(method) || method == http.MethodConnect {
			return // not a request line net/http would hand over
		}
		u, err := url.ParseRequestURI("/api/v1/" + rest)
		if err != nil {
			return // net/http refuses it before any handler
		}
		r := &http.Request{Method: method, URL: u, RequestURI: u.RequestURI(), Header: http.Header{},
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Host: "gateway.test", Body: http.NoBody}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("%s %q: %d %s", method, u.RequestURI(), w.Code, w.Body.String())
		}
		if method == http.MethodHead || w.Code == http.StatusNotModified {
			return
		}
		if !utf8.Valid(w.Body.Bytes()) {
			t.Fatalf("%s %q: body is not UTF-8: %q", method, u.RequestURI(), w.Body.Bytes())
		}
		e, err := DecodeEnvelope(w.Body.Bytes())
		if err != nil {
			t.Fatalf("%s %q: %d, not an envelope: %v: %s", method, u.RequestURI(), w.Code, err, w.Body.String())
		}
		if err := crossCheck(e); err != nil {
			t.Fatalf("%s %q: envelope fails its cross-check: %v: %s", method, u.RequestURI(), err, w.Body.String())
		}
	})
}
