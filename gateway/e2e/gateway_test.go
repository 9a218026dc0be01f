package e2e

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHTTPErrors drives every error the gateway answers itself, in front of
// the real service.
func TestHTTPErrors(t *testing.T) {
	e := newEnv(t)
	c := e.createCustomer("Errors", "USD")

	cases := []struct {
		name   string
		r      req
		status int
		code   string
		allow  string
		field  string
	}{
		{"unknown path", req{method: "GET", path: "/api/v1/customer"}, 404, "ROUTE_NOT_FOUND", "", ""},
		{"unknown nested path", req{method: "GET", path: "/api/v1/customers/" + c.Id + "/orders"}, 404, "ROUTE_NOT_FOUND", "", ""},
		{"trailing slash", req{method: "GET", path: "/api/v1/customers/"}, 404, "ROUTE_NOT_FOUND", "", ""},
		{"outside the api", req{method: "GET", path: "/favicon.ico"}, 404, "ROUTE_NOT_FOUND", "", ""},
		{"unknown version", req{method: "GET", path: "/api/v9/customers"}, 404, "UNKNOWN_API_VERSION", "", ""},
		{"unknown version, any path", req{method: "POST", path: "/api/v2/anything", body: `{}`}, 404, "UNKNOWN_API_VERSION", "", ""},
		{"collection, wrong method", req{method: "DELETE", path: "/api/v1/customers"}, 405, "METHOD_NOT_ALLOWED", "GET, POST", ""},
		{"item, wrong method", req{method: "POST", path: "/api/v1/customers/" + c.Id, body: `{}`}, 405, "METHOD_NOT_ALLOWED", "GET, PUT, PATCH, DELETE", ""},
		{"action, wrong method", req{method: "GET", path: "/api/v1/invoices/inv_1/process"}, 405, "METHOD_NOT_ALLOWED", "POST", ""},
		{"calculation, wrong method", req{method: "PUT", path: "/api/v1/revenue-calculations/rcalc_1", body: `{}`}, 405, "METHOD_NOT_ALLOWED", "GET", ""},
		{"nested list, wrong method", req{method: "POST", path: "/api/v1/customers/" + c.Id + "/invoices", body: `{}`}, 405, "METHOD_NOT_ALLOWED", "GET", ""},
		{"openapi, wrong method", req{method: "POST", path: "/api/v1/openapi.json", body: `{}`}, 405, "METHOD_NOT_ALLOWED", "GET", ""},
		{"accept html", req{method: "GET", path: "/api/v1/customers", header: map[string]string{"Accept": "text/html"}}, 406, "NOT_ACCEPTABLE", "", ""},
		{"accept json q=0", req{method: "GET", path: "/api/v1/customers/" + c.Id, header: map[string]string{"Accept": "application/json;q=0, text/plain"}}, 406, "NOT_ACCEPTABLE", "", ""},
		{"accept xml on create", req{method: "POST", path: "/api/v1/customers", body: `{"name":"x"}`, header: map[string]string{"Accept": "application/xml"}}, 406, "NOT_ACCEPTABLE", "", ""},
		{"text body", req{method: "POST", path: "/api/v1/customers", body: `{"name":"x"}`, header: map[string]string{"Content-Type": "text/plain"}}, 415, "UNSUPPORTED_MEDIA_TYPE", "", ""},
		{"form body", req{method: "PUT", path: "/api/v1/customers/" + c.Id, body: `name=x`, header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, 415, "UNSUPPORTED_MEDIA_TYPE", "", ""},
		{"latin1 body", req{method: "PATCH", path: "/api/v1/customers/" + c.Id, body: `{"name":"x"}`, header: map[string]string{"Content-Type": "application/json; charset=iso-8859-1"}}, 415, "UNSUPPORTED_MEDIA_TYPE", "", ""},
		{"no content type", req{method: "POST", path: "/api/v1/invoices", body: `{"notes":"x"}`, noJSONType: true}, 415, "UNSUPPORTED_MEDIA_TYPE", "", ""},
		{"malformed", req{method: "POST", path: "/api/v1/customers", body: `{"name": "x",}`}, 400, "MALFORMED_JSON", "", ""},
		{"truncated", req{method: "PATCH", path: "/api/v1/customers/" + c.Id, body: `{"name": "x"`}, 400, "MALFORMED_JSON", "", ""},
		{"not utf-8", req{method: "POST", path: "/api/v1/customers", rawBody: []byte("{\"name\":\"\xff\"}")}, 400, "MALFORMED_JSON", "", ""},
		{"two documents", req{method: "POST", path: "/api/v1/revenue-calculations", body: `{} {}`}, 400, "MALFORMED_JSON", "", ""},
		{"missing body", req{method: "POST", path: "/api/v1/customers", header: map[string]string{"Content-Type": "application/json"}}, 422, "INVALID_BODY", "", ""},
		{"missing body, no type", req{method: "PUT", path: "/api/v1/customers/" + c.Id}, 422, "INVALID_BODY", "", ""},
		{"empty patch", req{method: "PATCH", path: "/api/v1/customers/" + c.Id, body: `{}`}, 422, "INVALID_BODY", "", ""},
		{"array body", req{method: "POST", path: "/api/v1/customers", body: `[{"name":"x"}]`}, 422, "INVALID_BODY", "", ""},
		{"unknown field", req{method: "POST", path: "/api/v1/customers", body: `{"name":"x","nickname":"y"}`}, 422, "INVALID_BODY", "", "nickname"},
		{"wrong type", req{method: "PUT", path: "/api/v1/customers/" + c.Id, body: `{"name":["x"]}`}, 422, "INVALID_BODY", "", "name"},
		{"duplicate key", req{method: "PATCH", path: "/api/v1/customers/" + c.Id, body: `{"name":"x","name":"y"}`}, 422, "INVALID_BODY", "", "name"},
		{"unknown status word", req{method: "PATCH", path: "/api/v1/invoices/inv_1", body: `{"status":"archived"}`}, 422, "INVALID_BODY", "", "status"},
		{"body too large", req{method: "POST", path: "/api/v1/customers", body: `{"name":"` + strings.Repeat("a", 1<<20) + `"}`}, 413, "PAYLOAD_TOO_LARGE", "", ""},
		{"page=-1", req{method: "GET", path: "/api/v1/customers?page=-1"}, 400, "INVALID_PARAMETER", "", "page"},
		{"page=0", req{method: "GET", path: "/api/v1/customers?page=0"}, 400, "INVALID_PARAMETER", "", "page"},
		{"pageSize=0", req{method: "GET", path: "/api/v1/invoices?pageSize=0"}, 400, "INVALID_PARAMETER", "", "pageSize"},
		{"pageSize=1000", req{method: "GET", path: "/api/v1/revenue-calculations?pageSize=1000"}, 400, "INVALID_PARAMETER", "", "pageSize"},
		{"status=bogus", req{method: "GET", path: "/api/v1/invoices?status=bogus"}, 400, "INVALID_PARAMETER", "", "status"},
		{"query on a get", req{method: "GET", path: "/api/v1/customers/" + c.Id + "?fields=name"}, 400, "INVALID_PARAMETER", "", "fields"},
		{"updateMask in query", req{method: "PATCH", path: "/api/v1/customers/" + c.Id + "?updateMask=email", body: `{"name":"x"}`}, 400, "INVALID_PARAMETER", "", "updateMask"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.in(t).do(tc.r)
			expect(t, r, tc.status, tc.code)
			if tc.allow != "" && r.Header.Get("Allow") != tc.allow {
				t.Errorf("Allow %q, want %q", r.Header.Get("Allow"), tc.allow)
			}
			if tc.field != "" && violations(t, r)[tc.field] == "" {
				t.Errorf("no violation on %s: %s", tc.field, rawData(t, r))
			}
			if tc.field == "" && r.Env.GetType() != "" && r.Env.GetType() != "ErrorDetails" {
				t.Errorf("type %q", r.Env.GetType())
			}
		})
	}
	// The customer is untouched by all of it.
	r := e.do(req{method: "GET", path: "/api/v1/customers/" + c.Id})
	expect(t, r, http.StatusOK, "")
	got := &customer{}
	data(t, r, got)
	if got.Name != c.Name {
		t.Errorf("customer changed: %+v", got)
	}
}

