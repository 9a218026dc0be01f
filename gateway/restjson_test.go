package gateway

import (
	"errors"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	billingv1 "billing/gateway/gen/billing/v1"
)

func TestEnumWords(t *testing.T) {
	inv := billingv1.InvoiceStatus(0).Descriptor()
	calc := billingv1.RevenueCalculationStatus(0).Descriptor()
	if got := strings.Join(enumWords(inv), ","); got != "draft,pending,paid,cancelled,uncollectible" {
		t.Fatalf("invoice words %s", got)
	}
	if got := strings.Join(enumWords(calc), ","); got != "queued,running,succeeded,failed" {
		t.Fatalf("calculation words %s", got)
	}
	for word, want := range map[string]billingv1.InvoiceStatus{
		"draft": billingv1.InvoiceStatus_INVOICE_STATUS_DRAFT, "pending": billingv1.InvoiceStatus_INVOICE_STATUS_PENDING,
		"paid": billingv1.InvoiceStatus_INVOICE_STATUS_PAID, "cancelled": billingv1.InvoiceStatus_INVOICE_STATUS_CANCELLED,
		"uncollectible": billingv1.InvoiceStatus_INVOICE_STATUS_UNCOLLECTIBLE,
	} {
		ev, ok := enumValueByWord(inv, word)
		if !ok || ev.Number() != want.Number() {
			t.Errorf("%s → %v", word, ev)
		}
		if enumWord(ev) != word {
			t.Errorf("round trip of %s", word)
		}
	}
	for _, bad := range []string{"unspecified", "DRAFT", "Draft", "INVOICE_STATUS_DRAFT", "1", "", "bogus"} {
		if _, ok := enumValueByWord(inv, bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	if ev, ok := enumValueByWord(calc, "succeeded"); !ok || ev.Name() != "REVENUE_CALCULATION_STATUS_SUCCEEDED" {
		t.Errorf("succeeded → %v", ev)
	}
}

func TestEncodeMessage(t *testing.T) {
	inv := &billingv1.Invoice{
		Id: "inv_1", CustomerId: "cus_1", Currency: "USD", Amount: "12.50",
		Status:         billingv1.InvoiceStatus_INVOICE_STATUS_PENDING,
		LineItems:      []*billingv1.LineItem{{Description: "x", Quantity: 9007199254740993, UnitAmount: "1.00"}},
		CreateTime:     timestamppb.New(time.Date(2026, 1, 2, 3, 4, 5, 600_000_000, time.FixedZone("X", 3600))),
		DeliveryStatus: billingv1.InvoiceDeliveryStatus_INVOICE_DELIVERY_STATUS_NOT_CONFIGURED,
	}
	raw, err := encodeMessage(inv.ProtoReflect())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"inv_1","customerId":"cus_1","currency":"USD","amount":"12.50","status":"pending","dueDate":"","notes":"",` +
		`"lineItems":[{"description":"x","quantity":9007199254740993,"unitAmount":"1.00","amount":"","servicePeriodStart":"","servicePeriodEnd":"",` +
		`"quantityDecimal":"","discountAmount":"","taxRateId":"","netAmount":"","taxAmount":""}],` +
		`"createTime":"2026-01-02T02:04:05.600Z","updateTime":null,"processTime":null,"payTime":null,"cancelTime":null,"etag":"",` +
		`"number":"","amountPaid":"","amountCredited":"","amountDue":"",` +
		`"deliveryStatus":"not_configured","sentTime":null,"deliveryError":"","deliveryAttempts":0,` +
		`"defaultTaxRateId":"","subtotal":"","taxAmount":"","total":"","taxBreakdown":[],"overdue":false,"daysOverdue":0,"seller":null,"buyer":null}`
	if string(raw) != want {
		t.Fatalf("got  %s\nwant %s", raw, want)
	}
	empty, _ := encodeMessage((&billingv1.RevenueCalculation{}).ProtoReflect())
	if !strings.Contains(string(empty), `"results":[]`) || !strings.Contains(string(empty), `"status":"unspecified"`) {
		t.Fatalf("empty calculation %s", empty)
	}
}

// decodeErr is decodeBody's refusal of an Invoice body: 422 INVALID_BODY
// (be), or any other (err).
func decodeErr(t *testing.T, body string) (be, err *apiError) {
	t.Helper()
	_, err = decodeBody([]byte(body), (&billingv1.Invoice{}).ProtoReflect().Descriptor(), nil)
	if err != nil && err.Status == http.StatusUnprocessableEntity && err.Code == CodeInvalidBody {
		return err, err
	}
	return nil, err
}

// isMalformed tells whether a refusal is 400 MALFORMED_JSON.
func isMalformed(err *apiError) bool {
	return err != nil && err.Status == http.StatusBadRequest && err.Code == CodeMalformedJSON
}

func TestDecodeBodyRewritesEnumWords(t *testing.T) {
	d, err := decodeBody([]byte(`{"customerId":"cus_1","status":"paid","lineItems":[{"quantity":3,"unitAmount":"1.00"}],"notes":"","processTime":null}`),
		(&billingv1.Invoice{}).ProtoReflect().Descriptor(), nil)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := d.JSON()
	var inv billingv1.Invoice
	if err := protojson.Unmarshal(out, &inv); err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	if inv.Status != billingv1.InvoiceStatus_INVOICE_STATUS_PAID || inv.LineItems[0].Quantity != 3 || inv.CustomerId != "cus_1" {
		t.Fatalf("decoded %v", &inv)
	}
	// The message decoded in one pass is what protojson reads from the same.
	if !proto.Equal(d.msg, &inv) {
		t.Fatalf("decoded %v, protojson reads %v", d.msg, &inv)
	}
}

func TestDecodeBodyRefusesWrongShapes(t *testing.T) {
	cases := map[string]struct{ body, field string }{
		"unknown field":        {`{"customerId":"c","colour":"red"}`, "colour"},
		"snake_case name":      {`{"customer_id":"c"}`, "customer_id"},
		"unknown enum word":    {`{"status":"bogus"}`, "status"},
		"proto enum name":      {`{"status":"INVOICE_STATUS_DRAFT"}`, "status"},
		"enum number":          {`{"status":1}`, "status"},
		"unspecified word":     {`{"status":"unspecified"}`, "status"},
		"number for string":    {`{"amount":12.5}`, "amount"},
		"string for integer":   {`{"lineItems":[{"quantity":"3"}]}`, "lineItems[0].quantity"},
		"fraction for integer": {`{"lineItems":[{"quantity":1.5}]}`, "lineItems[0].quantity"},
		"nested unknown":       {`{"lineItems":[{},{"price":"1"}]}`, "lineItems[1].price"},
		"object for array":     {`{"lineItems":{}}`, "lineItems"},
		"null in array":        {`{"lineItems":[null]}`, "lineItems[0]"},
		"bad timestamp":        {`{"createTime":"yesterday"}`, "createTime"},
		"array for object":     {`{"lineItems":[[]]}`, "lineItems[0]"},
		"bool for string":      {`{"notes":true}`, "notes"},
		"duplicate key":        {`{"notes":"a","notes":"b"}`, "notes"},
	}
	for name, c := range cases {
		be, err := decodeErr(t, c.body)
		if be == nil {
			t.Errorf("%s: want a body error, got %v", name, err)
			continue
		}
		found := false
		for _, v := range be.Violations {
			if v.Field == c.field {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: violations %+v lack %s", name, be.Violations, c.field)
		}
	}
	for _, body := range []string{`[]`, `"x"`, `3`, `null`} {
		if be, err := decodeErr(t, body); be == nil {
			t.Errorf("%s: want a body error, got %v", body, err)
		}
	}
}

func TestDecodeBodyMalformed(t *testing.T) {
	for _, body := range []string{`{`, `{"a":}`, `{"a":1,}`, `{} {}`, `{"a":1}x`, "{\"notes\":\"\xff\"}", `{'a':1}`} {
		_, err := decodeErr(t, body)
		if !isMalformed(err) {
			t.Errorf("%q: want malformed JSON, got %v", body, err)
		}
	}
	deep := strings.Repeat(`{"lineItems":[`, 100)
	if _, err := decodeErr(t, deep); !isMalformed(err) {
		t.Errorf("deep nesting: %v", err)
	}
}

func TestDecodeBodyRefusesLoneSurrogates(t *testing.T) {
	for body, field := range map[string]string{
		`{"notes":"\ud800"}`:                            "notes",
		`{"notes":"a\udc00b"}`:                          "notes",
		`{"notes":"\ud800\u0041"}`:                      "notes",
		`{"lineItems":[{"description":"x\udbff"}]}`:     "lineItems[0].description",
		`{"lineItems":[{},{"description":"\ud800\n"}]}`: "lineItems[1].description",
	} {
		_, me := decodeBody([]byte(body), (&billingv1.Invoice{}).ProtoReflect().Descriptor(), nil)
		if !isMalformed(me) {
			t.Errorf("%s: want malformed JSON, got %v", body, me)
			continue
		}
		if len(me.Violations) != 1 || me.Violations[0].Field != field {
			t.Errorf("%s: violations %+v, want one on %s", body, me.Violations, field)
		}
	}
	// A surrogate pair is one character and passes; so does the character
	// written directly, and escaped backslashes before a "u".
	for _, body := range []string{`{"notes":"\ud83d\ude00"}`, `{"notes":"😀"}`, `{"notes":"\\ud800"}`} {
		if _, err := decodeBody([]byte(body), (&billingv1.Invoice{}).ProtoReflect().Descriptor(), nil); err != nil {
			t.Errorf("%s: %v", body, err)
		}
	}
}

func TestDecodeBodyNamesTheFieldOfASyntaxError(t *testing.T) {
	_, me := decodeBody([]byte(`{"notes":"bad \x escape"}`), (&billingv1.Invoice{}).ProtoReflect().Descriptor(), nil)
	if !isMalformed(me) || len(me.Violations) != 1 || me.Violations[0].Field != "notes" {
		t.Fatalf("got %v", me)
	}
}

// null is allowed where the document says nullable (a timestamp), refused
// elsewhere, as the schema says.
func TestDecodeBodyNull(t *testing.T) {
	for body, field := range map[string]string{`{"notes":null}`: "notes", `{"lineItems":null}`: "lineItems", `{"lineItems":[{"quantity":null}]}`: "lineItems[0].quantity"} {
		be, err := decodeErr(t, body)
		if be == nil || len(be.Violations) != 1 || be.Violations[0].Field != field {
			t.Errorf("%s: %v", body, err)
		}
	}
	if _, err := decodeBody([]byte(`{"payTime":null}`), (&billingv1.Invoice{}).ProtoReflect().Descriptor(), nil); err != nil {
		t.Errorf("null timestamp: %v", err)
	}
}

// An event's Struct that JSON cannot hold (a NaN, a string that is not
// UTF-8) is a 500 RESPONSE_INVALID, never a body a client cannot parse.
func TestStructJSONCannotHoldIsResponseInvalid(t *testing.T) {
	for name, v := range map[string]*structpb.Value{
		"NaN": structpb.NewNumberValue(math.NaN()), "Inf": structpb.NewNumberValue(math.Inf(1)),
		"not UTF-8": structpb.NewStringValue("\xff"), "no kind": {},
	} {
		ev := &billingv1.Event{Id: "evt_1", Data: &structpb.Struct{Fields: map[string]*structpb.Value{"x": v}}}
		_, err := restMarshaler{}.Marshal(ev)
		var e *apiError
		if !errors.As(err, &e) || e.Status != http.StatusInternalServerError || e.Code != CodeResponseInvalid {
			t.Errorf("%s: %v, want 500 %s", name, err, CodeResponseInvalid)
		}
	}
}

// The REST form is written for the kinds the contract uses: strings,
// bools, 32- and 64-bit signed integers, enums (each value named with its
// enum's prefix, which the zero value <PREFIX>_UNSPECIFIED gives) and
// messages (google.protobuf ones are protojson's). A field of another kind (a map, bytes, a float, an
// unsigned integer) would have no REST form in either direction: adding one
// must come with its encoding and its checks.
func TestEveryFieldHasARESTForm(t *testing.T) {
	supported := map[protoreflect.Kind]bool{protoreflect.StringKind: true, protoreflect.BoolKind: true,
		protoreflect.Int32Kind: true, protoreflect.Int64Kind: true, protoreflect.EnumKind: true, protoreflect.MessageKind: true}
	seen := map[protoreflect.FullName]bool{}
	var walk func(md protoreflect.MessageDescriptor)
	walk = func(md protoreflect.MessageDescriptor) {
		if seen[md.FullName()] || md.FullName().Parent() == "google.protobuf" {
			return
		}
		seen[md.FullName()] = true
		for i := 0; i < md.Fields().Len(); i++ {
			f := md.Fields().Get(i)
			if f.IsMap() || !supported[f.Kind()] {
				t.Errorf("%s: a %v field has no REST form", f.FullName(), f.Kind())
				continue
			}
			if f.Message() != nil {
				walk(f.Message())
			}
			if ed := f.Enum(); ed != nil {
				// enumWord reads the prefix off the zero value.
				zero := ed.Values().ByNumber(0)
				if zero == nil || !strings.HasSuffix(string(zero.Name()), "_UNSPECIFIED") {
					t.Errorf("%s: no zero value <PREFIX>_UNSPECIFIED", ed.FullName())
					continue
				}
				prefix := strings.TrimSuffix(string(zero.Name()), "UNSPECIFIED")
				for j := 0; j < ed.Values().Len(); j++ {
					if !strings.HasPrefix(string(ed.Values().Get(j).Name()), prefix) {
						t.Errorf("%s: value %s lacks the prefix %s", ed.FullName(), ed.Values().Get(j).Name(), prefix)
					}
				}
			}
		}
	}
	for _, pkg := range []protoreflect.FullName{"billing.v1", "billing.rest.v1"} {
		protoregistry.GlobalFiles.RangeFilesByPackage(pkg, func(fd protoreflect.FileDescriptor) bool {
			for i := 0; i < fd.Messages().Len(); i++ {
				walk(fd.Messages().Get(i))
			}
			return true
		})
	}
	if !seen["billing.v1.Invoice"] || !seen["billing.rest.v1.ErrorEnvelope"] {
		t.Fatalf("walked %d messages, not the contract's", len(seen))
	}
}
