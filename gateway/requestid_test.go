package gateway

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestValidRequestID(t *testing.T) {
	for _, id := range []string{"a", "req-1", "A.b_C-9", strings.Repeat("x", 128), "550e8400-e29b-41d4-a716-446655440000"} {
		if !validRequestID(id) {
			t.Errorf("%q refused", id)
		}
	}
	for _, id := range []string{"", strings.Repeat("x", 129), "has space", "semi;colon", "slash/", "ünï", "new\nline", "a,b"} {
		if validRequestID(id) {
			t.Errorf("%q accepted", id)
		}
	}
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		id := newRequestID()
		if !validRequestID(id) || seen[id] {
			t.Fatalf("generated id %q invalid or repeated", id)
		}
		seen[id] = true
	}
}

func TestWithRequestID(t *testing.T) {
	var got string
	h := withRequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = exchangeFrom(r.Context()).RequestID
	}))
	for sent, keep := range map[string]bool{"client-id-1": true, "bad id!": false, "": false, strings.Repeat("a", 200): false} {
		r := httptest.NewRequest(http.MethodGet, "/x", nil)
		if sent != "" {
			r.Header.Set("X-Request-ID", sent)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Header().Get("X-Request-ID") != got {
			t.Errorf("header %q, context %q", w.Header().Get("X-Request-ID"), got)
		}
		if keep && got != sent {
			t.Errorf("well-formed %q replaced by %q", sent, got)
		}
		if !keep && (got == sent || !validRequestID(got)) {
			t.Errorf("malformed %q kept or replaced by invalid %q", sent, got)
		}
	}
}
