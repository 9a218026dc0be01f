package e2e

import (
	"encoding/json"
	"net/http"
)

// situationalHeader: a documented header that only some answers of that
// status carry, so its absence is no contract breach: Idempotent-Replayed
// (only replays), a 409's Retry-After (only IDEMPOTENCY_KEY_IN_PROGRESS),
// and ETag when the resource has no etag (a stub upstream's).
func situationalHeader(name string, r *reply) bool {
	switch http.CanonicalHeaderKey(name) {
	case "Idempotent-Replayed":
		return true
	case "Retry-After":
		return r.Status == http.StatusConflict
	case "Etag":
		var body struct {
			Data struct {
				Etag string `json:"etag"`
			} `json:"data"`
		}
		_ = json.Unmarshal(r.Body, &body)
		return body.Data.Etag == ""
	}
	return false
}
