package gateway

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	billingv1 "billing/gateway/gen/billing/v1"
)

// Conditional requests (RFC 9110 13.1): If-Match goes to the service, which
// compares it inside the write's transaction; If-None-Match on GET is
// answered here (withNotModified). Both are read by parseEntityTags, so one
// rule decides what either header may hold.

// entityTag is one element of an If-Match / If-None-Match list.
type entityTag struct {
	weak   bool
	opaque string // with its quotes, as the ETag header holds it
}

// parseEntityTags reads the values of an If-Match or If-None-Match header
// (RFC 9110 13.1.1, 13.1.2): "*" alone, or a comma-separated list of
// entity-tags, each DQUOTE *etagc DQUOTE, optionally W/-prefixed (8.8.3).
// Empty list elements are allowed (5.6.1), and a value with none (an empty
// header) names no tag: it is read as not sent, as it always was. A bare,
// unquoted tag is not an entity-tag: ok is false.
func parseEntityTags(values []string) (tags []entityTag, any, ok bool) {
	s := strings.Join(values, ",")
	if strings.Trim(s, " \t") == "*" {
		return nil, true, true
	}
	// A tag may hold commas ("a,b"), so the list is scanned, not split.
	for i := 0; ; {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == ',') {
			i++ // OWS and empty elements
		}
		if i == len(s) {
			return tags, false, true
		}
		t := entityTag{}
		if strings.HasPrefix(s[i:], "W/") {
			t.weak, i = true, i+2
		}
		if i >= len(s) || s[i] != '"' {
			return nil, false, false
		}
		end := i + 1
		// etagc = %x21 / %x23-7E (obs-text, bytes over 0x7F, is obsolete and no ETag here has it)
		for ; end < len(s) && s[end] != '"'; end++ {
			if c := s[end]; c < 0x21 || c >= 0x7f {
				return nil, false, false
			}
		}
		if end == len(s) {
			return nil, false, false
		}
		t.opaque = s[i : end+1]
		tags = append(tags, t)
		for i = end + 1; i < len(s) && (s[i] == ' ' || s[i] == '\t'); i++ {
		}
		if i < len(s) && s[i] != ',' {
			return nil, false, false
		}
	}
}

// checkConditionalHeaders is 400 VALIDATION_ERROR for an If-Match or
// If-None-Match that is not "*" or a list of entity-tags (quoted). A
// malformed If-Match cannot be compared with anything, and writing as if it
// had not been sent would drop the caller's condition.
func checkConditionalHeaders(r *http.Request) *apiError {
	var v []FieldViolation
	for _, h := range []struct{ header, field string }{{"If-Match", "ifMatch"}, {"If-None-Match", "ifNoneMatch"}} {
		if values := r.Header.Values(h.header); len(values) > 0 {
			tags, any, ok := parseEntityTags(values)
			if !ok {
				v = append(v, FieldViolation{Field: h.field,
					Description: `must be * or a comma-separated list of entity tags in double quotes, as the ETag header gives them ("abc", W/"abc")`})
			} else if !any && len(tags) == 0 {
				// Empty: not a condition, and not forwarded as one.
				r.Header.Del(h.header)
			}
		}
	}
	if v == nil {
		return nil
	}
	return &apiError{Status: http.StatusBadRequest, Code: CodeValidationError,
		Message: "invalid conditional header: " + violationSummary(v), Violations: v}
}

// etagListed is If-None-Match's weak comparison (RFC 9110 8.8.3.2): "*" or
// any listed tag whose opaque-tag equals etag's.
func etagListed(values []string, etag string) bool {
	if etag == "" {
		return false
	}
	tags, any, ok := parseEntityTags(values)
	if !ok {
		return false
	}
	if any {
		return true
	}
	etag = strings.TrimPrefix(etag, "W/")
	for _, t := range tags {
		if t.opaque == etag {
			return true
		}
	}
	return false
}

// etagOf is the entity tag of a single-resource answer ("" for others): the
// message's etag field, or that of an upsert's resource.
func etagOf(rt *route, m protoreflect.Message) string {
	if rt == nil {
		return ""
	}
	switch rt.Facts.GetShape() {
	case billingv1.ResponseShape_RESPONSE_SHAPE_UPSERT:
		m = m.Get(dataField(rt, m)).Message()
	case billingv1.ResponseShape_RESPONSE_SHAPE_SINGLE:
	default:
		return ""
	}
	if fd := m.Descriptor().Fields().ByName("etag"); fd != nil && fd.Kind() == protoreflect.StringKind {
		return m.Get(fd).String()
	}
	return ""
}

