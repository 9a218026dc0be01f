package gateway

// The REST JSON form of the billing messages, and its translation to and from
// protobuf's JSON form. It differs from protojson in the ways REST clients
// need: enum values are lowercase words without the protobuf prefix
// ("draft", not "INVOICE_STATUS_DRAFT"), 64-bit integers are JSON numbers,
// every field is present in the order of the proto (unset messages and
// timestamps as null), and a request body is checked strictly: unknown
// fields, unknown enum words, wrong types and duplicate keys are refused with
// the path of each offending field.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// ---------------------------------------------------------------- enum words

// enumPrefix is the protobuf prefix of an enum's values: INVOICE_STATUS_ for
// InvoiceStatus.
func enumPrefix(ed protoreflect.EnumDescriptor) string {
	name := string(ed.Name())
	var b strings.Builder
	for i, r := range name {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String()) + "_"
}

// enumWord is the REST word of an enum value: "draft" for
// INVOICE_STATUS_DRAFT.
func enumWord(ev protoreflect.EnumValueDescriptor) string {
	ed := ev.Parent().(protoreflect.EnumDescriptor)
	return strings.ToLower(strings.TrimPrefix(string(ev.Name()), enumPrefix(ed)))
}

// enumWords lists the words a client may send (every value but the zero
// "unspecified" one).
func enumWords(ed protoreflect.EnumDescriptor) []string {
	var words []string
	for i := 0; i < ed.Values().Len(); i++ {
		if ev := ed.Values().Get(i); ev.Number() != 0 {
			words = append(words, enumWord(ev))
		}
	}
	return words
}

// enumValueByWord resolves a REST word; the zero value is not a word a client
// may send, and matching is exact (lowercase).
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

