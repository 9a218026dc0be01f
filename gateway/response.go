package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/proto"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// answerShape is how a response message maps onto the envelope.
type answerShape int

const (
	shapeSingle    answerShape = iota // the message is the data
	shapeList                         // paging fields + one repeated message field
	shapeUpsert                       // one message field + bool created
	shapeNoContent                    // google.protobuf.Empty
)

// shapeOf recognizes a response message by its fields, so that a new
// resource needs no code here.
func shapeOf(md protoreflect.MessageDescriptor) (answerShape, protoreflect.FieldDescriptor) {
	if md.FullName() == "google.protobuf.Empty" {
		return shapeNoContent, nil
	}
	fields := md.Fields()
	var repeatedMsg, singleMsg []protoreflect.FieldDescriptor
	for i := 0; i < fields.Len(); i++ {
		f := fields.Get(i)
		if f.Message() == nil || f.IsMap() {
			continue
		}
		if f.IsList() {
			repeatedMsg = append(repeatedMsg, f)
		} else {
			singleMsg = append(singleMsg, f)
		}
	}
	if fields.ByName("total_items") != nil && len(repeatedMsg) == 1 {
		return shapeList, repeatedMsg[0]
	}
	if c := fields.ByName("created"); c != nil && c.Kind() == protoreflect.BoolKind && len(singleMsg) == 1 && fields.Len() == 2 {
		return shapeUpsert, singleMsg[0]
	}
	return shapeSingle, nil
}

// successStatus picks a success's status and Location from the RPC's
// response: 204 for google.protobuf.Empty, 201 + Location for an upsert that
// created, the route's own code (201/202 + Location of the new resource) as
// the document declares it (loadSuccessCodes), else 200. rt is the route
// of the call (routeTable.ofRPC); nil leaves 200.
func successStatus(ctx context.Context, rt *route, m protoreflect.Message) (int, string) {
	shape, field := shapeOf(m.Descriptor())
	switch shape {
	case shapeNoContent:
		return http.StatusNoContent, ""
	case shapeList:
		return http.StatusOK, ""
	case shapeUpsert:
		if m.Get(m.Descriptor().Fields().ByName("created")).Bool() {
			return http.StatusCreated, location(ctx, idOf(m.Get(field).Message()))
		}
		return http.StatusOK, ""
	}
	if rt != nil && rt.Success != http.StatusOK {
		return rt.Success, location(ctx, idOf(m))
	}
	return http.StatusOK, ""
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

// loadSuccessCodes gives each route the success status the served document
// declares for it (openapi_config.yaml's responses): 201 or 202 when that
// is its only success, else 200. The document is the one place a status is
// written down, so the gateway cannot answer other than it says.
func loadSuccessCodes(document []byte, routes *routeTable) error {
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(document, &doc); err != nil {
		return fmt.Errorf("openapi document: %w", err)
	}
	for _, rt := range routes.routes {
		op, ok := doc.Paths[publishedTemplate(rt)][strings.ToLower(rt.Method)]
		if !ok {
			return fmt.Errorf("openapi document: no %s %s", rt.Method, publishedTemplate(rt))
		}
		rt.Success = http.StatusOK
		for _, code := range []int{http.StatusCreated, http.StatusAccepted} {
			if _, has200 := op.Responses["200"]; !has200 && op.Responses[strconv.Itoa(code)] != nil {
				rt.Success = code
			}
		}
	}
	return nil
}

// buildEnvelope wraps an RPC's response in its envelope; nil for 204.
func buildEnvelope(ctx context.Context, rt *route, resp proto.Message) (Envelope, error) {
	ex := exchangeFrom(ctx)
	m := resp.ProtoReflect()
	shape, field := shapeOf(m.Descriptor())
	status, _ := successStatus(ctx, rt, m)
	verb := ""
	if rt != nil {
		verb = string(rt.RPC.Name())
	}
	switch shape {
	case shapeNoContent:
		return nil, nil
	case shapeList:
		typ := string(field.Message().Name())
		page, pageSize, total, pages := pagingOf(m)
		msg := fmt.Sprintf("%s list: page %d of %d (%d items)", typ, page, pages, total)
		var next string
		if fd := m.Descriptor().Fields().ByName("next_page_token"); fd != nil {
			next = m.Get(fd).String()
		}
		return listEnvelope(ex.RequestID, msg, m.Get(field).List(), field.Message(), page, pageSize, total, pages, next)
	case shapeUpsert:
		data := m.Get(field).Message()
		typ := string(field.Message().Name())
		if status == http.StatusCreated {
			return successEnvelope(ex.RequestID, typ+" created", data)
		}
		return successEnvelope(ex.RequestID, typ+" "+participle(verb), data)
	default:
		typ := string(m.Descriptor().Name())
		msg := typ + " " + participle(verb)
		if status == http.StatusAccepted {
			msg = typ + " accepted; it runs in the background, follow Location for its status"
		}
		return successEnvelope(ex.RequestID, msg, m)
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

// participle words the success message from the RPC's verb.
func participle(rpc string) string {
	for _, v := range []struct{ prefix, word string }{
		{"Create", "created"}, {"Get", "retrieved"}, {"List", "listed"}, {"Replace", "replaced"},
		{"Update", "updated"}, {"Delete", "deleted"}, {"Process", "processed"}, {"Cancel", "cancelled"},
	} {
		if strings.HasPrefix(rpc, v.prefix) {
			return v.word
		}
	}
	return "OK"
}

// forwardResponse is the mux's forward-response option: the status and
// Location of a success. The body is the envelope rewriteResponse makes.
// The status is final only once the body starts (recordingWriter), so an
// envelope that fails its cross-check still becomes a 500.
func (g *gateway) forwardResponse(ctx context.Context, w http.ResponseWriter, resp proto.Message) error {
	status, location := successStatus(ctx, g.routes.ofRPC(ctx), resp.ProtoReflect())
	if location != "" {
		w.Header().Set("Location", location)
	}
	if status == http.StatusNoContent {
		w.Header().Del("Content-Type")
	}
	w.WriteHeader(status)
	return nil
}

// noContent is the body of a 204: nothing.
type noContent struct{}

// rewriteResponse is the mux's response rewriter: the RPC's response in
// the envelope, cross-checked; the marshaler writes it.
func (g *gateway) rewriteResponse(ctx context.Context, resp proto.Message) (any, error) {
	env, err := buildEnvelope(ctx, g.routes.ofRPC(ctx), resp)
	if err != nil {
		return nil, &apiError{Status: http.StatusInternalServerError, Code: CodeResponseInvalid,
			Message: "the gateway could not encode the service's answer: " + err.Error()}
	}
	if env == nil {
		return noContent{}, nil
	}
	if err := crossCheck(env); err != nil {
		return nil, &apiError{Status: http.StatusInternalServerError, Code: CodeResponseInvalid,
			Message: "the gateway could not produce a valid response; this is a bug, please report it with the request id",
			cause:   err}
	}
	return env, nil
}
