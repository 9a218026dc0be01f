package gateway

// Safe retries and conditional requests over REST, on grpc-gateway's own
// hooks: the Idempotency-Key and If-Match headers go to the service as
// metadata (the incoming header matcher); the ETag and Idempotent-Replayed
// headers come from the answer (a forward-response option; the error
// handler for recorded refusals); If-None-Match on GET is a 304. The
// service does the rest (docs/errors.md, README).

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
)

const (
	headerIdempotencyKey = "Idempotency-Key"
	headerReplayed       = "Idempotent-Replayed"
	// metadataReplayed is the service's trailing metadata on a replay.
	metadataReplayed = "idempotent-replayed"
	// CodePreconditionFailed is REST's name for the service's ETAG_MISMATCH.
	CodePreconditionFailed = "PRECONDITION_FAILED"
	// MaxIdempotencyKeyBytes: keys are 1-255 printable ASCII characters.
	MaxIdempotencyKeyBytes = 255
	// etagField is the gRPC requests' etag: over REST it is If-Match, not
	// a query parameter.
	etagField = "etag"
)

// conditionalHeaders is the incoming header matcher: only these client
// headers reach the service (besides Authorization and the request id).
func conditionalHeaders(key string) (string, bool) {
	switch key {
	case headerIdempotencyKey:
		return "idempotency-key", true
	case "If-Match":
		return "if-match", true
	}
	return "", false
}

// checkIdempotencyKey is 400 VALIDATION_ERROR for a key the service would
// refuse too; checked here because gRPC metadata cannot even carry some.
func checkIdempotencyKey(r *http.Request) *apiError {
	keys := r.Header.Values(headerIdempotencyKey)
	if len(keys) == 0 {
		return nil
	}
	ok := len(keys) == 1 && len(keys[0]) >= 1 && len(keys[0]) <= MaxIdempotencyKeyBytes
	for i := 0; ok && i < len(keys[0]); i++ {
		ok = keys[0][i] >= 0x20 && keys[0][i] <= 0x7e
	}
	if ok {
		return nil
	}
	v := []FieldViolation{{Field: "idempotencyKey", Description: "must be one header of 1-255 printable ASCII characters"}}
	return &apiError{Status: http.StatusBadRequest, Code: CodeValidationError,
		Message: "invalid Idempotency-Key header: " + violationSummary(v), Violations: v}
}

// etagOf is the entity tag of a single-resource answer ("" for others): the
// message's etag field, or that of an upsert's resource.
func etagOf(m protoreflect.Message) string {
	shape, field := shapeOf(m.Descriptor())
	switch shape {
	case shapeUpsert:
		m = m.Get(field).Message()
	case shapeSingle:
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
	if etag := etagOf(resp.ProtoReflect()); etag != "" {
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
	ifNoneMatch string
	status      int
	decided     bool
	skip        bool
}

func withNotModified(w http.ResponseWriter, r *http.Request) http.ResponseWriter {
	inm := r.Header.Get("If-None-Match")
	if r.Method != http.MethodGet || inm == "" {
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

// etagListed is If-None-Match's weak comparison: "*" or any listed tag
// equal to etag, W/ ignored.
func etagListed(list, etag string) bool {
	if etag == "" {
		return false
	}
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