// TestRequestID: a well-formed X-Request-ID is kept, anything else
// replaced; the id the gateway settled on reaches the service (its log) and
// the gateway's access log.
func TestRequestID(t *testing.T) {
	e := newEnv(t)
	sent := map[string]bool{
		"trace-ABC.123_x":        true,
		strings.Repeat("z", 128): true,
		strings.Repeat("z", 129): false,
		"has space":              false,
		"semi;colon":             false,
		"":                       false,
	}
	var settled []string
	for id, keep := range sent {
		h := map[string]string{}
		if id != "" {
			h["X-Request-ID"] = id
		}
		r := e.do(req{method: "GET", path: "/api/v1/customers", header: h})
		expect(t, r, http.StatusOK, "")
		got := r.Header.Get("X-Request-ID")
		if keep && got != id || !keep && got == id {
			t.Errorf("sent %q, got %q", id, got)
		}
		settled = append(settled, got)
	}
	// Errors carry it too, and a 404 of the service.
	r := e.do(req{method: "GET", path: "/api/v1/invoices/inv_nothing", header: map[string]string{"X-Request-ID": "trace-404"}})
	expect(t, r, http.StatusNotFound, "INVOICE_NOT_FOUND")
	if r.Env.GetRequestId() != "trace-404" {
		t.Errorf("requestId %q", r.Env.GetRequestId())
	}
	settled = append(settled, "trace-404")
	r = e.do(req{method: "GET", path: "/api/v1/nothing", header: map[string]string{"X-Request-ID": "trace-route"}})
	expect(t, r, http.StatusNotFound, "ROUTE_NOT_FOUND")
	if r.Env.GetRequestId() != "trace-route" {
		t.Errorf("requestId %q", r.Env.GetRequestId())
	}

	// The service logged each call under the gateway's id.
	time.Sleep(200 * time.Millisecond)
	serverLog := e.server.stdout.String() + e.server.stderr.String()
	for _, id := range settled {
		if !strings.Contains(serverLog, `"`+id+`"`) {
			t.Errorf("the service never saw request id %q", id)
		}
	}
	// The gateway's access log: one JSON object per line, with the id.
	lines := map[string]map[string]any{}
	sc := bufio.NewScanner(strings.NewReader(e.gateway.stdout.String()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("access log line is not JSON: %q", sc.Text())
		}
		if id, _ := rec["request_id"].(string); id != "" {
			lines[id] = rec
		}
	}
	for _, id := range append(settled, "trace-route") {
		rec, ok := lines[id]
		if !ok {
			t.Errorf("no access log line for %q", id)
			continue
		}
		for _, k := range []string{"time", "method", "path", "status", "duration_ms", "error_code", "bytes"} {
			if _, ok := rec[k]; !ok {
				t.Errorf("access log line for %q lacks %s: %v", id, k, rec)
			}
		}
	}
	if rec := lines["trace-route"]; rec != nil && (rec["status"] != float64(404) || rec["error_code"] != "ROUTE_NOT_FOUND") {
		t.Errorf("access log %v", rec)
	}
}

