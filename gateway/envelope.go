package gateway

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"
)

// Envelope is the one JSON object every response with a body carries. The
// field order is the wire order.
type Envelope struct {
	Timestamp  string `json:"timestamp"`
	Success    bool   `json:"success"`
	Message    string `json:"message"`
	ErrorCode  string `json:"errorCode"`
	Page       int32  `json:"page"`
	PageSize   int32  `json:"pageSize"`
	TotalItems int64  `json:"totalItems"`
	TotalPage  int32  `json:"totalPage"`
	// NextPageToken continues a list after this page (pageToken); only on
	// a list page that has a next one.
	NextPageToken string          `json:"nextPageToken,omitempty"`
	Type          string          `json:"type"`
	Data          json.RawMessage `json:"data"`
	RequestID     string          `json:"requestId"`

	// list is set for a list answer: Data is then an array of listLen items.
	list    bool
	listLen int
}

// TypeErrorDetails is the type of an error's data.
const TypeErrorDetails = "ErrorDetails"

// ErrorDetails is an error's data: the fields that were wrong.
type ErrorDetails struct {
	FieldViolations []FieldViolation `json:"fieldViolations"`
}

// timestampNow is when a response is made, in ISO 8601 UTC with
// milliseconds. A variable so that tests can pin it.
var timestampNow = func() string {
	return time.Now().UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

func newEnvelope(requestID string) *Envelope {
	return &Envelope{Timestamp: timestampNow(), RequestID: requestID}
}

// successEnvelope is a single-object answer.
func successEnvelope(requestID, message, typ string, data []byte) *Envelope {
	e := newEnvelope(requestID)
	e.Success, e.Message, e.Type, e.Data = true, message, typ, data
	return e
}

// listEnvelope is a page of a list; items are the elements' JSON.
func listEnvelope(requestID, message, typ string, items [][]byte, page, pageSize int32, totalItems int64, totalPages int32, nextPageToken string) *Envelope {
	e := newEnvelope(requestID)
	e.Success, e.Message, e.Type = true, message, typ
	e.Page, e.PageSize, e.TotalItems, e.TotalPage = page, pageSize, totalItems, totalPages
	e.NextPageToken = nextPageToken
	data := []byte{'['}
	for i, it := range items {
		if i > 0 {
			data = append(data, ',')
		}
		data = append(data, it...)
	}
	e.Data = append(data, ']')
	e.list, e.listLen = true, len(items)
	return e
}

// errorEnvelope is a failure; violations, if any, become ErrorDetails data.
func errorEnvelope(requestID, code, message string, violations []FieldViolation) *Envelope {
	e := newEnvelope(requestID)
	e.Message, e.ErrorCode = message, code
	if len(violations) > 0 {
		raw, _ := json.Marshal(ErrorDetails{FieldViolations: violations})
		e.Type, e.Data = TypeErrorDetails, raw
	}
	return e
}

// crossCheck verifies an envelope before it leaves the gateway. A violation
// means a bug in the gateway or the service; the caller answers 500
// RESPONSE_INVALID instead of a wrong answer.
func crossCheck(e *Envelope) error {
	if e.Timestamp == "" {
		return fmt.Errorf("no timestamp")
	}
	if _, err := time.Parse(time.RFC3339, e.Timestamp); err != nil {
		return fmt.Errorf("timestamp %q is not ISO 8601: %v", e.Timestamp, err)
	}
	if e.RequestID == "" {
		return fmt.Errorf("no requestId")
	}
	if e.Message == "" {
		return fmt.Errorf("no message")
	}
	hasData := len(e.Data) > 0 && string(e.Data) != "null"
	if hasData && e.Type == "" {
		return fmt.Errorf("data without a type")
	}
	if !hasData && e.Type != "" {
		return fmt.Errorf("type %q without data", e.Type)
	}
	if hasData && !json.Valid(e.Data) {
		return fmt.Errorf("data is not valid JSON")
	}
	if e.Success {
		if e.ErrorCode != "" {
			return fmt.Errorf("success with errorCode %q", e.ErrorCode)
		}
	} else {
		if e.ErrorCode == "" {
			return fmt.Errorf("error without an errorCode")
		}
		if e.list {
			return fmt.Errorf("error with list data")
		}
		if hasData && e.Type != TypeErrorDetails {
			return fmt.Errorf("error data of type %q, not %s", e.Type, TypeErrorDetails)
		}
	}
	if !e.list {
		if hasData && e.Data[0] != '{' {
			return fmt.Errorf("single-object data is not an object")
		}
		if e.Page != 0 || e.PageSize != 0 || e.TotalItems != 0 || e.TotalPage != 0 {
			return fmt.Errorf("paging figures on a non-list answer")
		}
		return nil
	}
	return checkPaging(e)
}

// checkPaging verifies that a list's length agrees with its paging figures.
func checkPaging(e *Envelope) error {
	if len(e.Data) == 0 || e.Data[0] != '[' {
		return fmt.Errorf("list data is not an array")
	}
	var items []json.RawMessage
	if err := json.Unmarshal(e.Data, &items); err != nil || len(items) != e.listLen {
		return fmt.Errorf("list data does not hold %d items", e.listLen)
	}
	if e.Page < 1 {
		return fmt.Errorf("page %d < 1", e.Page)
	}
	if e.PageSize < 1 {
		return fmt.Errorf("pageSize %d < 1", e.PageSize)
	}
	if e.TotalItems < 0 {
		return fmt.Errorf("totalItems %d < 0", e.TotalItems)
	}
	size := int64(e.PageSize)
	wantPages := (e.TotalItems + size - 1) / size
	if int64(e.TotalPage) != wantPages {
		return fmt.Errorf("totalPage %d, but %d items in pages of %d make %d", e.TotalPage, e.TotalItems, size, wantPages)
	}
	// Items before this page, and how many this page must hold.
	before := int64(e.Page-1) * size
	want := e.TotalItems - before
	if want < 0 {
		want = 0
	}
	if want > size {
		want = size
	}
	if int64(e.listLen) != want {
		return fmt.Errorf("page %d of %d items in pages of %d must hold %d items, holds %d", e.Page, e.TotalItems, size, want, e.listLen)
	}
	return nil
}

// encodeEnvelope cross-checks an envelope and encodes it. On a violation it
// logs it and returns the 500 RESPONSE_INVALID envelope instead (so status
// becomes 500).
func encodeEnvelope(e *Envelope, status int) (int, []byte, *Envelope) {
	if err := crossCheck(e); err != nil {
		slog.Error("response failed its cross-check", "request_id", e.RequestID, "error", err.Error(),
			"status", status, "error_code", e.ErrorCode, "type", e.Type)
		e = errorEnvelope(e.RequestID, CodeResponseInvalid,
			"the gateway could not produce a valid response; this is a bug, please report it with the request id", nil)
		status = http.StatusInternalServerError
	}
	raw, err := json.Marshal(e)
	if err != nil { // cannot happen: every field marshals
		panic(err)
	}
	return status, raw, e
}

// writeEnvelope sends an envelope with its status.
func writeEnvelope(w http.ResponseWriter, r *http.Request, status int, e *Envelope) {
	status, raw, e := encodeEnvelope(e, status)
	ex := exchangeFrom(r.Context())
	ex.ErrorCode = e.ErrorCode
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(raw)))
	w.WriteHeader(status)
	_, _ = w.Write(raw)
}
