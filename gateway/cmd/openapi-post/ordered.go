package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// obj is a JSON object that keeps its keys in order, so that the published
// document lists fields in proto order and envelope fields in wire order.
type obj struct {
	keys []string
	vals map[string]any
}

func newObj(kv ...any) *obj {
	o := &obj{vals: map[string]any{}}
	for i := 0; i+1 < len(kv); i += 2 {
		o.set(kv[i].(string), kv[i+1])
	}
	return o
}

func (o *obj) get(k string) any { return o.vals[k] }

func (o *obj) obj(k string) *obj {
	v, _ := o.vals[k].(*obj)
	return v
}

func (o *obj) str(k string) string {
	v, _ := o.vals[k].(string)
	return v
}

func (o *obj) has(k string) bool {
	_, ok := o.vals[k]
	return ok
}

func (o *obj) set(k string, v any) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

func (o *obj) del(k string) {
	if _, ok := o.vals[k]; !ok {
		return
	}
	delete(o.vals, k)
	for i, key := range o.keys {
		if key == k {
			o.keys = append(o.keys[:i:i], o.keys[i+1:]...)
			break
		}
	}
}

// rename changes a key in place, keeping its position.
func (o *obj) rename(from, to string) {
	v, ok := o.vals[from]
	if !ok || from == to {
		return
	}
	delete(o.vals, from)
	o.vals[to] = v
	for i, key := range o.keys {
		if key == from {
			o.keys[i] = to
		}
	}
}

func (o *obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(o.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// parse reads JSON into *obj, []any, string, json.Number, bool and nil.
func parse(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := parseValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("trailing data after the document")
	}
	return v, nil
}

func parseValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return tok, nil
	}
	switch d {
	case '{':
		o := newObj()
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := parseValue(dec)
			if err != nil {
				return nil, err
			}
			o.set(kt.(string), v)
		}
		_, err := dec.Token()
		return o, err
	case '[':
		a := []any{}
		for dec.More() {
			v, err := parseValue(dec)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.Token()
		return a, err
	}
	return nil, fmt.Errorf("unexpected %v", d)
}

// walk visits every object in a tree.
func walk(v any, f func(*obj)) {
	switch v := v.(type) {
	case *obj:
		f(v)
		for _, k := range v.keys {
			walk(v.vals[k], f)
		}
	case []any:
		for _, e := range v {
			walk(e, f)
		}
	}
}
