package gateway

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// The REST JSON form of the billing messages is protojson's, with two
// differences REST clients need: enum values are lowercase words without
// the protobuf prefix ("draft", not "INVOICE_STATUS_DRAFT"), and 64-bit
// integers are JSON numbers. protojson has no option for either, so the
// encoder below walks the message (and the checker a body's parsed tree)
// beside its descriptor, writing what protojson would; well-known types
// other than Timestamp are protojson's own.
// Reading a body reports every bad field, where protojson stops at the
// first: that check is written here, on a tree that go-json-experiment
// parsed strictly (duplicate names, invalid UTF-8 and lone surrogates are
// its errors, located by a JSON pointer).

// restMarshaler is the mux's only marshaler: REST's JSON form
// (encodeMessage). Its output is the envelope made by rewriteResponse; its
// input is a body checkRequest already decoded (decodeBody, once), handed
// over as a message (messageBody), or for a PATCH, whose update mask
// grpc-gateway reads from JSON, the fields kept, read by protojson strictly.
type restMarshaler struct{}

var _ runtime.Marshaler = restMarshaler{}

func (restMarshaler) ContentType(any) string { return "application/json" }

func (restMarshaler) Marshal(v any) ([]byte, error) {
	switch v := v.(type) {
	case noContent:
		return nil, nil
	case proto.Message:
		raw, err := encodeMessage(v.ProtoReflect())
		if err != nil { // e.g. a timestamp out of range from the service
			return nil, &apiError{Status: http.StatusInternalServerError, Code: CodeResponseInvalid,
				Message: "the gateway could not encode the service's answer; this is a bug, please report it with the request id",
				cause:   err}
		}
		return raw, nil
	default:
		return json.Marshal(v)
	}
}

// protoJSON reads a PATCH's kept JSON (into the **T field the generated
// handler names), as grpc-gateway's default marshaler does: protojson,
// unknown fields refused.
var protoJSON = &runtime.JSONPb{}

func (restMarshaler) Unmarshal(data []byte, v any) error { return protoJSON.Unmarshal(data, v) }

func (restMarshaler) NewDecoder(r io.Reader) runtime.Decoder {
	if body, ok := r.(*messageBody); ok {
		return runtime.DecoderFunc(body.into)
	}
	return protoJSON.NewDecoder(r)
}

// messageBody is a request body checkRequest has already decoded: the
// generated handler's decoder takes its message as it is, without
// reading JSON again.
type messageBody struct{ msg proto.Message }

func (*messageBody) Read([]byte) (int, error) { return 0, io.EOF }
func (*messageBody) Close() error             { return nil }

