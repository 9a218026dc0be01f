package gateway

import (
	"net/http"
	"strings"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	restv1 "billing/gateway/gen/billing/rest/v1"
	billingv1 "billing/gateway/gen/billing/v1"
)

func pinTimestamp(t *testing.T) {
	t.Helper()
	old := timestampNow
	timestampNow = func() string { return "2026-01-02T03:04:05.678Z" }
	t.Cleanup(func() { timestampNow = old })
}

func encode(t *testing.T, e Envelope) string {
	t.Helper()
	raw, err := encodeMessage(e.ProtoReflect())
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestEnvelopeFieldOrderAndZeroValues(t *testing.T) {
	pinTimestamp(t)
	got := encode(t, errorEnvelope("rid-1", CodeRouteNotFound, "no route", nil))
	want := `{"timestamp":"2026-01-02T03:04:05.678Z","success":false,"message":"no route","errorCode":"ROUTE_NOT_FOUND",` +
		`"page":0,"pageSize":0,"totalItems":0,"totalPage":0,"type":"","data":null,"requestId":"rid-1"}`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func customers(n int) *billingv1.ListCustomersResponse {
	l := &billingv1.ListCustomersResponse{}
	for i := 0; i < n; i++ {
		l.Customers = append(l.Customers, &billingv1.Customer{Id: "c"})
	}
	return l
}

func customerList(t *testing.T, n int, page, size int32, total int64, pages int32) Envelope {
	t.Helper()
	l := customers(n).ProtoReflect()
	e, err := listEnvelope("r", "m", l.Get(l.Descriptor().Fields().ByName("customers")).List(),
		"Customer", page, size, total, pages, "")
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEnvelopeSuccessAndList(t *testing.T) {
	pinTimestamp(t)
	e, err := successEnvelope("r", "Customer retrieved", "Customer", (&billingv1.Customer{Id: "cus_1"}).ProtoReflect())
	if err != nil {
		t.Fatal(err)
	}
	raw := encode(t, e)
	if !strings.Contains(raw, `"success":true,"message":"Customer retrieved","errorCode":"",`) ||
		!strings.Contains(raw, `"type":"Customer","data":{"id":"cus_1",`) || !strings.HasSuffix(raw, `,"requestId":"r"}`) {
		t.Fatalf("unexpected %s", raw)
	}
	if err := crossCheck(e); err != nil {
		t.Fatal(err)
	}
	l := customerList(t, 2, 2, 2, 5, 3)
	if raw := encode(t, l); !strings.Contains(raw, `"page":2,"pageSize":2,"totalItems":5,"totalPage":3,"type":"Customer","data":[{"id":"c",`) {
		t.Fatalf("unexpected %s", raw)
	}
	if err := crossCheck(l); err != nil {
		t.Fatal(err)
	}
	empty := customerList(t, 0, 1, 20, 0, 0)
	if raw := encode(t, empty); !strings.Contains(raw, `"data":[]`) {
		t.Fatalf("empty list must be [], got %s", raw)
	}
	if err := crossCheck(empty); err != nil {
		t.Fatal(err)
	}
}

func TestEveryResourceHasItsEnvelopes(t *testing.T) {
	for _, rt := range testRoutes(t).routes {
		md, f := rt.RPC.Output(), rt.Facts
		list := false
		switch f.GetShape() {
		case billingv1.ResponseShape_RESPONSE_SHAPE_EMPTY:
			if md.FullName() != "google.protobuf.Empty" || f.GetSuccessStatus() != 204 {
				t.Errorf("%s: EMPTY answers %s with %d", rt.Selector, md.FullName(), f.GetSuccessStatus())
			}
			continue
		case billingv1.ResponseShape_RESPONSE_SHAPE_BODY:
			// A document: its bytes, no envelope, a media type to answer.
			if md.FullName() != "google.api.HttpBody" || f.GetMediaType() == "" || f.GetSuccessStatus() != 200 {
				t.Errorf("%s: BODY answers %s as %q with %d", rt.Selector, md.FullName(), f.GetMediaType(), f.GetSuccessStatus())
			}
			continue
		case billingv1.ResponseShape_RESPONSE_SHAPE_LIST, billingv1.ResponseShape_RESPONSE_SHAPE_PAGED:
			list = true
			fallthrough
		case billingv1.ResponseShape_RESPONSE_SHAPE_UPSERT:
			field := md.Fields().ByName(protoreflect.Name(f.GetDataField()))
			if field == nil || field.Message() == nil || field.IsList() != list {
				t.Errorf("%s: data field %q", rt.Selector, f.GetDataField())
				continue
			}
			md = field.Message()
		}
		if string(md.Name()) != f.GetType() {
			t.Errorf("%s: type %q, data is %s", rt.Selector, f.GetType(), md.Name())
		}
		if _, err := envelopeType(f.GetType(), list); err != nil {
			t.Errorf("%s: %v", rt.Selector, err)
		}
	}
}

func TestErrorEnvelopeCarriesErrorDetails(t *testing.T) {
	pinTimestamp(t)
	e := errorEnvelope("r", "VALIDATION_ERROR", "bad", []FieldViolation{{Field: "lineItems[0].unitAmount", Description: "bad amount"}})
	if raw := encode(t, e); !strings.Contains(raw, `"type":"ErrorDetails","data":{"fieldViolations":[{"field":"lineItems[0].unitAmount","description":"bad amount"}]}`) {
		t.Fatalf("unexpected %s", raw)
	}
	if err := crossCheck(e); err != nil {
		t.Fatal(err)
	}
}

func TestCrossCheckRefuses(t *testing.T) {
	pinTimestamp(t)
	good := func() *restv1.CustomerEnvelope {
		e, _ := successEnvelope("r", "ok", "Customer", (&billingv1.Customer{}).ProtoReflect())
		return e.(*restv1.CustomerEnvelope)
	}
	list := func(n int, page, size int32, total int64, pages int32) Envelope {
		return customerList(t, n, page, size, total, pages)
	}
	cases := map[string]Envelope{
		"data without type":  func() Envelope { e := good(); e.Type = ""; return e }(),
		"type without data":  func() Envelope { e := good(); e.Data = nil; return e }(),
		"error without code": func() Envelope { e := errorEnvelope("r", "X", "m", nil); e.ErrorCode = ""; return e }(),
		"success with code":  func() Envelope { e := good(); e.ErrorCode = "X"; return e }(),
		"no request id":      func() Envelope { e := good(); e.RequestId = ""; return e }(),
		"no message":         func() Envelope { e := good(); e.Message = ""; return e }(),
		"bad timestamp":      func() Envelope { e := good(); e.Timestamp = "yesterday"; return e }(),
		"paging on single":   func() Envelope { e := good(); e.TotalItems = 3; return e }(),
		"error with foreign type": func() Envelope {
			e := errorEnvelope("r", "X", "m", []FieldViolation{{Field: "f", Description: "d"}})
			e.Type = "Customer"
			return e
		}(),
		"too few items":        list(1, 1, 20, 2, 1),
		"too many items":       list(3, 1, 2, 3, 2),
		"wrong totalPage":      list(2, 1, 2, 5, 2),
		"items past last page": list(1, 4, 2, 5, 3),
		"page zero":            list(0, 0, 20, 0, 0),
		"pageSize zero":        list(0, 1, 0, 0, 0),
		"empty list, 1 page":   list(0, 1, 20, 0, 1),
	}
	for name, e := range cases {
		if err := crossCheck(e); err == nil {
			t.Errorf("%s: cross-check passed", name)
		}
	}
	for name, e := range map[string]Envelope{
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
	bad, _ := successEnvelope("rid", "ok", "Customer", (&billingv1.Customer{}).ProtoReflect())
	bad.(*restv1.CustomerEnvelope).Type = ""
	status, raw, e := encodeEnvelope(bad, http.StatusOK)
	if status != http.StatusInternalServerError || e.GetErrorCode() != CodeResponseInvalid || e.GetSuccess() || e.GetRequestId() != "rid" {
		t.Fatalf("got %d %s", status, raw)
	}
	if !strings.Contains(string(raw), `"type":"","data":null`) {
		t.Fatalf("RESPONSE_INVALID must carry no data: %s", raw)
	}
}

func TestDecodeEnvelope(t *testing.T) {
	e, _ := successEnvelope("r", "ok", "Invoice", (&billingv1.Invoice{Id: "inv_1", Status: billingv1.InvoiceStatus_INVOICE_STATUS_PAID,
		LineItems: []*billingv1.LineItem{{Quantity: 3}}, DeliveryStatus: billingv1.InvoiceDeliveryStatus_INVOICE_DELIVERY_STATUS_SENT}).ProtoReflect())
	back, err := DecodeEnvelope([]byte(encode(t, e)))
	if err != nil {
		t.Fatal(err)
	}
	inv := back.(*restv1.InvoiceEnvelope).GetData()
	if inv.GetStatus() != billingv1.InvoiceStatus_INVOICE_STATUS_PAID || inv.GetLineItems()[0].GetQuantity() != 3 {
		t.Fatalf("read back %v", back)
	}
	if _, err := DecodeEnvelope([]byte(strings.Replace(encode(t, e), `"notes"`, `"nodes"`, 1))); err == nil {
		t.Fatal("an unknown field was read")
	}
}

func TestContinuedPagesAreCheckedForSizeOnly(t *testing.T) {
	shifted := customerList(t, 2, 2, 2, 3, 2) // 2 items where the grid says 1
	if err := crossCheck(shifted); err == nil {
		t.Fatal("a page-number answer off the grid passed")
	}
	if err := crossCheckAnswer(shifted, true); err != nil {
		t.Fatalf("a continued page off the grid was refused: %v", err)
	}
	overfull := customerList(t, 3, 2, 2, 9, 5)
	if err := crossCheckAnswer(overfull, true); err == nil {
		t.Fatal("3 items on a page of 2 passed")
	}
}
