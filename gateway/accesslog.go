package gateway

import (
	"io"
	"log/slog"
	"net/http"
	"time"
)

// recordingWriter remembers what was answered, for the access log, and
// holds the status back until the body starts: grpc-gateway's forward
// response option sets a success's status before the envelope is made, and
// if the envelope then fails its cross-check, the 500 replaces it.
type recordingWriter struct {
	http.ResponseWriter
	status      int
	bytes       int64
	wroteHeader bool // the status went to the client
}

func (w *recordingWriter) WriteHeader(status int) {
	if !w.wroteHeader {
		w.status = status
	}
}

// sendHeader sends the status held back (200 if none was set).
func (w *recordingWriter) sendHeader() {
	if w.wroteHeader {
		return
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.wroteHeader = true
	w.ResponseWriter.WriteHeader(w.status)
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	w.sendHeader()
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *recordingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// accessLogger writes one JSON line per request.
type accessLogger struct {
	log *slog.Logger
}

func newAccessLogger(out io.Writer) *accessLogger {
	return &accessLogger{log: slog.New(slog.NewJSONHandler(out, nil))}
}

// wrap logs each request once it is answered: time, request id, method,
// path, route, status, error code, bytes, latency.
func (a *accessLogger) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := &recordingWriter{ResponseWriter: w}
		next.ServeHTTP(rw, r)
		rw.sendHeader() // a 204, or a handler that wrote nothing
		ex := exchangeFrom(r.Context())
		status := rw.status
		route := ""
		if ex.Route != nil {
			route = ex.Route.Method + " " + ex.Route.Template
		}
		a.log.LogAttrs(r.Context(), slog.LevelInfo, "access",
			slog.String("request_id", ex.RequestID),
			slog.String("method", r.Method),
			slog.String("path", ex.Path),
			slog.String("route", route),
			slog.Int("status", status),
			slog.String("error_code", ex.ErrorCode),
			slog.Int64("bytes", rw.bytes),
			slog.Float64("duration_ms", float64(time.Since(ex.Start).Microseconds())/1000),
			slog.String("remote_addr", r.RemoteAddr),
		)
	})
}
