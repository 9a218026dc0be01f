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

	"billing/gateway/internal/restapi"
)

// MaxBodyBytes is the largest request body the gateway reads (1 MiB).
const MaxBodyBytes = restapi.MaxBodyBytes

// withRequestChecks does the HTTP checks of an API request before it reaches
// grpc-gateway's mux, in this order: route (404 ROUTE_NOT_FOUND, 405
// METHOD_NOT_ALLOWED + Allow), Accept (406), body (415, 413, 422 when
// missing, 400 MALFORMED_JSON, 422 INVALID_BODY), query (400
// INVALID_PARAMETER). What passes is rewritten into protobuf's JSON form for
// the mux: enum words become enum names.
func (g *gateway) withRequestChecks(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ex := exchangeFrom(r.Context())
		path := r.URL.EscapedPath()
		rt, allowed := g.routes.match(r.Method, path)
		if rt == nil {
			status := http.StatusNotFound
			if len(allowed) > 0 {
				status = http.StatusMethodNotAllowed
			}
			writeError(w, r, routingError(status, r.Method, r.URL.Path, allowed))
			return
		}
		ex.Route = rt
		if !acceptsJSON(r.Header.Values("Accept")) {
			writeError(w, r, notAcceptable())
			return
		}
		if violations := checkPath(rt, path); violations != nil {
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
			if e := g.checkBody(w, r, rt); e != nil {
				writeError(w, r, e)
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
		next.ServeHTTP(w, r)
	})
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
// one, and puts the body back in protobuf's JSON form.
func (g *gateway) checkBody(w http.ResponseWriter, r *http.Request, rt *route) *apiError {
	tooLarge := &apiError{Status: http.StatusRequestEntityTooLarge, Code: CodePayloadTooLarge,
		Message: fmt.Sprintf("the request body exceeds %d bytes", g.maxBodyBytes)}
	if r.ContentLength > g.maxBodyBytes {
		if r.ContentLength <= MaxDrainBytes {
			drainBody(r.Body)
		}
		return tooLarge
	}
	ct := r.Header.Get("Content-Type")
	if ct != "" && !isJSONContentType(ct) {
		return unsupportedMediaType(ct)
	}
	var data []byte
	if r.Body != nil {
		var err error
		data, err = io.ReadAll(http.MaxBytesReader(w, r.Body, g.maxBodyBytes))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				drainBody(r.Body)
				return tooLarge
			}
			return &apiError{Status: http.StatusBadRequest, Code: CodeMalformedJSON,
				Message: "the request body could not be read: " + err.Error()}
		}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return &apiError{Status: http.StatusUnprocessableEntity, Code: CodeInvalidBody,
			Message: fmt.Sprintf("a JSON body (a %s) is required", rt.Body.Name())}
	}
	if ct == "" {
		return unsupportedMediaType(ct)
	}
	echo := &echoRules{readOnly: g.readOnly, pathID: pathID(rt, r.URL.EscapedPath()),
		bodySchemaSuffix: bodySchemaSuffixes[r.Method]}
	rewritten, err := decodeBodyEchoing(data, rt.Body, echo)
	if err != nil {
		var be *bodyError
		var me *malformedError
		if errors.As(err, &me) {
			return &apiError{Status: http.StatusBadRequest, Code: CodeMalformedJSON,
				Message: me.Message, Violations: me.Violations}
		}
		if errors.As(err, &be) {
			return &apiError{Status: http.StatusUnprocessableEntity, Code: CodeInvalidBody,
				Message: be.Message, Violations: be.Violations}
		}
		return &apiError{Status: http.StatusBadRequest, Code: CodeMalformedJSON,
			Message: "the request body is not valid JSON: " + strings.TrimPrefix(err.Error(), errMalformedJSON.Error()+": ")}
	}
	if r.Method == http.MethodPatch && string(rewritten) == "{}" {
		var sent map[string]json.RawMessage
		if json.Unmarshal(data, &sent) != nil || len(sent) == 0 {
			// `{}` names nothing at all (the document's minProperties).
			return &apiError{Status: http.StatusUnprocessableEntity, Code: CodeInvalidBody,
				Message: fmt.Sprintf("the body names no field of the %s to change", rt.Body.Name())}
		}
		// Nothing to change (only ignored read-only fields were sent, as a
		// client sending back what it fetched does): answer the resource as
		// it is, as Stripe does, by serving the GET of the same path.
		// grpc-gateway would otherwise derive an update mask naming "".
		r.Method = http.MethodGet
		r.Body = http.NoBody
		r.ContentLength = 0
		r.Header.Del("Content-Length")
		return nil
	}
	r.Body = io.NopCloser(bytes.NewReader(rewritten))
	r.ContentLength = int64(len(rewritten))
	r.Header.Set("Content-Length", strconv.Itoa(len(rewritten)))
	return nil
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
