package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"

	"billing/gateway/internal/restapi"
)

// MaxBodyBytes is the largest request body the gateway reads (1 MiB).
const MaxBodyBytes = restapi.MaxBodyBytes

// checkRequest is the mux's middleware (runtime.WithMiddlewares): once the
// mux has matched a route it does the HTTP checks of the request, in this
// order: Accept (406), path variables (400), Authorization size (431), body
// (415, 413, 422 when missing, 400 MALFORMED_JSON, 422 INVALID_BODY), query
// (400 INVALID_PARAMETER). What passes is rewritten into protobuf's JSON
// form for the generated handler: enum words become enum names. They run
// here, not in the Marshaler or the query-parameter parser, because the
// generated handlers flatten those hooks' errors into one string, and a
// client is owed every bad field by name.
func (g *gateway) checkRequest(next runtime.HandlerFunc) runtime.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, pathParams map[string]string) {
		if p, ok := r.Context().Value(probeKey{}).(*probe); ok {
			p.matched = true // allowedMethods only asks whether the mux routes it
			return
		}
		rt := g.routes.lookup(r.Context(), r.Method)
		if rt == nil {
			writeError(w, r, &apiError{Status: http.StatusInternalServerError, Code: CodeInternal,
				Message: genericInternalMessage, cause: fmt.Errorf("no api_config rule for %s %s", r.Method, r.URL.Path)})
			return
		}
		for _, f := range rt.Vars {
			if pathParams[string(f.Name())] == "" {
				// The mux fills a variable from an empty segment
				// (/customers//invoices); that names no resource.
				writeError(w, r, routingError(http.StatusNotFound, r.Method, r.URL.Path, nil))
				return
			}
		}
		exchangeFrom(r.Context()).Route = rt
		if !acceptsJSON(r.Header.Values("Accept")) {
			writeError(w, r, notAcceptable())
			return
		}
		if violations := checkPath(rt, pathParams); violations != nil {
			writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: CodeValidationError,
				Message: "invalid path parameters: " + violationSummary(violations), Violations: violations})
			return
		}
		if len(r.Header.Get("Authorization")) > MaxForwardedHeaderBytes {
			writeError(w, r, &apiError{Status: http.StatusRequestHeaderFieldsTooLarge,
				Code: CodeHeaderTooLarge, Message: fmt.Sprintf("the Authorization header is over %d bytes", MaxForwardedHeaderBytes)})
			return
		}
		if e := checkIdempotencyKey(r); e != nil {
			writeError(w, r, e)
			return
		}
		if rt.Body != nil {
			nothingToChange, e := g.checkBody(w, r, rt, pathParams)
			if e != nil {
				writeError(w, r, e)
				return
			}
			if nothingToChange {
				// Only ignored read-only fields were sent back (as a client
				// sending back what it fetched does): answer the resource as
				// it is, as Stripe does, by the GET of the same path.
				// grpc-gateway would otherwise derive an update mask naming "".
				get := r.Clone(r.Context())
				get.Method, get.Body, get.ContentLength = http.MethodGet, http.NoBody, 0
				get.Header.Del("Content-Length")
				g.mux.ServeHTTP(w, get)
				return
			}
		} else if r.Body != nil {
			// The generated handlers drain a body they do not use: bound it.
			r.Body = http.MaxBytesReader(w, r.Body, g.maxBodyBytes)
		}
		query, violations := checkQuery(rt, r.URL.RawQuery)
		if violations != nil {
			writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: CodeInvalidParameter,
				Message: "invalid query parameters: " + violationSummary(violations), Violations: violations})
			return
		}
		r.URL.RawQuery = query
		next(w, r, pathParams)
	}
}

// MaxForwardedHeaderBytes bounds the Authorization header's value, the one
// client header the gateway forwards to the service as metadata. The service
// holds the same limit (docs/errors.md, HEADER_TOO_LARGE): one number on
// both sides, so a credential either side accepts reaches the other.
const MaxForwardedHeaderBytes = 8192

func notAcceptable() *apiError {
	return &apiError{Status: http.StatusNotAcceptable, Code: CodeNotAcceptable,
		Message: "this API answers only application/json, which the Accept header excludes"}
}

