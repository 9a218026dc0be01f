package gateway

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	restv1 "billing/gateway/gen/billing/rest/v1"
)

// The envelope: the one JSON object every answer with a body is, a
// success's (response.go) or an error's (errors.go). Its messages, made
// once here, cross-checked, encoded (restjson.go) and written; and read
// back strictly (DecodeEnvelope).

// responseInvalidMessage answers a response that failed its cross-check: the
// gateway's own bug, never the client's.
const responseInvalidMessage = "the gateway could not produce a valid response; this is a bug, please report it with the request id"

// Envelope is any of the envelope messages of billing.rest.v1: the
// one JSON object every response with a body is. Every envelope message
// has these fields and a `data` field of its own type.
type Envelope interface {
	proto.Message
	GetTimestamp() string
	GetSuccess() bool
	GetMessage() string
	GetErrorCode() string
	GetPage() int32
	GetPageSize() int32
	GetTotalItems() int64
	GetTotalPage() int32
	GetType() string
	GetRequestId() string
}

// TypeErrorDetails is the type of an error's data.
const TypeErrorDetails = "ErrorDetails"

// envelopePackage holds the envelope messages.
const envelopePackage = "billing.rest.v1."

// timestampNow is when a response is made, in ISO 8601 UTC with
// milliseconds. A variable so that tests can pin it.
var timestampNow = func() string {
	return time.Now().UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

// envelopeType is the envelope message for data of a resource type:
// <Type>Envelope, or <Type>ListEnvelope for a page of them.
func envelopeType(typ string, list bool) (protoreflect.MessageType, error) {
	name := envelopePackage + typ + "Envelope"
	if list {
		name = envelopePackage + typ + "ListEnvelope"
	}
	mt, err := protoregistry.GlobalTypes.FindMessageByName(protoreflect.FullName(name))
	if err != nil {
		return nil, fmt.Errorf("no envelope %s for %s data (cmd/envelopes makes one for each type a route declares)", name, typ)
	}
	return mt, nil
}

// fill sets the envelope fields every answer has.
func fill(m protoreflect.Message, requestID, message, typ string) {
	f := m.Descriptor().Fields()
	m.Set(f.ByName("timestamp"), protoreflect.ValueOfString(timestampNow()))
	m.Set(f.ByName("success"), protoreflect.ValueOfBool(true))
	m.Set(f.ByName("message"), protoreflect.ValueOfString(message))
	m.Set(f.ByName("type"), protoreflect.ValueOfString(typ))
	m.Set(f.ByName("request_id"), protoreflect.ValueOfString(requestID))
}

// successEnvelope wraps one resource.
func successEnvelope(requestID, message, typ string, data protoreflect.Message) (Envelope, error) {
	mt, err := envelopeType(typ, false)
	if err != nil {
		return nil, err
	}
	m := mt.New()
	fill(m, requestID, message, typ)
	m.Set(m.Descriptor().Fields().ByName("data"), protoreflect.ValueOfMessage(data))
	return m.Interface().(Envelope), nil
}

// listEnvelope wraps a page of a list.
func listEnvelope(requestID, message string, items protoreflect.List, typ string, page, pageSize int32, totalItems int64, totalPages int32, nextPageToken string) (Envelope, error) {
	mt, err := envelopeType(typ, true)
	if err != nil {
		return nil, err
	}
	m := mt.New()
	fill(m, requestID, message, typ)
	f := m.Descriptor().Fields()
	data := m.Mutable(f.ByName("data")).List()
	for i := 0; i < items.Len(); i++ {
		data.Append(items.Get(i))
	}
	m.Set(f.ByName("page"), protoreflect.ValueOfInt32(page))
	m.Set(f.ByName("page_size"), protoreflect.ValueOfInt32(pageSize))
	m.Set(f.ByName("total_items"), protoreflect.ValueOfInt64(totalItems))
	m.Set(f.ByName("total_page"), protoreflect.ValueOfInt32(totalPages))
	if fd := f.ByName("next_page_token"); fd != nil {
		m.Set(fd, protoreflect.ValueOfString(nextPageToken))
	}
	return m.Interface().(Envelope), nil
}

// errorEnvelope is a failure; violations, if any, become ErrorDetails data.
// Every text in it passes through echoSafe: messages echo the request's
// path, parameters and the service's words, and a JSON string must be UTF-8.
func errorEnvelope(requestID, code, message string, violations []FieldViolation) *restv1.ErrorEnvelope {
	e := &restv1.ErrorEnvelope{Timestamp: timestampNow(), Message: echoSafe(message), ErrorCode: code, RequestId: requestID}
	if len(violations) > 0 {
		e.Type, e.Data = TypeErrorDetails, &restv1.ErrorDetails{}
		for _, v := range violations {
			e.Data.FieldViolations = append(e.Data.FieldViolations,
				&restv1.FieldViolation{Field: echoSafe(v.Field), Description: echoSafe(v.Description)})
		}
	}
	return e
}

// echoSafe is s with each byte that is not part of valid UTF-8 written as
// its percent-escape (%FF), the way the client most likely sent it in the URL.
func echoSafe(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			fmt.Fprintf(&b, "%%%02X", s[i])
			i++
			continue
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

// dataOf tells whether an envelope's data is a list, whether it is present
// (a list always is, as [] when empty) and the list's length.
func dataOf(e Envelope) (list, present bool, n int) {
	m := e.ProtoReflect()
	f := m.Descriptor().Fields().ByName("data")
	if f.IsList() {
		return true, true, m.Get(f).List().Len()
	}
	return false, m.Has(f), 0
}

// crossCheck verifies what the types do not: an envelope's fields agree
// with each other. A violation means a bug in the gateway or the service;
// the caller answers 500 RESPONSE_INVALID instead of a wrong answer.
func crossCheck(e Envelope) error { return crossCheckAnswer(e, false) }

// crossCheckAnswer is crossCheck for an answer to a request that may have
// continued a list from a page token (see checkPaging).
func crossCheckAnswer(e Envelope, continued bool) error {
	if _, err := time.Parse(time.RFC3339, e.GetTimestamp()); err != nil {
		return fmt.Errorf("timestamp %q is not ISO 8601: %v", e.GetTimestamp(), err)
	}
	if e.GetRequestId() == "" {
		return fmt.Errorf("no requestId")
	}
	if e.GetMessage() == "" {
		return fmt.Errorf("no message")
	}
	list, hasData, n := dataOf(e)
	if hasData != (e.GetType() != "") {
		return fmt.Errorf("type %q with data present=%v", e.GetType(), hasData)
	}
	if e.GetSuccess() == (e.GetErrorCode() != "") {
		return fmt.Errorf("success=%v with errorCode %q", e.GetSuccess(), e.GetErrorCode())
	}
	if !e.GetSuccess() && hasData && e.GetType() != TypeErrorDetails {
		return fmt.Errorf("error data of type %q, not %s", e.GetType(), TypeErrorDetails)
	}
	if !list {
		if e.GetPage() != 0 || e.GetPageSize() != 0 || e.GetTotalItems() != 0 || e.GetTotalPage() != 0 {
			return fmt.Errorf("paging figures on a non-list answer")
		}
		return nil
	}
	return checkPaging(e, n, continued)
}

// checkPaging verifies that a list's length agrees with its paging figures.
// A page continued from a token starts after the previous page's last row,
// wherever that now lies: rows deleted or added before it since then move
// it off the page-number grid, so only its size is checked (a caller's
// delete must not turn another's next page into a 500).
func checkPaging(e Envelope, n int, continued bool) error {
	page, size, total := int64(e.GetPage()), int64(e.GetPageSize()), e.GetTotalItems()
	if page < 1 || size < 1 || total < 0 {
		return fmt.Errorf("page %d, pageSize %d, totalItems %d", page, size, total)
	}
	if want := (total + size - 1) / size; int64(e.GetTotalPage()) != want {
		return fmt.Errorf("totalPage %d, but %d items in pages of %d make %d", e.GetTotalPage(), total, size, want)
	}
	if continued {
		if int64(n) > size {
			return fmt.Errorf("a page of %d holds %d items", size, n)
		}
		return nil
	}
	want := max(0, min(total-(page-1)*size, size))
	if int64(n) != want {
		return fmt.Errorf("page %d of %d items in pages of %d must hold %d items, holds %d", page, total, size, want, n)
	}
	return nil
}

// encodeEnvelope cross-checks an envelope and encodes it. On a violation it
// logs it and returns the 500 RESPONSE_INVALID envelope instead.
func encodeEnvelope(e Envelope, status int) (int, []byte, Envelope) {
	err := crossCheck(e)
	var raw []byte
	if err == nil {
		raw, err = encodeMessage(e.ProtoReflect())
	}
	if err != nil {
		slog.Error("response failed its cross-check", "request_id", e.GetRequestId(), "error", err.Error(),
			"status", status, "error_code", e.GetErrorCode(), "type", e.GetType())
		e = errorEnvelope(e.GetRequestId(), CodeResponseInvalid,
			responseInvalidMessage, nil)
		status = http.StatusInternalServerError
		if raw, err = encodeMessage(e.ProtoReflect()); err != nil { // cannot happen: plain strings
			panic(err)
		}
	}
	return status, raw, e
}

// writeEnvelope sends an envelope with its status.
func writeEnvelope(w http.ResponseWriter, r *http.Request, status int, e Envelope) {
	status, raw, e := encodeEnvelope(e, status)
	exchangeFrom(r.Context()).ErrorCode = e.GetErrorCode()
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(raw)))
	w.WriteHeader(status)
	_, _ = w.Write(raw)
}

// DecodeEnvelope reads an answer of the gateway into its envelope message,
// as strictly as the gateway reads a request (unknown fields, wrong types
// and unknown enum words are errors). Tests decode answers with it, so that
// they read them with the definition the gateway writes them with.
func DecodeEnvelope(body []byte) (Envelope, error) {
	var head struct {
		Success bool            `json:"success"`
		Type    string          `json:"type"`
		Data    json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &head); err != nil {
		return nil, err
	}
	var mt protoreflect.MessageType = (&restv1.ErrorEnvelope{}).ProtoReflect().Type()
	if head.Success {
		var err error
		if mt, err = envelopeType(head.Type, bytes.HasPrefix(head.Data, []byte("["))); err != nil {
			return nil, err
		}
	}
	d, e := decodeBody(body, mt.Descriptor(), nil)
	if e != nil {
		return nil, e
	}
	return d.msg.(Envelope), nil
}
