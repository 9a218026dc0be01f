package gateway

import (
	"regexp"
	"testing"
)

// The document's If-Match / If-None-Match pattern and parseEntityTags
// agree: what one admits the other does (cmd/openapi3/conditional.go).
func TestEntityTagListsParseAsTheDocumentSays(t *testing.T) {
	pattern := regexp.MustCompile(`^([ \t]*\*[ \t]*|[ \t,]*((W/)?"[!#-~]*"([ \t]*,[ \t,]*(W/)?"[!#-~]*")*[ \t,]*)?)$`)
	for value, want := range map[string]int{
		`"a"`: 1, `W/"a", "b"`: 2, `",u'"`: 1, `"a,b" ,, W/"c"`: 2, ``: 0, ` , `: 0, `*`: -1,
		`a`: -2, `"a`: -2, `"a""b"`: -2, `*, "a"`: -2, `W/a`: -2, `"a b"`: -2,
	} {
		tags, any, ok := parseEntityTags([]string{value})
		got := len(tags)
		if any {
			got = -1
		} else if !ok {
			got = -2
		}
		if got != want {
			t.Errorf("%q: %d tags (any %v, ok %v), want %d", value, len(tags), any, ok, want)
		}
		if pattern.MatchString(value) != ok {
			t.Errorf("%q: the document's pattern says %v, the parser %v", value, pattern.MatchString(value), ok)
		}
	}
}