// checkBody reads, bounds and checks the JSON body of a route that takes
// one, and puts the body back in protobuf's JSON form. nothingToChange is a
// PATCH whose fields are all ignored ones.
func (g *gateway) checkBody(w http.ResponseWriter, r *http.Request, rt *route, pathParams map[string]string) (nothingToChange bool, _ *apiError) {
	tooLarge := &apiError{Status: http.StatusRequestEntityTooLarge, Code: CodePayloadTooLarge,
		Message: fmt.Sprintf("the request body exceeds %d bytes", g.maxBodyBytes)}
	if r.ContentLength > g.maxBodyBytes {
		if r.ContentLength <= MaxDrainBytes {
			drainBody(r.Body)
		}
		return false, tooLarge
	}
	ct := r.Header.Get("Content-Type")
	if ct != "" && !isJSONContentType(ct) {
		return false, unsupportedMediaType(ct)
	}
	var data []byte
	if r.Body != nil {
		var err error
		data, err = io.ReadAll(http.MaxBytesReader(w, r.Body, g.maxBodyBytes))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				drainBody(r.Body)
				return false, tooLarge
			}
			return false, &apiError{Status: http.StatusBadRequest, Code: CodeMalformedJSON,
				Message: "the request body could not be read: " + err.Error()}
		}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return false, &apiError{Status: http.StatusUnprocessableEntity, Code: CodeInvalidBody,
			Message: fmt.Sprintf("a JSON body (a %s) is required", rt.Body.Name())}
	}
	if ct == "" {
		return false, unsupportedMediaType(ct)
	}
	echo := &echoRules{readOnly: g.readOnly, pathID: pathID(rt, pathParams),
		bodySchemaSuffix: bodySchemaSuffixes[r.Method]}
	rewritten, err := decodeBodyEchoing(data, rt.Body, echo)
	if err != nil {
		var be *bodyError
		var me *malformedError
		if errors.As(err, &me) {
			return false, &apiError{Status: http.StatusBadRequest, Code: CodeMalformedJSON,
				Message: me.Message, Violations: me.Violations}
		}
		if errors.As(err, &be) {
			return false, &apiError{Status: http.StatusUnprocessableEntity, Code: CodeInvalidBody,
				Message: be.Message, Violations: be.Violations}
		}
		return false, &apiError{Status: http.StatusBadRequest, Code: CodeMalformedJSON,
			Message: "the request body is not valid JSON: " + strings.TrimPrefix(err.Error(), errMalformedJSON.Error()+": ")}
	}
	if r.Method == http.MethodPatch && string(rewritten) == "{}" {
		var sent map[string]json.RawMessage
		if json.Unmarshal(data, &sent) != nil || len(sent) == 0 {
			// `{}` names nothing at all (the document's minProperties).
			return false, &apiError{Status: http.StatusUnprocessableEntity, Code: CodeInvalidBody,
				Message: fmt.Sprintf("the body names no field of the %s to change", rt.Body.Name())}
		}
		return true, nil
	}
	r.Body = io.NopCloser(bytes.NewReader(rewritten))
	r.ContentLength = int64(len(rewritten))
	r.Header.Set("Content-Length", strconv.Itoa(len(rewritten)))
	return false, nil
}

// MaxDrainBytes is how much of a refused body the gateway reads and
// discards before answering. Many clients (Python's urllib and requests)
// send the whole body before reading the answer; closing the connection on
// unread data makes the kernel reset it, and they would see a reset instead
// of the 413. Past this bound the connection is closed anyway.
const MaxDrainBytes = 4 << 20

// drainBody reads and discards up to MaxDrainBytes of a body the gateway
// refuses; the server's ReadTimeout bounds a client that sends slowly.
func drainBody(body io.Reader) {
	if body != nil {
		_, _ = io.CopyN(io.Discard, body, MaxDrainBytes)
	}
}

func unsupportedMediaType(ct string) *apiError {
	got := "no Content-Type"
	if ct != "" {
		got = "Content-Type " + ct
	}
	return &apiError{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedMediaType,
		Message: "the request body must be application/json (charset utf-8, if given); got " + got}
}

// isJSONContentType accepts application/json with, optionally, charset
// utf-8.
func isJSONContentType(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return false
	}
	for k, v := range params {
		if k != "charset" || !strings.EqualFold(v, "utf-8") {
			return false
		}
	}
	return true
}

// acceptsJSON tells whether the Accept header values admit
// application/json.
func acceptsJSON(values []string) bool { return accepts(values, "application/json") }

// accepts tells whether the Accept header values admit an application/…
// media type: the most specific matching media range decides, and q=0
// excludes. No Accept header accepts anything.
func accepts(values []string, mediaType string) bool {
	if len(values) == 0 {
		return true
	}
	best, bestQ, empty := -1, 0.0, true
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			empty = false
			mt, params, err := mime.ParseMediaType(part)
			if err != nil {
				continue
			}
			spec := -1
			switch mt {
			case mediaType:
				spec = 2
			case "application/*":
				spec = 1
			case "*/*":
				spec = 0
			}
			if spec < best || spec < 0 {
				continue
			}
			q := 1.0
			if s, ok := params["q"]; ok {
				if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 0 && f <= 1 {
					q = f
				}
			}
			if spec > best || q > bestQ {
				best, bestQ = spec, q
			}
		}
	}
	if empty {
		return true
	}
	return best >= 0 && bestQ > 0
}

// withRecover answers 500 with the envelope if a handler panics.
func withRecover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.Error("panic", "request_id", exchangeFrom(r.Context()).RequestID, "panic", fmt.Sprint(v))
				if rw, ok := w.(*recordingWriter); !ok || !rw.wroteHeader {
					writeError(w, r, &apiError{Status: http.StatusInternalServerError, Code: CodeInternal,
						Message: genericInternalMessage})
				}
			}
		}()
		next.ServeHTTP(w, r)
	})
}
