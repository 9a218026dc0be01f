package gateway

import (
	"context"
	_ "embed"
	"net/http"
	"net/url"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	billingv1 "billing/gateway/gen/billing/v1"
)

// A success's status and Location, as its method declares them, set by the
// mux's forward-response option. The envelope is envelope.go's, the
// errors errors.go's, ETag and 304 conditional.go's.

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
		return status, versionRoot(exchangeFrom(ctx).Path) + "/" + f.GetCreatedIn() + "/" + url.PathEscape(idOf(m))
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

// versionRoot is the "/api/v1" of a request path.
func versionRoot(path string) string {
	parts := strings.SplitN(path, "/", 4) // "", "api", "v1", rest
	if len(parts) < 3 {
		return path
	}
	return "/" + parts[1] + "/" + parts[2]
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