// encodeMessage writes a message in its REST JSON form.
func encodeMessage(m protoreflect.Message) ([]byte, error) {
	var b bytes.Buffer
	if err := writeMessage(&b, m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

const timestampName = "google.protobuf.Timestamp"

func writeMessage(b *bytes.Buffer, m protoreflect.Message) error {
	md := m.Descriptor()
	if md.FullName().Parent() == "google.protobuf" {
		return writeWellKnown(b, m)
	}
	b.WriteByte('{')
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		f := fields.Get(i)
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, f.JSONName())
		b.WriteByte(':')
		var err error
		switch {
		case f.IsMap():
			err = writeMap(b, f, m.Get(f).Map())
		case f.IsList():
			list := m.Get(f).List()
			b.WriteByte('[')
			for j := 0; j < list.Len(); j++ {
				if j > 0 {
					b.WriteByte(',')
				}
				if err = writeValue(b, f, list.Get(j)); err != nil {
					break
				}
			}
			b.WriteByte(']')
		case f.Message() != nil && !m.Has(f):
			b.WriteString("null")
		default:
			err = writeValue(b, f, m.Get(f))
		}
		if err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

func writeMap(b *bytes.Buffer, f protoreflect.FieldDescriptor, mp protoreflect.Map) error {
	b.WriteByte('{')
	first := true
	var err error
	mp.Range(func(k protoreflect.MapKey, v protoreflect.Value) bool {
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeString(b, k.String())
		b.WriteByte(':')
		err = writeValue(b, f.MapValue(), v)
		return err == nil
	})
	b.WriteByte('}')
	return err
}

func writeValue(b *bytes.Buffer, f protoreflect.FieldDescriptor, v protoreflect.Value) error {
	switch f.Kind() {
	case protoreflect.StringKind:
		writeString(b, v.String())
	case protoreflect.BoolKind:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		b.WriteString(strconv.FormatUint(v.Uint(), 10))
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		x := v.Float()
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("field %s: %v is not representable in JSON", f.FullName(), x)
		}
		b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	case protoreflect.BytesKind:
		writeString(b, base64.StdEncoding.EncodeToString(v.Bytes()))
	case protoreflect.EnumKind:
		ev := f.Enum().Values().ByNumber(v.Enum())
		if ev == nil {
			return fmt.Errorf("field %s: unknown enum number %d", f.FullName(), v.Enum())
		}
		writeString(b, enumWord(ev))
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return writeMessage(b, v.Message())
	default:
		return fmt.Errorf("field %s: unsupported kind %v", f.FullName(), f.Kind())
	}
	return nil
}

// writeWellKnown writes google.protobuf types: a timestamp is an RFC 3339
// UTC string; the others keep their protojson form.
func writeWellKnown(b *bytes.Buffer, m protoreflect.Message) error {
	if m.Descriptor().FullName() == timestampName {
		ts, ok := m.Interface().(*timestamppb.Timestamp)
		if !ok {
			ts = &timestamppb.Timestamp{}
			raw, err := protojson.Marshal(m.Interface())
			if err != nil {
				return err
			}
			if err := protojson.Unmarshal(raw, ts); err != nil {
				return err
			}
		}
		if err := ts.CheckValid(); err != nil {
			return err
		}
		writeString(b, ts.AsTime().UTC().Format(time.RFC3339Nano))
		return nil
	}
	raw, err := protojson.Marshal(m.Interface())
	if err != nil {
		return err
	}
	b.Write(raw)
	return nil
}

func writeString(b *bytes.Buffer, s string) {
	raw, _ := json.Marshal(s) // a Go string always marshals
	b.Write(raw)
}

// -------------------------------------------------------------------- input

// FieldViolation names one bad field of a request, camelCase, as REST shows
// it ("lineItems[0].unitAmount").
type FieldViolation struct {
	Field       string `json:"field"`
	Description string `json:"description"`
}

// errMalformedJSON marks a body that is not JSON at all (400, not 422).
var errMalformedJSON = errors.New("malformed JSON")

// bodyError is a body that is JSON but not of the expected shape.
type bodyError struct {
	Message    string
	Violations []FieldViolation
}

// malformedError is a body that is not JSON text at a field it can name
// (a syntax error or a lone surrogate inside a value); it is errMalformedJSON.
type malformedError struct {
	Message    string
	Violations []FieldViolation
}

func (e *malformedError) Error() string { return e.Message }
func (e *malformedError) Unwrap() error { return errMalformedJSON }

func fieldOrBody(path string) string {
	if path == "" {
		return "the body"
	}
	return path
}

func (e *bodyError) Error() string { return e.Message }

// decodeBody checks a REST JSON body against the message it must fill, and
// returns it rewritten in protobuf's JSON form (enum words turned into enum
// names), ready for protojson. A syntax error wraps errMalformedJSON; a shape
// error is a *bodyError.
func decodeBody(data []byte, md protoreflect.MessageDescriptor) ([]byte, error) {
	return decodeBodyEchoing(data, md, nil)
}

// decodeBodyEchoing is decodeBody for a PUT or PATCH: what echo allows back
// from a GET is dropped before the checks.
func decodeBodyEchoing(data []byte, md protoreflect.MessageDescriptor, echo *echoRules) ([]byte, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: the body is not valid UTF-8", errMalformedJSON)
	}
	root, err := parseJSON(data)
	if err != nil {
		var dup *duplicateKeyError
		var notUnicode *notUnicodeError
		var syntax *syntaxAtError
		switch {
		case errors.As(err, &dup):
			// Valid JSON syntax, but ambiguous: a shape error.
			return nil, &bodyError{Message: fmt.Sprintf("the body is not a valid %s", md.Name()),
				Violations: []FieldViolation{{Field: dup.key, Description: "given more than once"}}}
		case errors.As(err, &notUnicode):
			return nil, &malformedError{
				Message: fmt.Sprintf("the request body is not valid JSON text: %s holds a lone UTF-16 surrogate escape", fieldOrBody(notUnicode.path)),
				Violations: []FieldViolation{{Field: notUnicode.path,
					Description: "a \\u escape names a lone UTF-16 surrogate, which is not a Unicode character"}}}
		case errors.As(err, &syntax) && syntax.path != "":
			return nil, &malformedError{
				Message:    "the request body is not valid JSON: " + syntax.Error(),
				Violations: []FieldViolation{{Field: syntax.path, Description: syntax.err.Error()}}}
		}
		return nil, fmt.Errorf("%w: %v", errMalformedJSON, err)
	}
	if root.kind != jObject {
		return nil, &bodyError{Message: fmt.Sprintf("the body must be a JSON object (a %s)", md.Name())}
	}
	// Every field is checked, read-only ones too (sent back, they must still
	// be well formed); then what echo allows back is dropped.
	c := &checker{}
	c.message(root, md, "")
	c.violations = append(c.violations, echo.drop(root, md, "")...)
	if len(c.violations) > 0 {
		return nil, &bodyError{
			Message:    fmt.Sprintf("the body is not a valid %s", md.Name()),
			Violations: c.violations,
		}
	}
	var out bytes.Buffer
	root.write(&out)
	// Last line of defence: whatever passed the checks must also be
	// acceptable to protojson, strictly.
	if err := (protojson.UnmarshalOptions{}).Unmarshal(out.Bytes(), dynamicpb.NewMessage(md)); err != nil {
		return nil, &bodyError{Message: fmt.Sprintf("the body is not a valid %s: %v", md.Name(), err)}
	}
	return out.Bytes(), nil
}

type checker struct {
	violations []FieldViolation
}