// TestUpstreamUnavailable: with the service gone, the API answers 503
// UPSTREAM_UNAVAILABLE + Retry-After, /readyz 503, /healthz still 200.
func TestUpstreamUnavailable(t *testing.T) {
	e := newEnv(t)
	r := e.do(req{method: "GET", path: "/readyz"})
	expect(t, r, http.StatusOK, "")
	if err := e.server.stop(t, 10*time.Second); err != nil {
		t.Fatalf("billing-server did not stop cleanly on SIGTERM: %v", err)
	}
	r = e.do(req{method: "GET", path: "/api/v1/customers"})
	expect(t, r, http.StatusServiceUnavailable, "UPSTREAM_UNAVAILABLE")
	r = e.do(req{method: "POST", path: "/api/v1/invoices", body: `{"customerId":"cus_x","amount":"1.00","dueDate":"2099-01-01"}`})
	expect(t, r, http.StatusServiceUnavailable, "UPSTREAM_UNAVAILABLE")
	r = e.do(req{method: "GET", path: "/readyz"})
	expect(t, r, http.StatusServiceUnavailable, "UPSTREAM_UNAVAILABLE")
	r = e.do(req{method: "GET", path: "/healthz"})
	expect(t, r, http.StatusOK, "")
	if r.Env.GetType() != "Health" {
		t.Errorf("healthz type %q", r.Env.GetType())
	}
}

