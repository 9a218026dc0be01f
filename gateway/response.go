package gateway

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	billingv1 "billing/gateway/gen/billing/v1"
)

// The answer of a success, once per request: its status and Location as
// its method declares them (the mux's forward-response option), its
// envelope built from the declared shape (the response rewriter; the
// envelope itself is envelope.go's), ETag and Idempotent-Replayed; a GET's
// 304 is server.go's recordingWriter's. An error's answer is errors.go's;
// the JSON restjson.go's.

// successStatus is a success's status and Location, as the route's
// method declares them (billing.v1.method): 204 for EMPTY, 201 + Location
// for an UPSERT that created, 201/202 + Location of the new resource, else
// 200. rt nil (outside a routed call) leaves 200.
func successStatus(ctx context.Context, rt *route, m protoreflect.Message) (int, string) {
	if rt == nil {
		return http.StatusOK, ""
	}
	f := rt.Facts
	switch f.GetShape() {
	case billingv1.ResponseShape_RESPONSE_SHAPE_EMPTY:
		return http.StatusNoContent, ""
	case billingv1.ResponseShape_RESPONSE_SHAPE_LIST, billingv1.ResponseShape_RESPONSE_SHAPE_PAGED:
		return http.StatusOK, ""
	case billingv1.ResponseShape_RESPONSE_SHAPE_UPSERT:
		if m.Get(m.Descriptor().Fields().ByName("created")).Bool() {
			return http.StatusCreated, location(ctx, idOf(m.Get(dataField(rt, m)).Message()))
		}
		return http.StatusOK, ""
	}
	status := int(f.GetSuccessStatus())
	if status == http.StatusOK {
		return status, ""
	}
	if f.GetCreatedIn() != "" {
		return status, "/api/" + rt.Version + "/" + f.GetCreatedIn() + "/" + url.PathEscape(idOf(m))
	}
	return status, location(ctx, idOf(m))
}

// dataField is the response field a LIST, PAGED or UPSERT answer carries
// as data.
func dataField(rt *route, m protoreflect.Message) protoreflect.FieldDescriptor {
	return m.Descriptor().Fields().ByName(protoreflect.Name(rt.Facts.GetDataField()))
}

// location is the path of the resource with this id: the request's path
// (a collection's, nested or not, or the item's own for an upsert) with
// the id in place of the item's variable, or appended.
func location(ctx context.Context, id string) string {
	path := strings.TrimSuffix(exchangeFrom(ctx).Path, "/")
	pattern, _ := runtime.HTTPPathPattern(ctx)
	if strings.HasSuffix(pattern, "}") {
		path = path[:strings.LastIndex(path, "/")]
	}
	return path + "/" + url.PathEscape(id)
}

// forwardResponse is the mux's forward-response option: the status and
// Location of a success. The body is the envelope rewriteResponse makes.
// The status is final only once the body starts (recordingWriter), so an
// envelope that fails its cross-check still becomes a 500.
func (g *gateway) forwardResponse(ctx context.Context, w http.ResponseWriter, resp proto.Message) error {
	status, location := successStatus(ctx, routeOf(ctx), resp.ProtoReflect())
	if location != "" {
		w.Header().Set("Location", location)
	}
	if status == http.StatusNoContent {
		w.Header().Del("Content-Type")
	}
	w.WriteHeader(status)
	return nil
}

// buildEnvelope wraps an RPC's response in its envelope, by the shape
// its method declares; nil for 204.
func buildEnvelope(ctx context.Context, rt *route, resp proto.Message) (Envelope, error) {
	ex := exchangeFrom(ctx)
	m := resp.ProtoReflect()
	if rt == nil {
		return nil, fmt.Errorf("%s answered outside a route", m.Descriptor().FullName())
	}
	typ, verb := rt.Facts.GetType(), rt.Facts.GetVerb()
	switch rt.Facts.GetShape() {
	case billingv1.ResponseShape_RESPONSE_SHAPE_EMPTY:
		return nil, nil
	case billingv1.ResponseShape_RESPONSE_SHAPE_LIST, billingv1.ResponseShape_RESPONSE_SHAPE_PAGED:
		field := dataField(rt, m)
		page, pageSize, total, pages := pagingOf(m)
		msg := fmt.Sprintf("%s list: page %d of %d (%d items)", typ, page, pages, total)
		if total == 0 {
			// totalPage counts pages that hold items: none. "page 1 of 0" reads as a contradiction.
			msg = fmt.Sprintf("%s list: empty (0 items)", typ)
		}
		var next string
		if rt.Facts.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_PAGED {
			next = m.Get(m.Descriptor().Fields().ByName("next_page_token")).String()
		}
		return listEnvelope(ex.RequestID, msg, m.Get(field).List(), typ, page, pageSize, total, pages, next)
	case billingv1.ResponseShape_RESPONSE_SHAPE_UPSERT:
		if m.Get(m.Descriptor().Fields().ByName("created")).Bool() {
			verb = "created"
		}
		return successEnvelope(ex.RequestID, typ+" "+verb, typ, m.Get(dataField(rt, m)).Message())
	default:
		msg := typ + " " + verb
		if rt.Facts.GetSuccessStatus() == http.StatusAccepted {
			msg = typ + " accepted; it runs in the background, follow Location for its status"
		}
		return successEnvelope(ex.RequestID, msg, typ, m)
	}
}

