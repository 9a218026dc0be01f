package gateway

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// The status is final only once the body starts: a success's status set by
// the forward-response option gives way to the 500 of an envelope that
// failed its cross-check.
func TestRecordingWriterHoldsTheStatusUntilTheBody(t *testing.T) {
	rec := httptest.NewRecorder()
	w := &recordingWriter{ResponseWriter: rec}
	w.WriteHeader(http.StatusCreated)
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte("{}"))
	w.WriteHeader(http.StatusOK) // too late: the body has started
	if rec.Code != http.StatusInternalServerError || w.status != http.StatusInternalServerError {
		t.Errorf("sent %d, recorded %d", rec.Code, w.status)
	}
	rec = httptest.NewRecorder()
	w = &recordingWriter{ResponseWriter: rec}
	w.WriteHeader(http.StatusNoContent)
	w.sendHeader()
	if rec.Code != http.StatusNoContent || rec.Body.Len() != 0 {
		t.Errorf("204: %d %q", rec.Code, rec.Body.String())
	}
}