// TestVersionLifecycle: deprecated → Deprecation, Sunset and Link on every
// response; past its sunset → 410 VERSION_SUNSET naming the successor.
func TestVersionLifecycle(t *testing.T) {
	dir := t.TempDir()
	deprecated := filepath.Join(dir, "deprecated.yaml")
	retired := filepath.Join(dir, "retired.yaml")
	os.WriteFile(deprecated, []byte("versions:\n  v1:\n    deprecation: 2026-01-01T00:00:00Z\n    sunset: 2999-12-31T23:59:59Z\n    successor: v2\n"), 0o600)
	os.WriteFile(retired, []byte("versions:\n  v1:\n    deprecation: 2024-01-01T00:00:00Z\n    sunset: 2025-01-01T00:00:00Z\n    successor: v2\n"), 0o600)

	e := newEnv(t, "--version-config="+deprecated)
	for _, r := range []*reply{
		e.do(req{method: "POST", path: "/api/v1/customers", body: `{"name":"Dep","email":"dep@example.com","defaultCurrency":"USD"}`}),
		e.do(req{method: "GET", path: "/api/v1/customers"}),
		e.do(req{method: "GET", path: "/api/v1/customers/cus_none"}),
	} {
		if r.Status >= 500 {
			t.Fatalf("%s: %d", r.path, r.Status)
		}
		if r.Header.Get("Deprecation") != "@1767225600" || r.Header.Get("Sunset") != "Tue, 31 Dec 2999 23:59:59 GMT" ||
			r.Header.Get("Link") != `</api/v2>; rel="successor-version"` || r.Header.Get("Warning") != "" {
			t.Errorf("%s %s: lifecycle headers %v", r.method, r.path, r.Header)
		}
	}
	// Outside the versioned API: no lifecycle headers.
	if r := e.do(req{method: "GET", path: "/healthz"}); r.Header.Get("Deprecation") != "" {
		t.Errorf("healthz carries Deprecation")
	}

	server := startServer(t)
	_, base := startGateway(t, server.addr, "--version-config="+retired)
	r := doHTTP(t, base, nil, req{method: "GET", path: "/api/v1/customers"})
	expect(t, r, http.StatusGone, "VERSION_SUNSET")
	if !strings.Contains(r.Env.GetMessage(), "v2") || r.Header.Get("Link") != `</api/v2>; rel="successor-version"` {
		t.Errorf("410: %s %v", r.Env.GetMessage(), r.Header)
	}
	r = doHTTP(t, base, nil, req{method: "POST", path: "/api/v1/customers", body: `{"name":"x"}`})
	expect(t, r, http.StatusGone, "VERSION_SUNSET")
	r = doHTTP(t, base, nil, req{method: "GET", path: "/api/v9/customers"})
	expect(t, r, http.StatusNotFound, "UNKNOWN_API_VERSION")
}

// TestDocs: the OpenAPI document (validated by loadContract) and the
// Swagger UI, served from local files.
func TestDocs(t *testing.T) {
	e := newEnv(t)
	for path, ct := range map[string]string{
		"/docs":                      "text/html; charset=utf-8",
		"/docs/":                     "text/html; charset=utf-8",
		"/docs/swagger-ui-bundle.js": "text/javascript; charset=utf-8",
		"/docs/swagger-ui-init.js":   "text/javascript; charset=utf-8",
		"/docs/swagger-ui.css":       "text/css; charset=utf-8",
		"/docs/favicon-32x32.png":    "image/png",
		"/api/v1/openapi.json":       "application/json",
	} {
		resp, err := http.Get(e.base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ct || len(body) == 0 {
			t.Errorf("%s: %d %q (%d bytes)", path, resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
		}
		if path == "/docs" && (!strings.Contains(string(body), "/docs/swagger-ui-bundle.js") || strings.Contains(string(body), "//cdn") || strings.Contains(string(body), "https://")) {
			t.Errorf("/docs must load Swagger UI from local files: %s", body)
		}
		if path == "/docs/swagger-ui-init.js" && !strings.Contains(string(body), "/api/v1/openapi.json") {
			t.Errorf("the UI does not load the API document")
		}
	}
	r := e.do(req{method: "GET", path: "/docs/missing.js"})
	expect(t, r, http.StatusNotFound, "ROUTE_NOT_FOUND")
	r = e.do(req{method: "GET", path: "/api/v1/openapi.json", header: map[string]string{"Accept": "text/html"}})
	expect(t, r, http.StatusNotAcceptable, "NOT_ACCEPTABLE")
}
