package gateway

import (
	"context"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
)

// handleRoutingError is the mux's routing-error handler: 404
// ROUTE_NOT_FOUND, 405 METHOD_NOT_ALLOWED with Allow, 400 for a path the
// mux cannot read.
func handleRoutingError(ctx context.Context, mux *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, httpStatus int) {
	if _, ok := ctx.Value(probeKey{}).(*probe); ok {
		return
	}
	var allowed []string
	if httpStatus == http.StatusMethodNotAllowed {
		allowed = allowedMethods(mux, r)
	}
	writeError(w, r, routingError(httpStatus, r.Method, r.URL.Path, allowed))
}

// probeKey marks a request sent through the mux only to learn whether the
// mux routes its method and path; checkRequest notes the match and answers
// nothing.
type probeKey struct{}

type probe struct{ matched bool }

// allowedMethods asks the mux which methods it routes for r's path. The mux
// answers 405 without naming them, and the mux's own matching is the one
// definition of the routes (a second router could disagree with it).
func allowedMethods(mux *runtime.ServeMux, r *http.Request) []string {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		p := &probe{}
		pr := r.Clone(context.WithValue(r.Context(), probeKey{}, p))
		pr.Method, pr.Body = m, http.NoBody
		mux.ServeHTTP(discardWriter{}, pr)
		if p.matched {
			allowed = append(allowed, m)
		}
	}
	return allowed
}

// discardWriter is where a probe's (empty) answer goes.
type discardWriter struct{}

func (discardWriter) Header() http.Header         { return http.Header{} }
func (discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (discardWriter) WriteHeader(int)             {}