// into hands the decoded message to the generated handler: as the field it
// decodes into (a **T), or merged into the request (body "*").
func (b *messageBody) into(v any) error {
	if m, ok := v.(proto.Message); ok {
		proto.Merge(m, b.msg)
		return nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Type() != reflect.TypeOf(b.msg) {
		return fmt.Errorf("cannot decode a %T into %T", b.msg, v)
	}
	rv.Elem().Set(reflect.ValueOf(b.msg))
	return nil
}

func (m restMarshaler) NewEncoder(w io.Writer) runtime.Encoder {
	return runtime.EncoderFunc(func(v any) error {
		raw, err := m.Marshal(v)
		if err != nil {
			return err
		}
		_, err = w.Write(raw)
		return err
	})
}

// ---------------------------------------------------------------- enum words

// enumWord is the REST word of an enum value: "draft" for
// INVOICE_STATUS_DRAFT. buf lint (ENUM_VALUE_PREFIX, ENUM_ZERO_VALUE_SUFFIX)
// holds every value to its enum's prefix and the zero value to
// <PREFIX>UNSPECIFIED, so the zero value names the prefix.
func enumWord(ev protoreflect.EnumValueDescriptor) string {
	zero := ev.Parent().(protoreflect.EnumDescriptor).Values().ByNumber(0).Name()
	prefix := strings.TrimSuffix(string(zero), "UNSPECIFIED")
	return strings.ToLower(strings.TrimPrefix(string(ev.Name()), prefix))
}

// enumWords lists the words a client may send (all but the zero value).
func enumWords(ed protoreflect.EnumDescriptor) []string {
	var words []string
	for i := 0; i < ed.Values().Len(); i++ {
		if ev := ed.Values().Get(i); ev.Number() != 0 {
			words = append(words, enumWord(ev))
		}
	}
	return words
}

// enumValueByWord resolves a REST word (exact, lowercase; never the zero
// value).
func enumValueByWord(ed protoreflect.EnumDescriptor, word string) (protoreflect.EnumValueDescriptor, bool) {
	for i := 0; i < ed.Values().Len(); i++ {
		ev := ed.Values().Get(i)
		if ev.Number() != 0 && enumWord(ev) == word {
			return ev, true
		}
	}
	return nil, false
}

// ------------------------------------------------------------------- output

// encodeMessage writes a message in its REST JSON form, in one pass over
// the message: every field in declaration order (protojson's
// EmitUnpopulated: unset messages as null, empty lists as [], a field with
// presence left out when unset), camelCase names, enum words, 64-bit
// integers as numbers, timestamps in RFC 3339 UTC with 0, 3, 6 or 9
// fraction digits. Other well-known types (an event's Struct) are
// protojson's. tests/golden/rest_json holds the form, byte for byte.
func encodeMessage(m protoreflect.Message) ([]byte, error) {
	return appendMessage(make([]byte, 0, 1024), m)
}

func appendMessage(b []byte, m protoreflect.Message) ([]byte, error) {
	md := m.Descriptor()
	if md.FullName().Parent() == "google.protobuf" {
		return appendWellKnown(b, m)
	}
	b = append(b, '{')
	fields := md.Fields()
	first := true
	var err error
	for i := 0; i < fields.Len(); i++ {
		f := fields.Get(i)
		if f.ContainingOneof() != nil && !m.Has(f) {
			continue // protojson leaves out an unset field with presence
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(append(b, '"'), f.JSONName()...) // a JSON name needs no escapes
		b = append(b, '"', ':')
		switch {
		case f.IsList():
			l := m.Get(f).List()
			b = append(b, '[')
			for j := 0; j < l.Len(); j++ {
				if j > 0 {
					b = append(b, ',')
				}
				if b, err = appendSingular(b, f, l.Get(j)); err != nil {
					return b, err
				}
			}
			b = append(b, ']')
		case f.IsMap():
			return b, fmt.Errorf("%s: map fields have no REST form", f.FullName())
		case f.Message() != nil && !m.Has(f):
			b = append(b, "null"...)
		default:
			if b, err = appendSingular(b, f, m.Get(f)); err != nil {
				return b, err
			}
		}
	}
	return append(b, '}'), nil
}

func appendSingular(b []byte, f protoreflect.FieldDescriptor, v protoreflect.Value) ([]byte, error) {
	switch f.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return appendMessage(b, v.Message())
	case protoreflect.StringKind:
		// Escaped as protojson does: only ", \ and control characters
		// (RFC 8785); invalid UTF-8 is an error.
		out, err := jsontext.AppendQuote(b, v.String())
		if err != nil {
			return b, fmt.Errorf("field %s: %v", f.FullName(), err)
		}
		return out, nil
	case protoreflect.BoolKind:
		return strconv.AppendBool(b, v.Bool()), nil
	case protoreflect.EnumKind:
		ev := f.Enum().Values().ByNumber(v.Enum())
		if ev == nil {
			return b, fmt.Errorf("field %s: unknown enum value %d", f.FullName(), v.Enum())
		}
		return append(append(append(b, '"'), enumWord(ev)...), '"'), nil
	case protoreflect.Int32Kind, protoreflect.Int64Kind:
		return strconv.AppendInt(b, v.Int(), 10), nil
	}
	return b, fmt.Errorf("field %s: %v has no REST form", f.FullName(), f.Kind())
}

// appendWellKnown writes a google.protobuf message: a Timestamp in one
// pass, any other (an event's Struct) as protojson's output, compacted
// (protojson varies its spacing on purpose; its Struct keys are sorted).
func appendWellKnown(b []byte, m protoreflect.Message) ([]byte, error) {
	if m.Descriptor().FullName() != "google.protobuf.Timestamp" {
		raw, err := protojson.MarshalOptions{EmitUnpopulated: true}.Marshal(m.Interface())
		if err != nil {
			return b, err
		}
		v := jsontext.Value(raw)
		if err := v.Compact(); err != nil {
			return b, err
		}
		return append(b, v...), nil
	}
	f := m.Descriptor().Fields()
	secs, nanos := m.Get(f.ByNumber(1)).Int(), m.Get(f.ByNumber(2)).Int()
	// protojson's range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
	if secs < -62135596800 || secs > 253402300799 || nanos < 0 || nanos > 999999999 {
		return b, fmt.Errorf("google.protobuf.Timestamp out of range: %d s, %d ns", secs, nanos)
	}
	layout := "2006-01-02T15:04:05.000000000Z" // protojson's 0, 3, 6 or 9 digits
	switch {
	case nanos == 0:
		layout = "2006-01-02T15:04:05Z"
	case nanos%1e6 == 0:
		layout = "2006-01-02T15:04:05.000Z"
	case nanos%1e3 == 0:
		layout = "2006-01-02T15:04:05.000000Z"
	}
	b = time.Unix(secs, nanos).UTC().AppendFormat(append(b, '"'), layout)
	return append(b, '"'), nil
}

// -------------------------------------------------------------------- input

// FieldViolation names one bad field of a request, camelCase, as REST shows
// it ("lineItems[0].unitAmount").
type FieldViolation struct {
	Field       string `json:"field"`
	Description string `json:"description"`
}

// bodyRefused is a body that is JSON but not of the expected shape: 422.
func bodyRefused(message string, v ...FieldViolation) *apiError {
	return &apiError{Status: http.StatusUnprocessableEntity, Code: CodeInvalidBody, Message: message, Violations: v}
}

// malformed is a body that is not JSON text: 400, naming the field (a
// syntax error or a lone surrogate inside a value) when it can.
func malformed(message string, v ...FieldViolation) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: CodeMalformedJSON, Message: message, Violations: v}
}

