package gateway

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	restv1 "billing/gateway/gen/billing/rest/v1"
)

// closedAddr is a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func newTestGateway(t *testing.T, versionConfig string) http.Handler {
	t.Helper()
	conn, err := grpc.NewClient(closedAddr(t), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	g, err := newGateway(conn, Options{UpstreamTimeout: 5 * time.Second, VersionConfig: versionConfig}, newMetrics())
	if err != nil {
		t.Fatal(err)
	}
	g.access = newAccessLogger(io.Discard)
	return g.handler()
}

func do(t *testing.T, h http.Handler, method, path, body string, header ...string) (*httptest.ResponseRecorder, Envelope) {
	t.Helper()
	var r *http.Request
	if body != "" {
		r = httptest.NewRequest(method, path, strings.NewReader(body))
	} else {
		r = httptest.NewRequest(method, path, nil)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var e Envelope = &restv1.ErrorEnvelope{}
	if strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") && !strings.HasSuffix(path, "openapi.json") {
		var err error
		if e, err = DecodeEnvelope(w.Body.Bytes()); err != nil {
			t.Fatalf("%s %s: not an envelope: %v: %s", method, path, err, w.Body.String())
		}
		if e.GetRequestId() == "" || e.GetRequestId() != w.Header().Get("X-Request-ID") {
			t.Fatalf("%s %s: requestId %q, header %q", method, path, e.GetRequestId(), w.Header().Get("X-Request-ID"))
		}
	}
	return w, e
}

func TestGatewayOwnErrors(t *testing.T) {
	h := newTestGateway(t, "")
	json := "Content-Type"
	cases := []struct {
		name, method, path, body string
		header                   []string
		status                   int
		code                     string
	}{
		{"unknown path", "GET", "/api/v1/nothing", "", nil, 404, CodeRouteNotFound},
		{"root", "GET", "/", "", nil, 404, CodeRouteNotFound},
		{"unknown version", "GET", "/api/v9/customers", "", nil, 404, CodeUnknownAPIVersion},
		{"wrong method", "PATCH", "/api/v1/customers", "", nil, 405, CodeMethodNotAllowed},
		{"not acceptable", "GET", "/api/v1/customers", "", []string{"Accept", "text/html"}, 406, CodeNotAcceptable},
		{"media type", "POST", "/api/v1/customers", `{}`, []string{json, "text/plain"}, 415, CodeUnsupportedMediaType},
		{"no media type", "POST", "/api/v1/customers", `{}`, nil, 415, CodeUnsupportedMediaType},
		{"latin1", "POST", "/api/v1/customers", `{}`, []string{json, "application/json; charset=latin1"}, 415, CodeUnsupportedMediaType},
		{"malformed", "POST", "/api/v1/customers", `{"name":`, []string{json, "application/json"}, 400, CodeMalformedJSON},
		{"missing body", "POST", "/api/v1/customers", "", []string{json, "application/json"}, 422, CodeInvalidBody},
		{"unknown field", "POST", "/api/v1/customers", `{"nickname":"x"}`, []string{json, "application/json"}, 422, CodeInvalidBody},
		{"wrong type", "PUT", "/api/v1/customers/c1", `{"name":1}`, []string{json, "application/json"}, 422, CodeInvalidBody},
		{"bad status word", "PATCH", "/api/v1/invoices/i1", `{"status":"bogus"}`, []string{json, "application/json"}, 422, CodeInvalidBody},
		{"empty patch", "PATCH", "/api/v1/customers/c1", ` { } `, []string{json, "application/json"}, 422, CodeInvalidBody},
		{"too large", "POST", "/api/v1/customers", `{"name":"` + strings.Repeat("x", MaxBodyBytes) + `"}`, []string{json, "application/json"}, 413, CodePayloadTooLarge},
		{"huge authorization", "GET", "/api/v1/customers", "", []string{"Authorization", "Bearer " + strings.Repeat("a", MaxForwardedHeaderBytes)}, 431, CodeHeaderTooLarge},
		{"page=-1", "GET", "/api/v1/customers?page=-1", "", nil, 400, CodeInvalidParameter},
		{"pageSize=0", "GET", "/api/v1/customers?pageSize=0", "", nil, 400, CodeInvalidParameter},
		{"pageSize=1000", "GET", "/api/v1/invoices?pageSize=1000", "", nil, 400, CodeInvalidParameter},
		{"status=bogus", "GET", "/api/v1/invoices?status=bogus", "", nil, 400, CodeInvalidParameter},
		{"upstream down", "GET", "/api/v1/customers", "", nil, 503, CodeUpstreamUnavailable},
		{"docs asset missing", "GET", "/docs/nothing.js", "", nil, 404, CodeRouteNotFound},
		{"readyz down", "GET", "/readyz", "", nil, 503, CodeUpstreamUnavailable},
		{"healthz method", "POST", "/healthz", "", nil, 405, CodeMethodNotAllowed},
	}
	for _, c := range cases {
		w, e := do(t, h, c.method, c.path, c.body, c.header...)
		if w.Code != c.status || e.GetErrorCode() != c.code || e.GetSuccess() || e.GetMessage() == "" {
			t.Errorf("%s: %d %s %q", c.name, w.Code, e.GetErrorCode(), e.GetMessage())
		}
		switch c.status {
		case 405:
			if w.Header().Get("Allow") == "" {
				t.Errorf("%s: no Allow", c.name)
			}
		case 503:
			if w.Header().Get("Retry-After") != "5" {
				t.Errorf("%s: Retry-After %q", c.name, w.Header().Get("Retry-After"))
			}
		case 400, 422:
			if c.code != CodeMalformedJSON && c.name != "missing body" && c.name != "empty patch" && (e.GetType() != TypeErrorDetails || len(e.(*restv1.ErrorEnvelope).GetData().GetFieldViolations()) == 0) {
				t.Errorf("%s: data %v type %q", c.name, e, e.GetType())
			}
		}
	}
}

