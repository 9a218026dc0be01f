package gateway

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"google.golang.org/protobuf/proto"

	"billing/gateway/internal/restapi"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// SuccessCodes: see restapi.SuccessCodes.
var SuccessCodes = restapi.SuccessCodes

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

// answer is a success response ready to send.
type answer struct {
	Status   int
	Location string
	Envelope *Envelope // nil for 204
}

// buildAnswer wraps an RPC's response in the envelope and picks the status.
func buildAnswer(ex *exchange, resp proto.Message) (*answer, error) {
	m := resp.ProtoReflect()
	shape, field := shapeOf(m.Descriptor())
	selector := ""
	verb := ""
	if ex.Route != nil {
		selector = ex.Route.Selector
		verb = string(ex.Route.RPC.Name())
	}
	a := &answer{Status: http.StatusOK}
	switch shape {
	case shapeNoContent:
		a.Status = http.StatusNoContent
		return a, nil
	case shapeList:
		list := m.Get(field).List()
		items := make([][]byte, list.Len())
		for i := range items {
			raw, err := encodeMessage(list.Get(i).Message())
			if err != nil {
				return nil, err
			}
			items[i] = raw
		}
		typ := string(field.Message().Name())
		page, pageSize, total, pages := pagingOf(m)
		msg := fmt.Sprintf("%s list: page %d of %d (%d items)", typ, page, pages, total)
		a.Envelope = listEnvelope(ex.RequestID, msg, typ, items, page, pageSize, total, pages)
		return a, nil
	case shapeUpsert:
		created := m.Get(m.Descriptor().Fields().ByName("created")).Bool()
		res := m.Get(field).Message()
		raw, err := encodeMessage(res)
		if err != nil {
			return nil, err
		}
		typ := string(field.Message().Name())
		if created {
			a.Status = http.StatusCreated
			a.Location = ex.Path
			a.Envelope = successEnvelope(ex.RequestID, typ+" created", typ, raw)
		} else {
			a.Envelope = successEnvelope(ex.RequestID, typ+" "+participle(verb), typ, raw)
		}
		return a, nil
	default:
		raw, err := encodeMessage(m)
		if err != nil {
			return nil, err
		}
		typ := string(m.Descriptor().Name())
		if code, ok := SuccessCodes[selector]; ok {
			a.Status = code
			a.Location = strings.TrimSuffix(ex.Path, "/") + "/" + url.PathEscape(idOf(m))
		}
		msg := typ + " " + participle(verb)
		if a.Status == http.StatusAccepted {
			msg = typ + " accepted; it runs in the background, follow Location for its status"
		}
		a.Envelope = successEnvelope(ex.RequestID, msg, typ, raw)
		return a, nil
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

// forwardResponse is the mux's forward-response option: it builds the
// envelope, cross-checks it, sets Location and the status. The body itself
// goes out through rewriteResponse and the marshaler.
func forwardResponse(ctx context.Context, w http.ResponseWriter, resp proto.Message) error {
	ex := exchangeFrom(ctx)
	a, err := buildAnswer(ex, resp)
	if err != nil {
		return &apiError{Status: http.StatusInternalServerError, Code: CodeResponseInvalid,
			Message: "the gateway could not encode the service's answer: " + err.Error()}
	}
	h := w.Header()
	if a.Envelope == nil {
		h.Del("Content-Type")
		ex.body = nil
		w.WriteHeader(a.Status)
		return nil
	}
	if err := crossCheck(a.Envelope); err != nil {
		return &apiError{Status: http.StatusInternalServerError, Code: CodeResponseInvalid,
			Message: "the gateway could not produce a valid response; this is a bug, please report it with the request id",
			cause:   err}
	}
	status, raw, _ := encodeEnvelope(a.Envelope, a.Status)
	ex.body = raw
	if a.Location != "" {
		h.Set("Location", a.Location)
	}
	h.Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return nil
}

// preparedBody is an envelope already encoded by forwardResponse.
type preparedBody []byte

// rewriteResponse is the mux's response rewriter: it hands the prepared
// envelope to the marshaler in place of the bare message.
func rewriteResponse(ctx context.Context, _ proto.Message) (any, error) {
	return preparedBody(exchangeFrom(ctx).body), nil
}