func (c *checker) fail(path, format string, args ...any) {
	c.violations = append(c.violations, FieldViolation{Field: path, Description: fmt.Sprintf(format, args...)})
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func (c *checker) message(n *jnode, md protoreflect.MessageDescriptor, path string) {
	if n.kind != jObject {
		c.fail(path, "must be an object")
		return
	}
	for i, key := range n.keys {
		f := md.Fields().ByJSONName(key)
		p := join(path, key)
		if f == nil {
			c.fail(p, "unknown field")
			continue
		}
		c.field(n.vals[i], f, p)
	}
}

func (c *checker) field(n *jnode, f protoreflect.FieldDescriptor, path string) {
	if n.kind == jNull {
		// null is what the document allows only for a message field (a
		// timestamp not yet set): it means unset. Elsewhere it is refused,
		// as the published schema says; "" or 0 says the same plainly.
		if f.Message() == nil || f.IsList() || f.IsMap() {
			c.fail(path, "must not be null")
		}
		return
	}
	switch {
	case f.IsMap():
		if n.kind != jObject {
			c.fail(path, "must be an object")
			return
		}
		for i, key := range n.keys {
			c.value(n.vals[i], f.MapValue(), path+"["+strconv.Quote(key)+"]")
		}
	case f.IsList():
		if n.kind != jArray {
			c.fail(path, "must be an array")
			return
		}
		for i, e := range n.elems {
			if e.kind == jNull {
				c.fail(fmt.Sprintf("%s[%d]", path, i), "must not be null")
				continue
			}
			c.value(e, f, fmt.Sprintf("%s[%d]", path, i))
		}
	default:
		c.value(n, f, path)
	}
}

func (c *checker) value(n *jnode, f protoreflect.FieldDescriptor, path string) {
	switch f.Kind() {
	case protoreflect.StringKind:
		if n.kind != jString {
			c.fail(path, "must be a string")
		}
	case protoreflect.BoolKind:
		if n.kind != jBool {
			c.fail(path, "must be true or false")
		}
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		c.integer(n, path, math.MinInt32, math.MaxInt32)
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		c.integer(n, path, math.MinInt64, math.MaxInt64)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		c.integer(n, path, 0, math.MaxUint32)
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		if n.kind != jNumber {
			c.fail(path, "must be an integer")
		} else if _, err := strconv.ParseUint(n.str, 10, 64); err != nil {
			c.fail(path, "must be a non-negative integer that fits in 64 bits")
		}
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		if n.kind != jNumber {
			c.fail(path, "must be a number")
		}
	case protoreflect.BytesKind:
		if n.kind != jString {
			c.fail(path, "must be a base64 string")
		} else if _, err := base64.StdEncoding.DecodeString(n.str); err != nil {
			c.fail(path, "must be a base64 string")
		}
	case protoreflect.EnumKind:
		words := enumWords(f.Enum())
		if n.kind != jString {
			c.fail(path, "must be one of: %s", strings.Join(words, ", "))
			return
		}
		ev, ok := enumValueByWord(f.Enum(), n.str)
		if !ok {
			c.fail(path, "unknown value %q; must be one of: %s", n.str, strings.Join(words, ", "))
			return
		}
		n.str = string(ev.Name()) // protobuf's JSON form, for protojson
	case protoreflect.MessageKind, protoreflect.GroupKind:
		md := f.Message()
		switch md.FullName() {
		case timestampName:
			if n.kind != jString {
				c.fail(path, "must be an RFC 3339 timestamp string")
			} else if _, err := time.Parse(time.RFC3339Nano, n.str); err != nil {
				c.fail(path, "must be an RFC 3339 timestamp, e.g. 2024-01-31T12:00:00Z")
			}
		default:
			if md.FullName().Parent() == "google.protobuf" {
				return // other well-known types: protojson decides
			}
			c.message(n, md, path)
		}
	default:
		c.fail(path, "unsupported field kind")
	}
}

func (c *checker) integer(n *jnode, path string, lo, hi int64) {
	if n.kind != jNumber {
		c.fail(path, "must be an integer")
		return
	}
	v, err := strconv.ParseInt(n.str, 10, 64)
	if err != nil || v < lo || v > hi {
		c.fail(path, "must be an integer between %d and %d", lo, hi)
	}
}

// ---------------------------------------------------------------- JSON tree

type jkind int

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

// jnode is a parsed JSON value that keeps object keys in order and numbers
// as written.
type jnode struct {
	kind  jkind
	str   string // string value or number literal
	b     bool
	keys  []string
	vals  []*jnode
	elems []*jnode
}

// notUnicodeError is a string, at path, whose \u escapes name a lone UTF-16
// surrogate: valid JSON syntax, but not text. encoding/json would silently
// turn it into U+FFFD, changing what the client sent.
type notUnicodeError struct{ path string }

func (e *notUnicodeError) Error() string {
	return fmt.Sprintf("%s: a \\u escape names a lone UTF-16 surrogate, which is not a Unicode character", e.path)
}

// syntaxAtError is a JSON syntax error inside the value at path.
type syntaxAtError struct {
	path string
	err  error
}

func (e *syntaxAtError) Error() string {
	if e.path == "" {
		return e.err.Error()
	}
	return fmt.Sprintf("at %s: %v", e.path, e.err)
}

// hasLoneSurrogate reports whether a raw JSON string token's \u escapes
// include a surrogate that is not part of a high-low pair.
func hasLoneSurrogate(raw []byte) bool {
	pendingHigh := false
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' || i+1 >= len(raw) {
			if pendingHigh {
				return true
			}
			continue
		}
		if raw[i+1] != 'u' || i+6 > len(raw) {
			if pendingHigh {
				return true
			}
			i++ // skip the escaped character
			continue
		}
		v, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 16)
		if err != nil {
			return false // a syntax error, the decoder's to report
		}
		switch {
		case v >= 0xD800 && v <= 0xDBFF:
			if pendingHigh {
				return true
			}
			pendingHigh = true
		case v >= 0xDC00 && v <= 0xDFFF:
			if !pendingHigh {
				return true
			}
			pendingHigh = false
		default:
			if pendingHigh {
				return true
			}
		}
		i += 5
	}
	return pendingHigh
}

