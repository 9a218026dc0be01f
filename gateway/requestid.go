package gateway

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"time"
)

// HeaderRequestID is the header a client may send and always gets back.
const HeaderRequestID = "X-Request-ID"

// metadataRequestID is the gRPC metadata key the service reads and echoes.
const metadataRequestID = "x-request-id"

const maxRequestIDLen = 128

// validRequestID accepts 1-128 characters of [A-Za-z0-9._-].
func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// newRequestID makes a random id (128 bits, hex) that passes validRequestID.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on Linux
	return hex.EncodeToString(b[:])
}

// exchange is what the gateway knows about one request while handling it:
// the request id it settled on, the matched route, and what it answered
// (for the access log).
type exchange struct {
	RequestID string
	Start     time.Time
	Route     *route
	Path      string // escaped request path, for Location and the access log
	// Set when the answer is written.
	ErrorCode string
}

type exchangeKey struct{}

func exchangeFrom(ctx context.Context) *exchange {
	if ex, ok := ctx.Value(exchangeKey{}).(*exchange); ok {
		return ex
	}
	return &exchange{RequestID: newRequestID(), Start: time.Now()}
}

// withRequestID settles the request id (the client's when well formed, else a
// new one), returns it in the X-Request-ID header, and keeps it, with the
// rest of the exchange, in the request's context. It runs first.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(HeaderRequestID)
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(HeaderRequestID, id)
		ex := &exchange{RequestID: id, Start: time.Now(), Path: r.URL.EscapedPath()}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), exchangeKey{}, ex)))
	})
}