// conditionalResponseHeaders is a forward-response option (registered
// before the one that writes the status): ETag and Idempotent-Replayed.
func conditionalResponseHeaders(ctx context.Context, w http.ResponseWriter, resp proto.Message) error {
	if etag := etagOf(routeOf(ctx), resp.ProtoReflect()); etag != "" {
		w.Header().Set("ETag", strconv.Quote(etag))
	}
	setReplayedHeader(ctx, w)
	return nil
}

func setReplayedHeader(ctx context.Context, w http.ResponseWriter) {
	if md, ok := runtime.ServerMetadataFromContext(ctx); ok {
		if v := md.TrailerMD.Get(metadataReplayed); len(v) > 0 && v[0] == "true" {
			w.Header().Set(headerReplayed, "true")
		}
	}
}

// withReplayedHeader marks a recorded refusal's replay like a success's.
func withReplayedHeader(h runtime.ErrorHandlerFunc) runtime.ErrorHandlerFunc {
	return func(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
		setReplayedHeader(ctx, w)
		h(ctx, mux, m, w, r, err)
	}
}

// conditionalError gives the service's conditional-request refusals their
// HTTP form: 422 for a reused key, 409 + Retry-After for one in progress,
// 412 PRECONDITION_FAILED + the current ETag for a stale If-Match.
func conditionalError(e *apiError, st *status.Status) {
	switch e.Code {
	case "IDEMPOTENCY_KEY_REUSED":
		e.Status = http.StatusUnprocessableEntity
	case "IDEMPOTENCY_KEY_IN_PROGRESS":
		retry := 1
		for _, d := range st.Details() {
			if ri, ok := d.(*errdetails.RetryInfo); ok && ri.GetRetryDelay().AsDuration() > 0 {
				retry = int(ri.GetRetryDelay().AsDuration().Seconds() + 0.999)
			}
		}
		e.Header = http.Header{}
		e.Header.Set("Retry-After", strconv.Itoa(retry))
	case "ETAG_MISMATCH":
		e.Status, e.Code = http.StatusPreconditionFailed, CodePreconditionFailed
		for _, d := range st.Details() {
			if info, ok := d.(*errdetails.ErrorInfo); ok && info.GetMetadata()["etag"] != "" {
				e.Header = http.Header{}
				e.Header.Set("ETag", strconv.Quote(info.GetMetadata()["etag"]))
			}
		}
	}
}

// notModified answers a GET whose If-None-Match names the ETag of the
// answer with 304 and no body (RFC 9110 13.1.2).
type notModified struct {
	http.ResponseWriter
	ifNoneMatch []string
	status      int
	decided     bool
	skip        bool
}

func withNotModified(w http.ResponseWriter, r *http.Request) http.ResponseWriter {
	inm := r.Header.Values("If-None-Match")
	if r.Method != http.MethodGet || len(inm) == 0 {
		return w
	}
	return &notModified{ResponseWriter: w, ifNoneMatch: inm}
}

// WriteHeader holds a 200 back until the body shows whether it is a 304.
func (n *notModified) WriteHeader(status int) {
	n.status = status
	if status != http.StatusOK {
		n.decided = true
		n.ResponseWriter.WriteHeader(status)
	}
}

func (n *notModified) Write(b []byte) (int, error) {
	if !n.decided {
		n.decided = true
		if (n.status == 0 || n.status == http.StatusOK) && etagListed(n.ifNoneMatch, n.Header().Get("ETag")) {
			n.skip = true
			for _, h := range []string{"Content-Type", "Content-Length"} {
				n.Header().Del(h)
			}
			n.ResponseWriter.WriteHeader(http.StatusNotModified)
			if _, err := n.ResponseWriter.Write(nil); err != nil {
				return 0, err
			}
		} else if n.status == http.StatusOK {
			n.ResponseWriter.WriteHeader(http.StatusOK)
		}
	}
	if n.skip {
		return len(b), nil
	}
	return n.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (n *notModified) Unwrap() http.ResponseWriter { return n.ResponseWriter }

// Conditional answers: the ETag and Idempotent-Replayed headers come from
// the answer (a forward-response option; the error handler for recorded
// refusals); If-None-Match on GET is a 304.
