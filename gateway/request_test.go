package gateway

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	billingv1 "billing/gateway/gen/billing/v1"
)

func TestAcceptsJSON(t *testing.T) {
	yes := [][]string{
		nil,
		{""},
		{"application/json"},
		{"*/*"},
		{"application/*"},
		{"text/html, application/json;q=0.5"},
		{"text/html", "application/json"},
		{"application/json; charset=utf-8"},
		{"text/html;q=0.9, */*;q=0.1"},
		{"*/*;q=0, application/json"},
	}
	no := [][]string{
		{"text/html"},
		{"application/xml, text/plain"},
		{"application/json;q=0"},
		{"application/json;q=0, */*"},
		{"application/*;q=0, text/*"},
		{"*/*;q=0"},
		{"image/png"},
	}
	for _, v := range yes {
		if !acceptsJSON(v) {
			t.Errorf("%q refused", v)
		}
	}
	for _, v := range no {
		if acceptsJSON(v) {
			t.Errorf("%q accepted", v)
		}
	}
}

func TestIsJSONContentType(t *testing.T) {
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON; charset=UTF-8", "application/json;charset=\"utf-8\""} {
		if !isJSONContentType(ct) {
			t.Errorf("%q refused", ct)
		}
	}
	for _, ct := range []string{"", "text/plain", "application/json; charset=latin1", "application/x-www-form-urlencoded",
		"application/merge-patch+json", "application/json; boundary=x"} {
		if isJSONContentType(ct) {
			t.Errorf("%q accepted", ct)
		}
	}
}

// The mux routes; 404 and 405 with Allow come from its routing-error
// handler, and Allow lists what the mux itself routes for the path.
func TestRoutingThroughTheMux(t *testing.T) {
	h := newTestGateway(t, "")
	for _, c := range []struct {
		method, path string
		status       int
		allowed      string
	}{
		{"PATCH", "/api/v1/customers", 405, "GET, POST"},
		{"POST", "/api/v1/customers/abc", 405, "GET, PUT, PATCH, DELETE"},
		{"GET", "/api/v1/invoices/inv_1/cancel", 405, "POST"},
		{"DELETE", "/api/v1/revenue-calculations/r1", 405, "GET"},
		{"GET", "/api/v1/nothing", 404, ""},
		{"GET", "/api/v1/customers//invoices", 404, ""},
	} {
		w, e := do(t, h, c.method, c.path, "")
		if w.Code != c.status || w.Header().Get("Allow") != c.allowed {
			t.Errorf("%s %s → %d %s, Allow %q", c.method, c.path, w.Code, e.GetErrorCode(), w.Header().Get("Allow"))
		}
	}
}

func TestRouteFactsFromDescriptors(t *testing.T) {
	routes := testRoutes(t)
	if len(routes.routes) != 52 {
		t.Fatalf("%d routes, want 52", len(routes.routes))
	}
	if !routes.versions["v1"] || len(routes.versions) != 1 {
		t.Fatalf("versions %v", routes.versions)
	}
	create := routes.byKey["POST /api/v1/customers"]
	if create.Body == nil || create.Body.Name() != "Customer" || len(create.Query) != 0 {
		t.Errorf("create: body %v query %v", create.Body, create.Query)
	}
	list := routes.byKey["GET /api/v1/invoices"]
	if list.Body != nil || len(list.Query) != 7 || list.Query["pageSize"] == nil || list.Query["customerId"] == nil ||
		list.Query["number"] == nil || list.Query["pageToken"] == nil || list.Query["overdue"] == nil {
		t.Errorf("list query %v", list.Query)
	}
	process := routes.byKey["POST /api/v1/invoices/{invoice_id}/process"]
	if process.Body != nil || len(process.Query) != 0 || process.Selector != "billing.v1.InvoiceService.ProcessInvoice" ||
		process.Facts.GetSuccessStatus() != 200 || process.Facts.GetType() != "Invoice" || process.Facts.GetScope() != "invoices:write" {
		t.Errorf("process: %+v", process)
	}
	if c := routes.byKey["POST /api/v1/revenue-calculations"]; c.Facts.GetSuccessStatus() != 202 {
		t.Errorf("revenue calculation: %v", c.Facts)
	}
	if l := routes.byKey["GET /api/v1/webhook-endpoints"]; l.Facts.GetShape() != billingv1.ResponseShape_RESPONSE_SHAPE_LIST || l.Facts.GetDataField() != "webhook_endpoints" {
		t.Errorf("webhook endpoints: %v", l.Facts)
	}
	if l := routes.byKey["GET /api/v1/customers/{customer_id}/invoices"]; l.label != "/api/v1/customers/{customer-id}/invoices" {
		t.Errorf("label %q", l.label)
	}
}