func pagingOf(m protoreflect.Message) (page, pageSize int32, total int64, pages int32) {
	f := m.Descriptor().Fields()
	get := func(name protoreflect.Name) int64 {
		if fd := f.ByName(name); fd != nil {
			return m.Get(fd).Int()
		}
		return 0
	}
	return int32(get("page")), int32(get("page_size")), get("total_items"), int32(get("total_pages"))
}

func idOf(m protoreflect.Message) string {
	if fd := m.Descriptor().Fields().ByName("id"); fd != nil && fd.Kind() == protoreflect.StringKind {
		return m.Get(fd).String()
	}
	return ""
}

// noContent is the body of a 204: nothing.
type noContent struct{}

// rewriteResponse is the mux's response rewriter: the RPC's response in
// the envelope, cross-checked; the marshaler writes it.
func (g *gateway) rewriteResponse(ctx context.Context, resp proto.Message) (any, error) {
	if body, ok := resp.(*httpbody.HttpBody); ok {
		// A document: its bytes as they are (HTTPBodyMarshaler), the one
		// success outside the envelope; its media type is its method's.
		if rt := routeOf(ctx); rt == nil || body.GetContentType() != rt.Facts.GetMediaType() {
			return nil, &apiError{Status: http.StatusInternalServerError, Code: CodeResponseInvalid,
				Message: responseInvalidMessage,
				cause:   fmt.Errorf("a document of type %q", body.GetContentType())}
		}
		return body, nil
	}
	env, err := buildEnvelope(ctx, routeOf(ctx), resp)
	if err != nil {
		return nil, &apiError{Status: http.StatusInternalServerError, Code: CodeResponseInvalid,
			Message: "the gateway could not encode the service's answer: " + err.Error()}
	}
	if env == nil {
		return noContent{}, nil
	}
	if err := crossCheckAnswer(env, exchangeFrom(ctx).Continued); err != nil {
		return nil, &apiError{Status: http.StatusInternalServerError, Code: CodeResponseInvalid,
			Message: responseInvalidMessage,
			cause:   err}
	}
	return env, nil
}

// Conditional answers: the ETag and Idempotent-Replayed headers come from
// the answer (a forward-response option; the error handler for recorded
// refusals); If-None-Match on GET is a 304 (recordingWriter, server.go).

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

// documentHeaders are a document's (google.api.HttpBody): its ETag, a hash
// of its bytes (the same bytes, the same tag, across fetches, restarts and
// replicas), and Content-Disposition inline with the file name the service
// gave it (its DocumentFile extension).
func documentHeaders(w http.ResponseWriter, body *httpbody.HttpBody) {
	sum := sha256.Sum256(body.GetData())
	w.Header().Set("ETag", strconv.Quote(hex.EncodeToString(sum[:16])))
	for _, ext := range body.GetExtensions() {
		var file billingv1.DocumentFile
		if ext.MessageIs(&file) && ext.UnmarshalTo(&file) == nil && safeFileName(file.GetFileName()) {
			w.Header().Set("Content-Disposition", `inline; filename="`+file.GetFileName()+`"`)
		}
	}
}

// safeFileName: a name that needs no quoting in a header (letters, digits,
// "-", "_", "."), which every document number and id is.
func safeFileName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// conditionalResponseHeaders is a forward-response option (registered
// before the one that writes the status): ETag and Idempotent-Replayed.
func conditionalResponseHeaders(ctx context.Context, w http.ResponseWriter, resp proto.Message) error {
	if body, ok := resp.(*httpbody.HttpBody); ok {
		documentHeaders(w, body)
		setReplayedHeader(ctx, w)
		return nil
	}
	if etag := etagOf(routeOf(ctx), resp.ProtoReflect()); etag != "" {
		w.Header().Set("ETag", strconv.Quote(etag))
	}
	setReplayedHeader(ctx, w)
	return nil
}
