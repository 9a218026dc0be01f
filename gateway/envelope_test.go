package gateway

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func pinTimestamp(t *testing.T) {
	t.Helper()
	old := timestampNow
	timestampNow = func() string { return "2026-01-02T03:04:05.678Z" }
	t.Cleanup(func() { timestampNow = old })
}

func TestEnvelopeFieldOrderAndZeroValues(t *testing.T) {
	pinTimestamp(t)
	e := errorEnvelope("rid-1", CodeRouteNotFound, "no route", nil)
	raw, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"timestamp":"2026-01-02T03:04:05.678Z","success":false,"message":"no route","errorCode":"ROUTE_NOT_FOUND",` +
		`"page":0,"pageSize":0,"totalItems":0,"totalPage":0,"type":"","data":null,"requestId":"rid-1"}`
	if string(raw) != want {
		t.Fatalf("got  %s\nwant %s", raw, want)
	}
}

func TestEnvelopeSuccessAndList(t *testing.T) {
	pinTimestamp(t)
	e := successEnvelope("r", "Customer retrieved", "Customer", []byte(`{"id":"cus_1"}`))
	raw, _ := json.Marshal(e)
	if !strings.Contains(string(raw), `"success":true,"message":"Customer retrieved","errorCode":"",`) ||
		!strings.Contains(string(raw), `"type":"Customer","data":{"id":"cus_1"},"requestId":"r"}`) {
		t.Fatalf("unexpected %s", raw)
	}
	if err := crossCheck(e); err != nil {
		t.Fatal(err)
	}
	l := listEnvelope("r", "m", "Invoice", [][]byte{[]byte(`{"id":"a"}`), []byte(`{"id":"b"}`)}, 2, 2, 5, 3, "")
	raw, _ = json.Marshal(l)
	if !strings.Contains(string(raw), `"page":2,"pageSize":2,"totalItems":5,"totalPage":3,"type":"Invoice","data":[{"id":"a"},{"id":"b"}]`) {
		t.Fatalf("unexpected %s", raw)
	}
	if err := crossCheck(l); err != nil {
		t.Fatal(err)
	}
	empty := listEnvelope("r", "m", "Invoice", nil, 1, 20, 0, 0, "")
	raw, _ = json.Marshal(empty)
	if !strings.Contains(string(raw), `"data":[]`) {
		t.Fatalf("empty list must be [], got %s", raw)
	}
	if err := crossCheck(empty); err != nil {
		t.Fatal(err)
	}
}

func TestErrorEnvelopeCarriesErrorDetails(t *testing.T) {
	pinTimestamp(t)
	e := errorEnvelope("r", "VALIDATION_ERROR", "bad", []FieldViolation{{Field: "lineItems[0].unitAmount", Description: "bad amount"}})
	raw, _ := json.Marshal(e)
	if !strings.Contains(string(raw), `"type":"ErrorDetails","data":{"fieldViolations":[{"field":"lineItems[0].unitAmount","description":"bad amount"}]}`) {
		t.Fatalf("unexpected %s", raw)
	}
	if err := crossCheck(e); err != nil {
		t.Fatal(err)
	}
}

func TestCrossCheckRefuses(t *testing.T) {
	pinTimestamp(t)
	good := func() *Envelope { return successEnvelope("r", "ok", "Customer", []byte(`{}`)) }
	list := func(n int, page, size int32, total int64, pages int32) *Envelope {
		items := make([][]byte, n)
		for i := range items {
			items[i] = []byte(`{}`)
		}
		return listEnvelope("r", "m", "Customer", items, page, size, total, pages, "")
	}
	cases := map[string]*Envelope{
		"data without type": func() *Envelope { e := good(); e.Type = ""; return e }(),
		"type without data": func() *Envelope { e := good(); e.Data = nil; return e }(),
		"error without code": func() *Envelope {
			e := errorEnvelope("r", "X", "m", nil)
			e.ErrorCode = ""
			return e
		}(),
		"success with code":      func() *Envelope { e := good(); e.ErrorCode = "X"; return e }(),
		"no request id":          func() *Envelope { e := good(); e.RequestID = ""; return e }(),
		"no message":             func() *Envelope { e := good(); e.Message = ""; return e }(),
		"bad timestamp":          func() *Envelope { e := good(); e.Timestamp = "yesterday"; return e }(),
		"paging on single":       func() *Envelope { e := good(); e.TotalItems = 3; return e }(),
		"single data not object": func() *Envelope { e := good(); e.Data = []byte(`[1]`); return e }(),
		"error with foreign data": func() *Envelope {
			e := errorEnvelope("r", "X", "m", nil)
			e.Type, e.Data = "Customer", []byte(`{}`)
			return e
		}(),
		"too few items":        list(1, 1, 20, 2, 1),
		"too many items":       list(3, 1, 2, 3, 2),
		"wrong totalPage":      list(2, 1, 2, 5, 2),
		"items past last page": list(1, 4, 2, 5, 3),
		"page zero":            list(0, 0, 20, 0, 0),
		"pageSize zero":        list(0, 1, 0, 0, 0),
		"empty list, 1 page":   list(0, 1, 20, 0, 1),
		"length lies": func() *Envelope {
			e := list(2, 1, 20, 2, 1)
			e.Data = []byte(`[{}]`)
			return e
		}(),
	}
	for name, e := range cases {
		if err := crossCheck(e); err == nil {
			t.Errorf("%s: cross-check passed", name)
		}
	}
	for name, e := range map[string]*Envelope{
		"last partial page": list(1, 3, 2, 5, 3),
		"full page":         list(2, 2, 2, 5, 3),
		"page past the end": list(0, 9, 2, 5, 3),
	} {
		if err := crossCheck(e); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestEncodeEnvelopeReplacesInvalidWith500(t *testing.T) {
	pinTimestamp(t)
	bad := successEnvelope("rid", "ok", "", []byte(`{}`))
	status, raw, e := encodeEnvelope(bad, http.StatusOK)
	if status != http.StatusInternalServerError || e.ErrorCode != CodeResponseInvalid || e.Success || e.RequestID != "rid" {
		t.Fatalf("got %d %s", status, raw)
	}
	if string(e.Data) != "" || e.Type != "" {
		t.Fatalf("RESPONSE_INVALID must carry no data: %s", raw)
	}
}
