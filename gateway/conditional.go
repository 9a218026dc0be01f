package gateway

import (
	"net/http"
	"strings"
)

// Conditional requests (RFC 9110 13.1): If-Match goes to the service, which
// compares it inside the write's transaction; If-None-Match on GET is
// answered here (withNotModified). Both are read by parseEntityTags, so one
// rule decides what either header may hold.

// entityTag is one element of an If-Match / If-None-Match list.
type entityTag struct {
	weak   bool
	opaque string // with its quotes, as the ETag header holds it
}

// parseEntityTags reads the values of an If-Match or If-None-Match header
// (RFC 9110 13.1.1, 13.1.2): "*" alone, or a comma-separated list of
// entity-tags, each DQUOTE *etagc DQUOTE, optionally W/-prefixed (8.8.3).
// Empty list elements are allowed (5.6.1), and a value with none (an empty
// header) names no tag: it is read as not sent, as it always was. A bare,
// unquoted tag is not an entity-tag: ok is false.
func parseEntityTags(values []string) (tags []entityTag, any, ok bool) {
	s := strings.Join(values, ",")
	if strings.Trim(s, " \t") == "*" {
		return nil, true, true
	}
	// A tag may hold commas ("a,b"), so the list is scanned, not split.
	for i := 0; ; {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == ',') {
			i++ // OWS and empty elements
		}
		if i == len(s) {
			return tags, false, true
		}
		t := entityTag{}
		if strings.HasPrefix(s[i:], "W/") {
			t.weak, i = true, i+2
		}
		if i >= len(s) || s[i] != '"' {
			return nil, false, false
		}
		end := i + 1
		// etagc = %x21 / %x23-7E (obs-text, bytes over 0x7F, is obsolete and no ETag here has it)
		for ; end < len(s) && s[end] != '"'; end++ {
			if c := s[end]; c < 0x21 || c >= 0x7f {
				return nil, false, false
			}
		}
		if end == len(s) {
			return nil, false, false
		}
		t.opaque = s[i : end+1]
		tags = append(tags, t)
		for i = end + 1; i < len(s) && (s[i] == ' ' || s[i] == '\t'); i++ {
		}
		if i < len(s) && s[i] != ',' {
			return nil, false, false
		}
	}
}

// checkConditionalHeaders is 400 VALIDATION_ERROR for an If-Match or
// If-None-Match that is not "*" or a list of entity-tags (quoted). A
// malformed If-Match cannot be compared with anything, and writing as if it
// had not been sent would drop the caller's condition.
func checkConditionalHeaders(r *http.Request) *apiError {
	var v []FieldViolation
	for _, h := range []struct{ header, field string }{{"If-Match", "ifMatch"}, {"If-None-Match", "ifNoneMatch"}} {
		if values := r.Header.Values(h.header); len(values) > 0 {
			tags, any, ok := parseEntityTags(values)
			if !ok {
				v = append(v, FieldViolation{Field: h.field,
					Description: `must be * or a comma-separated list of entity tags in double quotes, as the ETag header gives them ("abc", W/"abc")`})
			} else if !any && len(tags) == 0 {
				// Empty: not a condition, and not forwarded as one.
				r.Header.Del(h.header)
			}
		}
	}
	if v == nil {
		return nil
	}
	return &apiError{Status: http.StatusBadRequest, Code: CodeValidationError,
		Message: "invalid conditional header: " + violationSummary(v), Violations: v}
}

// etagListed is If-None-Match's weak comparison (RFC 9110 8.8.3.2): "*" or
// any listed tag whose opaque-tag equals etag's.
func etagListed(values []string, etag string) bool {
	if etag == "" {
		return false
	}
	tags, any, ok := parseEntityTags(values)
	if !ok {
		return false
	}
	if any {
		return true
	}
	etag = strings.TrimPrefix(etag, "W/")
	for _, t := range tags {
		if t.opaque == etag {
			return true
		}
	}
	return false
}