// decodedBody is a request body read once: the message it fills and the
// tree it was parsed into (checked, enum words turned into protobuf's
// names, what echo allows back dropped). The generated handler takes the
// message as it is (messageBody); only a PATCH's body goes on as JSON, for
// grpc-gateway to read the update mask from.
type decodedBody struct {
	msg  proto.Message
	tree map[string]any
	// sent are the top-level fields the client sent, before echo dropped
	// any, sorted.
	sent []string
}

// JSON is the kept tree in protobuf's JSON form.
func (d *decodedBody) JSON() ([]byte, error) { return json.Marshal(d.tree) }

// decodeBody parses a REST JSON body once, strictly (duplicate names,
// invalid UTF-8, lone surrogates and trailing data are go-json-experiment's
// errors; an unknown field is a violation here), checks every field against
// md, drops what echo allows back, and fills a message of md's type. Not
// JSON: 400 MALFORMED_JSON; the wrong shape: 422 INVALID_BODY.
func decodeBody(data []byte, md protoreflect.MessageDescriptor, echo *echoRules) (*decodedBody, *apiError) {
	var root any
	if err := jsonv2.Unmarshal(data, &root, jsonv2.WithUnmarshalers(treeUnmarshaler)); err != nil {
		return nil, parseError(err, md)
	}
	obj, ok := root.(map[string]any)
	if !ok {
		return nil, bodyRefused(fmt.Sprintf("the body must be a JSON object (a %s)", md.Name()))
	}
	d := &decodedBody{tree: obj, sent: slices.Sorted(maps.Keys(obj))}
	mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
	if err != nil {
		return nil, &apiError{Status: http.StatusInternalServerError, Code: CodeInternal, Message: genericInternalMessage, cause: err}
	}
	m := mt.New()
	// Every field is checked, read-only ones too (sent back, they must still
	// be well formed), in the one walk that fills the message with what
	// echo does not drop.
	c := &checker{echo: echo}
	c.message(obj, md, "", m)
	if v := append(c.violations, c.echoed...); len(v) > 0 {
		return nil, bodyRefused(fmt.Sprintf("the body is not a valid %s", md.Name()), v...)
	}
	if c.fillErr != nil {
		return nil, bodyRefused(fmt.Sprintf("the body is not a valid %s: %v", md.Name(), c.fillErr))
	}
	d.msg = m.Interface()
	return d, nil
}

