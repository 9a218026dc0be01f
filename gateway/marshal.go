package gateway

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// restMarshaler is the mux's only marshaler: protojson in REST's form
// (encodeMessage). Its output is the envelope made by rewriteResponse; its
// input is a body already checked and rewritten by checkRequest, decoded
// strictly (unknown fields are an error, never discarded).
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

func (restMarshaler) Unmarshal(data []byte, v any) error {
	m, err := protoTarget(v)
	if err != nil {
		return err
	}
	return protojson.UnmarshalOptions{DiscardUnknown: false}.Unmarshal(data, m)
}

func (m restMarshaler) NewDecoder(r io.Reader) runtime.Decoder {
	return runtime.DecoderFunc(func(v any) error {
		data, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		if len(data) == 0 {
			return io.EOF
		}
		return m.Unmarshal(data, v)
	})
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

// protoTarget finds the message to decode into: generated handlers pass
// either the message or a pointer to the message field (**T).
func protoTarget(v any) (proto.Message, error) {
	if m, ok := v.(proto.Message); ok {
		return m, nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().Kind() == reflect.Pointer {
		if rv.Elem().IsNil() {
			rv.Elem().Set(reflect.New(rv.Elem().Type().Elem()))
		}
		if m, ok := rv.Elem().Interface().(proto.Message); ok {
			return m, nil
		}
	}
	return nil, errors.New(fmt.Sprintf("cannot decode into %T", v))
}