func TestGatewayServesDocsAndHealth(t *testing.T) {
	h := newTestGateway(t, "")
	w, e := do(t, h, "GET", "/healthz", "")
	if w.Code != 200 || !e.GetSuccess() || e.GetType() != "Health" {
		t.Fatalf("healthz %d %+v", w.Code, e)
	}
	w, _ = do(t, h, "GET", "/api/v1/openapi.json", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"openapi": "3.0.3"`) {
		t.Fatalf("openapi.json %d", w.Code)
	}
	w, _ = do(t, h, "GET", "/api/v1/openapi.yaml", "")
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/yaml" || !strings.Contains(w.Body.String(), "openapi: 3.0.3") {
		t.Fatalf("openapi.yaml %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	w, _ = do(t, h, "GET", "/api/v1/openapi.yaml", "", "Accept", "application/json")
	if w.Code != 406 {
		t.Fatalf("openapi.yaml for Accept: application/json: %d", w.Code)
	}
	for path, ct := range map[string]string{
		"/docs": "text/html", "/docs/": "text/html", "/docs/swagger-ui-bundle.js": "javascript",
		"/docs/swagger-ui.css": "text/css", "/docs/swagger-ui-init.js": "javascript",
	} {
		w, _ := do(t, h, "GET", path, "")
		if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Type"), ct) || w.Body.Len() == 0 {
			t.Errorf("%s: %d %s", path, w.Code, w.Header().Get("Content-Type"))
		}
	}
	w, _ = do(t, h, "GET", "/docs", "")
	if strings.Contains(w.Body.String(), "http://") || strings.Contains(w.Body.String(), "https://") {
		t.Error("the docs page must load nothing from elsewhere")
	}
}

func TestGatewayVersionLifecycle(t *testing.T) {
	dir := t.TempDir()
	future := filepath.Join(dir, "future.yaml")
	past := filepath.Join(dir, "past.yaml")
	os.WriteFile(future, []byte("versions:\n  v1:\n    deprecation: 2026-01-01T00:00:00Z\n    sunset: 2999-01-01T00:00:00Z\n    successor: v2\n"), 0o600)
	os.WriteFile(past, []byte("versions:\n  v1:\n    deprecation: 2020-01-01T00:00:00Z\n    sunset: 2021-01-01T00:00:00Z\n    successor: v2\n"), 0o600)

	w, _ := do(t, newTestGateway(t, future), "GET", "/api/v1/nothing", "")
	if w.Header().Get("Deprecation") != "@1767225600" || w.Header().Get("Sunset") != "Tue, 01 Jan 2999 00:00:00 GMT" ||
		w.Header().Get("Link") != `</api/v2>; rel="successor-version"` {
		t.Fatalf("deprecated headers: %v", w.Header())
	}
	w, e := do(t, newTestGateway(t, past), "GET", "/api/v1/customers", "")
	if w.Code != 410 || e.GetErrorCode() != CodeVersionSunset || !strings.Contains(e.GetMessage(), "v2") {
		t.Fatalf("sunset: %d %+v", w.Code, e)
	}
	w, _ = do(t, newTestGateway(t, ""), "GET", "/api/v1/nothing", "")
	if w.Header().Get("Deprecation") != "" || w.Header().Get("Sunset") != "" || w.Header().Get("Link") != "" {
		t.Fatalf("current version has lifecycle headers: %v", w.Header())
	}
}

// TestBodyLimitWithoutContentLength: a chunked body over the limit is cut
// off while it is read.
func TestBodyLimitWithoutContentLength(t *testing.T) {
	h := newTestGateway(t, "")
	body := `{"name":"` + strings.Repeat("x", MaxBodyBytes) + `"}`
	r := httptest.NewRequest("POST", "/api/v1/customers", io.NopCloser(strings.NewReader(body)))
	r.ContentLength = -1
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 413 || !strings.Contains(w.Body.String(), CodePayloadTooLarge) {
		t.Fatalf("%d %s", w.Code, w.Body.String()[:200])
	}
	// Just under the limit is read (and then refused for its shape).
	body = `{"nickname":"` + strings.Repeat("x", MaxBodyBytes-20) + `"}`
	r = httptest.NewRequest("POST", "/api/v1/customers", io.NopCloser(strings.NewReader(body)))
	r.ContentLength = -1
	r.Header.Set("Content-Type", "application/json")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 422 {
		t.Fatalf("%d %s", w.Code, w.Body.String()[:200])
	}
}