// treeUnmarshaler reads a JSON value into the tree the checker walks, as
// go-json-experiment reads one into an any (objects, arrays, strings,
// bools, nil; its decoder is the one strict parse), but numbers as
// json.Number, their digits kept exactly, once they fit a float64.
var treeUnmarshaler = jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *any) error {
	if dec.PeekKind() != '0' {
		return errors.ErrUnsupported // go-json-experiment's own
	}
	raw, err := dec.ReadValue()
	if err != nil {
		return err
	}
	if _, err := strconv.ParseFloat(string(raw), 64); err != nil {
		return &jsonv2.SemanticError{JSONKind: '0', JSONValue: raw.Clone(), JSONPointer: dec.StackPointer(),
			GoType: reflect.TypeFor[float64](), Err: errors.Unwrap(err)}
	}
	*v = json.Number(raw)
	return nil
})

// parseError classifies go-json-experiment's error: a duplicate name is a
// shape error (422); anything else is not JSON (400), named where it can be.
func parseError(err error, md protoreflect.MessageDescriptor) *apiError {
	var se *jsontext.SyntacticError
	if !errors.As(err, &se) {
		return malformed("the request body is not valid JSON: " + err.Error())
	}
	field := restPath(se.JSONPointer)
	if errors.Is(err, jsontext.ErrDuplicateName) {
		return bodyRefused(fmt.Sprintf("the body is not a valid %s", md.Name()),
			FieldViolation{Field: field, Description: "given more than once"})
	}
	if field == "" {
		return malformed("the request body is not valid JSON: " + se.Err.Error())
	}
	return malformed(fmt.Sprintf("the request body is not valid JSON text at %s: %v", field, se.Err),
		FieldViolation{Field: field, Description: se.Err.Error()})
}