func joinMethods(m []string) string {
	out := ""
	for i, s := range m {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

func testRoutes(t testing.TB) *routeTable {
	t.Helper()
	rt, err := loadRoutes(protoregistry.GlobalFiles)
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

func TestCheckQuery(t *testing.T) {
	routes := testRoutes(t)
	invoices := routes.byKey["GET /api/v1/invoices"]
	customers := routes.byKey["GET /api/v1/customers"]
	customerInvoices := routes.byKey["GET /api/v1/customers/{customer_id}/invoices"]
	get := routes.byKey["GET /api/v1/customers/{customer_id}"]
	if invoices == nil || customers == nil || customerInvoices == nil || get == nil {
		t.Fatal("routes missing")
	}
	bad := []struct {
		rt    *route
		query string
		field string
	}{
		{customers, "page=-1", "page"},
		{customers, "page=0", "page"},
		{customers, "page=x", "page"},
		{customers, "page=", "page"},
		{customers, "page=99999999999", "page"},
		{customers, "pageSize=0", "pageSize"},
		{customers, "pageSize=1000", "pageSize"},
		{customers, "pageSize=101", "pageSize"},
		{customers, "page=1&page=2", "page"},
		{customers, "page_size=10", "page_size"},
		{customers, "status=draft", "status"},
		{invoices, "status=bogus", "status"},
		{invoices, "status=DRAFT", "status"},
		{invoices, "status=INVOICE_STATUS_DRAFT", "status"},
		{invoices, "status=1", "status"},
		{invoices, "customerId=", "customerId"},
		{customerInvoices, "customerId=cus_2", "customerId"},
		{get, "page=1", "page"},
		{customers, "%zz", ""},
		{invoices, "customerId=%ff", "customerId"},
		{invoices, "customerId=cus_%C3", "customerId"},
	}
	for _, c := range bad {
		_, v := checkQuery(c.rt, c.query)
		if len(v) == 0 || v[0].Field != c.field {
			t.Errorf("%s?%s: violations %+v, want one on %q", c.rt.Template, c.query, v, c.field)
		}
	}
	good := []struct {
		rt          *route
		query, want string
	}{
		{customers, "", ""},
		{customers, "page=2&pageSize=100", "page=2&pageSize=100"},
		{customers, "pageSize=1", "pageSize=1"},
		{invoices, "status=draft&customerId=cus_1", "customerId=cus_1&status=INVOICE_STATUS_DRAFT"},
		{invoices, "status=cancelled", "status=INVOICE_STATUS_CANCELLED"},
		{customerInvoices, "status=paid&page=1", "page=1&status=INVOICE_STATUS_PAID"},
	}
	for _, c := range good {
		got, v := checkQuery(c.rt, c.query)
		if v != nil {
			t.Errorf("%s?%s: %+v", c.rt.Template, c.query, v)
			continue
		}
		gq, _ := url.ParseQuery(got)
		wq, _ := url.ParseQuery(c.want)
		if gq.Encode() != wq.Encode() {
			t.Errorf("%s?%s → %s, want %s", c.rt.Template, c.query, got, c.want)
		}
	}
}

func TestCheckPathRefusesNonUTF8Variables(t *testing.T) {
	routes := testRoutes(t)
	for _, c := range []struct {
		key, value, field string
	}{
		{"GET /api/v1/invoices/{invoice_id}", "\xff", "invoice-id"},
		{"POST /api/v1/invoices/{invoice_id}/process", "\xff", "invoice-id"},
		{"GET /api/v1/customers/{customer_id}", "\xc3\x28", "customer-id"},
		{"GET /api/v1/customers/{customer_id}/invoices", "\xed\xa0\x80", "customer-id"}, // an encoded surrogate
		{"GET /api/v1/revenue-calculations/{revenue_calculation_id}", "\x80", "calculation-id"},
	} {
		rt := routes.byKey[c.key]
		v := checkPath(rt, map[string]string{string(rt.Vars[0].Name()): c.value})
		if len(v) != 1 || v[0].Field != c.field {
			t.Errorf("%s: violations %+v, want one on %s", c.key, v, c.field)
		}
	}
	if v := checkPath(routes.byKey["GET /api/v1/customers/{customer_id}"], map[string]string{"customer_id": "café"}); v != nil {
		t.Errorf("UTF-8 id refused: %+v", v)
	}
}

// The fields a body may carry back are the OUTPUT_ONLY ones of the
// protos, and the published document marks the same ones ignored.
func TestReadOnlyFieldsComeFromFieldBehavior(t *testing.T) {
	inv := (&billingv1.Invoice{}).ProtoReflect().Descriptor().Fields()
	for _, name := range []string{"id", "create_time", "pay_time", "status", "amount_due"} {
		if !outputOnly(inv.ByName(protoreflect.Name(name)), false) {
			t.Errorf("Invoice.%s is not output-only", name)
		}
	}
	if outputOnly(inv.ByName("notes"), false) || outputOnly(inv.ByName("status"), true) ||
		outputOnly((&billingv1.Customer{}).ProtoReflect().Descriptor().Fields().ByName("id"), false) {
		t.Error("writable fields marked output-only")
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Ignored bool `json:"x-billing-ignored"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for name, s := range doc.Components.Schemas {
		base, suffix := "", ""
		for _, sfx := range []string{"Create", "Replacement", "Patch", "Input"} {
			if strings.HasSuffix(name, sfx) {
				base, suffix = strings.TrimSuffix(name, sfx), sfx
			}
		}
		mt, err := protoregistry.GlobalTypes.FindMessageByName(protoreflect.FullName("billing.v1." + base))
		if suffix == "" || err != nil {
			continue
		}
		for prop, p := range s.Properties {
			f := mt.Descriptor().Fields().ByJSONName(prop)
			if f == nil {
				t.Errorf("%s.%s: no such field", name, prop)
				continue
			}
			checked++
			if want := outputOnly(f, suffix == "Patch"); p.Ignored != want {
				t.Errorf("%s.%s: document ignores it: %v, field behaviour says %v", name, prop, p.Ignored, want)
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d request-body properties compared", checked)
	}
}

// A body as GET returned it, sent back to PUT or PATCH: the read-only
// fields are dropped, an id equal to the path's too; another id is refused.
func TestEchoedFieldsAreDropped(t *testing.T) {
	md := (&billingv1.Invoice{}).ProtoReflect().Descriptor()
	fetched := `{"id":"inv_1","customerId":"cus_1","currency":"USD","amount":"3.00","status":"draft","dueDate":"2026-12-31","notes":"x",
		"lineItems":[{"description":"a","quantity":3,"unitAmount":"1.00","amount":"3.00","servicePeriodStart":"","servicePeriodEnd":""}],
		"createTime":"2026-01-01T00:00:00Z","updateTime":"2026-01-01T00:00:00Z","processTime":null,"payTime":null,"cancelTime":null}`
	d, err := decodeBody([]byte(fetched), md, &echoRules{pathID: "inv_1"})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := d.JSON()
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
	_, err = decodeBody([]byte(`{"id":"inv_2","notes":"x"}`), md, &echoRules{pathID: "inv_1", patch: true})
	if be := err; be == nil || be.Code != CodeInvalidBody || len(be.Violations) != 1 || be.Violations[0].Field != "id" {
		t.Errorf("another id: %v", err)
	}
	// POST drops them too (no path id there).
	d, err = decodeBody([]byte(`{"id":"inv_9","notes":"x","createTime":"2026-01-01T00:00:00Z"}`), md, &echoRules{})
	if err != nil || !proto.Equal(d.msg, &billingv1.Invoice{Notes: "x"}) {
		t.Errorf("POST: %v %v", d, err)
	}
}

// A PATCH may set an invoice's status, read-only elsewhere; PUT ignores it.
func TestPatchMaySetStatus(t *testing.T) {
	md := (&billingv1.Invoice{}).ProtoReflect().Descriptor()
	d, err := decodeBody([]byte(`{"status":"paid","createTime":null}`), md, &echoRules{pathID: "inv_1", patch: true})
	if out, _ := d.JSON(); err != nil || string(out) != `{"status":"INVOICE_STATUS_PAID"}` ||
		!proto.Equal(d.msg, &billingv1.Invoice{Status: billingv1.InvoiceStatus_INVOICE_STATUS_PAID}) {
		t.Errorf("PATCH: %s %v", out, err)
	}
	d, err = decodeBody([]byte(`{"status":"paid","notes":"x"}`), md, &echoRules{pathID: "inv_1"})
	if err != nil || !proto.Equal(d.msg, &billingv1.Invoice{Notes: "x"}) {
		t.Errorf("PUT: %v %v", d, err)
	}
}

// A read-only field sent back must still be well formed.
func TestEchoedFieldsAreChecked(t *testing.T) {
	md := (&billingv1.Customer{}).ProtoReflect().Descriptor()
	_, err := decodeBody([]byte(`{"name":"x","updateTime":{}}`), md, &echoRules{pathID: "cus_1", patch: true})
	if be := err; be == nil || be.Code != CodeInvalidBody || be.Violations[0].Field != "updateTime" {
		t.Errorf("got %v", err)
	}
}

func TestIdempotencyKeyHeaderIsChecked(t *testing.T) {
	for _, tc := range []struct {
		keys []string
		ok   bool
	}{
		{nil, true},
		{[]string{"a"}, true},
		{[]string{strings.Repeat("~", 255)}, true},
		{[]string{"order 42/retry"}, true},
		{[]string{""}, false},
		{[]string{strings.Repeat("k", 256)}, false},
		{[]string{"caf\xc3\xa9"}, false},
		{[]string{"tab\t"}, false},
		{[]string{"a", "b"}, false},
	} {
		r := httptest.NewRequest("POST", "/api/v1/invoices", nil)
		for _, k := range tc.keys {
			r.Header.Add("Idempotency-Key", k)
		}
		e := checkIdempotencyKey(r)
		if (e == nil) != tc.ok {
			t.Errorf("keys %q: refused=%v, want ok=%v", tc.keys, e != nil, tc.ok)
		}
		if e != nil && (e.Status != 400 || e.Code != CodeValidationError) {
			t.Errorf("keys %q: %d %s, want 400 VALIDATION_ERROR", tc.keys, e.Status, e.Code)
		}
	}
}

// proto/protos.txt is the one list of the contract's protos (CMake and
// build.sh read it); buf reads the module directory. Both must name the
// same files.
func TestProtoListIsBufsModule(t *testing.T) {
	raw, err := os.ReadFile("../proto/protos.txt")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, l := range strings.Split(string(raw), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			listed = append(listed, l)
		}
	}
	var onDisk []string
	err = filepath.WalkDir("../proto/billing", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".proto") {
			onDisk = append(onDisk, strings.TrimPrefix(p, "../proto/"))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(listed)
	slices.Sort(onDisk)
	if !slices.Equal(listed, onDisk) {
		t.Errorf("proto/protos.txt lists %v; the buf module holds %v", listed, onDisk)
	}
}

// Every RPC of the contract is bound to HTTP, with its facts (loadRoutes
// refuses a binding without them), and every route's scope is one the
// service knows.
func TestEveryRPCHasARouteAndAScope(t *testing.T) {
	routes := testRoutes(t)
	bound := map[string]bool{}
	for _, rt := range routes.routes {
		bound[rt.Selector] = true
		if !slices.Contains(knownScopes, rt.Facts.GetScope()) {
			t.Errorf("%s: scope %q", rt.Selector, rt.Facts.GetScope())
		}
	}
	if len(bound) != 49 {
		t.Errorf("%d RPCs bound, want 49", len(bound))
	}
}

// knownScopes are src/auth/scopes.cc's names.
var knownScopes = []string{"customers:read", "customers:write", "invoices:read", "invoices:write",
	"revenue:read", "revenue:write", "events:read", "webhooks:read", "webhooks:write",
	"organization:read", "organization:write", "tax_rates:read", "tax_rates:write"}

// The served document's If-Match / If-None-Match pattern
// (openapi_config.yaml) and parseEntityTags agree: what one admits the
// other does.
func TestEntityTagListsParseAsTheDocumentSays(t *testing.T) {
	params := servedDocument(t).Components.Parameters
	pattern := regexp.MustCompile(params["IfMatch"].Value.Schema.Value.Pattern)
	if other := params["IfNoneMatch"].Value.Schema.Value.Pattern; other != pattern.String() {
		t.Errorf("If-None-Match's pattern %q is not If-Match's %q", other, pattern)
	}
	for value, want := range map[string]int{
		`"a"`: 1, `W/"a", "b"`: 2, `",u'"`: 1, `"a,b" ,, W/"c"`: 2, ``: 0, ` , `: 0, `*`: -1,
		`a`: -2, `"a`: -2, `"a""b"`: -2, `*, "a"`: -2, `W/a`: -2, `"a b"`: -2,
	} {
		tags, any, ok := parseEntityTags([]string{value})
		got := len(tags)
		if any {
			got = -1
		} else if !ok {
			got = -2
		}
		if got != want {
			t.Errorf("%q: %d tags (any %v, ok %v), want %d", value, len(tags), any, ok, want)
		}
		if pattern.MatchString(value) != ok {
			t.Errorf("%q: the document's pattern says %v, the parser %v", value, pattern.MatchString(value), ok)
		}
	}
}

// The Authorization limit is one number on both sides of the gateway: the
// service's (src/auth/authorization_header.h) is the gateway's.
func TestAuthorizationLimitIsTheServices(t *testing.T) {
	raw, err := os.ReadFile("../src/auth/authorization_header.h")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`kMaxAuthorizationLength = (\d+);`).FindSubmatch(raw)
	if m == nil {
		t.Fatal("no kMaxAuthorizationLength in src/auth/authorization_header.h")
	}
	if string(m[1]) != strconv.Itoa(MaxForwardedHeaderBytes) {
		t.Errorf("the service's limit is %s bytes, the gateway's %d", m[1], MaxForwardedHeaderBytes)
	}
}