// duplicateKeyError is an object that names a key twice.
type duplicateKeyError struct{ key string }

func (e *duplicateKeyError) Error() string { return fmt.Sprintf("duplicate key %q", e.key) }

// maxDepth bounds nesting, so a hostile body cannot exhaust the stack.
const maxDepth = 64

func parseJSON(data []byte) (*jnode, error) {
	p := &jsonParser{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	n, err := p.value(0, "")
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); !errors.Is(err, io.EOF) {
		if err == nil {
			return nil, errors.New("unexpected data after the top-level value")
		}
		return nil, err
	}
	return n, nil
}

// jsonParser walks encoding/json's tokens, keeping the raw input so that
// each string's escapes can be checked (the decoder has already replaced a
// lone surrogate by the time it hands the string over).
type jsonParser struct {
	data []byte
	dec  *json.Decoder
}

// token is the next token; a string's raw bytes are checked for lone
// surrogates (path names the value in errors).
func (p *jsonParser) token(path string) (json.Token, error) {
	start := p.dec.InputOffset()
	tok, err := p.dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = errors.New("unexpected end of input")
		}
		return nil, &syntaxAtError{path: path, err: err}
	}
	if _, ok := tok.(string); ok && hasLoneSurrogate(p.data[start:p.dec.InputOffset()]) {
		return nil, &notUnicodeError{path: path}
	}
	return tok, nil
}

func (p *jsonParser) value(depth int, path string) (*jnode, error) {
	if depth > maxDepth {
		// No path: it would echo 64 levels of keys.
		return nil, fmt.Errorf("nesting deeper than %d", maxDepth)
	}
	tok, err := p.token(path)
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &jnode{kind: jNull}, nil
	case bool:
		return &jnode{kind: jBool, b: t}, nil
	case json.Number:
		return &jnode{kind: jNumber, str: t.String()}, nil
	case string:
		return &jnode{kind: jString, str: t}, nil
	case json.Delim:
		switch t {
		case '[':
			n := &jnode{kind: jArray, elems: []*jnode{}}
			for p.dec.More() {
				e, err := p.value(depth+1, fmt.Sprintf("%s[%d]", path, len(n.elems)))
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, e)
			}
			if _, err := p.token(path); err != nil {
				return nil, err
			}
			return n, nil
		case '{':
			n := &jnode{kind: jObject}
			seen := map[string]bool{}
			for p.dec.More() {
				kt, err := p.token(path)
				if err != nil {
					return nil, err
				}
				key, ok := kt.(string)
				if !ok {
					return nil, &syntaxAtError{path: path, err: errors.New("object key is not a string")}
				}
				if seen[key] {
					return nil, &duplicateKeyError{key: join(path, key)}
				}
				seen[key] = true
				v, err := p.value(depth+1, join(path, key))
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.vals = append(n.vals, v)
			}
			if _, err := p.token(path); err != nil {
				return nil, err
			}
			return n, nil
		}
	}
	return nil, &syntaxAtError{path: path, err: fmt.Errorf("unexpected token %v", tok)}
}

func (n *jnode) write(b *bytes.Buffer) {
	switch n.kind {
	case jNull:
		b.WriteString("null")
	case jBool:
		b.WriteString(strconv.FormatBool(n.b))
	case jNumber:
		b.WriteString(n.str)
	case jString:
		writeString(b, n.str)
	case jArray:
		b.WriteByte('[')
		for i, e := range n.elems {
			if i > 0 {
				b.WriteByte(',')
			}
			e.write(b)
		}
		b.WriteByte(']')
	case jObject:
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, k)
			b.WriteByte(':')
			n.vals[i].write(b)
		}
		b.WriteByte('}')
	}
}