// restPath writes a JSON pointer (/lineItems/1/description) as REST names a
// field (lineItems[1].description).
func restPath(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

// checker walks a parsed body once against its message's descriptor: it
// checks every field, turns enum words into protobuf's names in the tree
// (a PATCH's JSON), drops what echo allows back from the tree, and fills
// the message with the rest.
type checker struct {
	violations []FieldViolation
	echo       *echoRules
	// echoed are echo's own violations (an id not the path's), reported
	// after the checks'.
	echoed []FieldViolation
	// fillErr is the first value that passed its check but does not fit its
	// field (a float out of range, a timestamp protojson refuses).
	fillErr error
}

func (c *checker) fail(path, format string, args ...any) {
	c.violations = append(c.violations, FieldViolation{Field: path, Description: fmt.Sprintf(format, args...)})
}

func (c *checker) fillFailed(err error) {
	if c.fillErr == nil {
		c.fillErr = err
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// message checks an object of md's fields and, when m is not nil, fills m.
func (c *checker) message(n any, md protoreflect.MessageDescriptor, path string, m protoreflect.Message) {
	obj, ok := n.(map[string]any)
	if !ok {
		c.fail(path, "must be an object")
		return
	}
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		f := md.Fields().ByJSONName(key)
		if f == nil {
			c.fail(join(path, key), "unknown field")
			continue
		}
		if c.dropped(obj[key], f, path, key) {
			c.field(obj[key], f, join(path, key), nil)
			delete(obj, key)
			continue
		}
		obj[key] = c.field(obj[key], f, join(path, key), m)
	}
}

// dropped tells whether echo drops a field a body carries back as read: a
// read-only field, or on PUT and PATCH a top-level id, which must equal the
// path's.
func (c *checker) dropped(v any, f protoreflect.FieldDescriptor, path, key string) bool {
	e := c.echo
	if e == nil {
		return false
	}
	if path == "" && key == "id" && e.pathID != "" && f.Kind() == protoreflect.StringKind {
		if v != e.pathID {
			c.echoed = append(c.echoed, FieldViolation{Field: "id", Description: "must equal the id in the path, or be left out"})
		}
		return true
	}
	return outputOnly(f, e.patch && path == "")
}

// field checks one field's value, sets it in m (unless m is nil), and
// returns it in protobuf's JSON form.
func (c *checker) field(n any, f protoreflect.FieldDescriptor, path string, m protoreflect.Message) any {
	if n == nil {
		// null only where the document allows it: a message field (a
		// timestamp not yet set), meaning unset.
		if f.Message() == nil || f.IsList() {
			c.fail(path, "must not be null")
		}
		return n
	}
	switch {
	case f.IsList():
		list, ok := n.([]any)
		if !ok {
			c.fail(path, "must be an array")
			return n
		}
		var l protoreflect.List
		var newElement func() protoreflect.Value
		if m != nil {
			l = m.Mutable(f).List()
			newElement = l.NewElement
		}
		for i, e := range list {
			p := fmt.Sprintf("%s[%d]", path, i)
			if e == nil {
				c.fail(p, "must not be null")
				continue
			}
			var v protoreflect.Value
			if list[i], v = c.value(e, f, p, newElement); l != nil && v.IsValid() {
				l.Append(v)
			}
		}
	default:
		var newField func() protoreflect.Value
		if m != nil {
			newField = func() protoreflect.Value { return m.NewField(f) }
		}
		var v protoreflect.Value
		if n, v = c.value(n, f, path, newField); m != nil && v.IsValid() {
			m.Set(f, v)
		}
	}
	return n
}

// value checks one value and returns it in protobuf's JSON form and, when
// newValue is not nil (it makes a message field's value), as the field's
// value; that is invalid when the check failed.
func (c *checker) value(n any, f protoreflect.FieldDescriptor, path string, newValue func() protoreflect.Value) (any, protoreflect.Value) {
	bad := func(format string, args ...any) (any, protoreflect.Value) {
		c.fail(path, format, args...)
		return n, protoreflect.Value{}
	}
	var v protoreflect.Value
	var err error
	str, isStr := n.(string)
	switch f.Kind() {
	case protoreflect.StringKind:
		if !isStr {
			return bad("must be a string")
		}
		v = protoreflect.ValueOfString(str)
	case protoreflect.BoolKind:
		b, ok := n.(bool)
		if !ok {
			return bad("must be true or false")
		}
		v = protoreflect.ValueOfBool(b)
	case protoreflect.Int32Kind:
		i, ok := c.integer(n, path, math.MinInt32, math.MaxInt32)
		v = protoreflect.ValueOfInt32(int32(i))
		if !ok {
			return n, protoreflect.Value{}
		}
	case protoreflect.Int64Kind:
		i, ok := c.integer(n, path, math.MinInt64, math.MaxInt64)
		v = protoreflect.ValueOfInt64(i)
		if !ok {
			return n, protoreflect.Value{}
		}
	case protoreflect.EnumKind:
		words := strings.Join(enumWords(f.Enum()), ", ")
		if !isStr {
			return bad("must be one of: %s", words)
		}
		ev, ok := enumValueByWord(f.Enum(), str)
		if !ok {
			return bad("unknown value %q; must be one of: %s", str, words)
		}
		return string(ev.Name()), protoreflect.ValueOfEnum(ev.Number()) // protobuf's JSON form, for protojson
	case protoreflect.MessageKind, protoreflect.GroupKind:
		md := f.Message()
		if newValue != nil {
			v = newValue()
		}
		switch {
		case md.FullName() == "google.protobuf.Timestamp" && !isStr:
			return bad("must be an RFC 3339 timestamp string")
		case md.FullName() == "google.protobuf.Timestamp" && !validTimestamp(str):
			return bad("must be an RFC 3339 timestamp, e.g. 2024-01-31T12:00:00Z")
		case md.FullName().Parent() == "google.protobuf":
			// Well-known types: protojson decides.
			if v.IsValid() {
				var raw []byte
				if raw, err = json.Marshal(n); err == nil {
					err = protojson.Unmarshal(raw, v.Message().Interface())
				}
			}
		case v.IsValid():
			c.message(n, md, path, v.Message())
		default:
			c.message(n, md, path, nil)
		}
	default:
		return bad("unsupported field kind")
	}
	if err != nil {
		c.fillFailed(err)
		return n, protoreflect.Value{}
	}
	return n, v
}

func validTimestamp(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}

// integer checks an integer in [lo, hi] and returns it.
func (c *checker) integer(n any, path string, lo, hi int64) (int64, bool) {
	num, ok := n.(json.Number)
	if !ok {
		c.fail(path, "must be an integer")
		return 0, false
	}
	v, err := strconv.ParseInt(num.String(), 10, 64)
	if err != nil || v < lo || v > hi {
		c.fail(path, "must be an integer between %d and %d", lo, hi)
		return 0, false
	}
	return v, true
}
