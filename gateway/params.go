package gateway

import (
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"google.golang.org/protobuf/reflect/protoreflect"

	"billing/gateway/internal/restapi"
)

// MaxPageSize is the largest page a list answers with; the service enforces
// the same limit, the gateway checks it as plain HTTP parameter parsing.
const MaxPageSize = restapi.MaxPageSize

// intRanges bounds the integer query parameters by the request field they
// fill. Paging is 1-based: page=0 is refused in REST, where "0 means the
// default" is a protobuf convention, not an HTTP one.
var intRanges = map[protoreflect.Name][2]int64{
	"page":      {1, math.MaxInt32},
	"page_size": {1, MaxPageSize},
}

// checkQuery parses a route's query parameters: each must be one the route
// accepts, given once, and well formed; enum words become protobuf enum names
// for grpc-gateway. It returns the rewritten query or the violations.
func checkQuery(rt *route, rawQuery string) (string, []FieldViolation) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", []FieldViolation{{Field: "", Description: "the query string is malformed: " + err.Error()}}
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var violations []FieldViolation
	out := url.Values{}
	for _, k := range keys {
		vs := q[k]
		f, ok := rt.Query[k]
		if !ok {
			violations = append(violations, FieldViolation{Field: k, Description: unknownParam(rt)})
			continue
		}
		if len(vs) != 1 {
			violations = append(violations, FieldViolation{Field: k, Description: "must be given at most once"})
			continue
		}
		v, problem := queryValue(f, vs[0])
		if problem != "" {
			violations = append(violations, FieldViolation{Field: k, Description: problem})
			continue
		}
		out.Set(k, v)
	}
	if len(violations) > 0 {
		return "", violations
	}
	return out.Encode(), nil
}

func unknownParam(rt *route) string {
	if len(rt.Query) == 0 {
		return "unknown query parameter; this route takes none"
	}
	names := make([]string, 0, len(rt.Query))
	for n := range rt.Query {
		names = append(names, n)
	}
	sort.Strings(names)
	return "unknown query parameter; this route takes: " + strings.Join(names, ", ")
}

// queryValue checks one value and returns it in the form grpc-gateway
// parses, or a description of what is wrong.
func queryValue(f protoreflect.FieldDescriptor, v string) (string, string) {
	switch f.Kind() {
	case protoreflect.StringKind:
		if v == "" {
			return "", "must not be empty"
		}
		if !utf8.ValidString(v) {
			// A protobuf string holds only UTF-8; the call could not be
			// sent upstream.
			return "", "must be UTF-8 text (percent-encoded UTF-8 in the URL)"
		}
		return v, ""
	case protoreflect.BoolKind:
		if v != "true" && v != "false" {
			return "", "must be true or false"
		}
		return v, ""
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
		if f.Kind() == protoreflect.Int64Kind || f.Kind() == protoreflect.Sint64Kind || f.Kind() == protoreflect.Sfixed64Kind {
			lo, hi = math.MinInt64, math.MaxInt64
		}
		if r, ok := intRanges[f.Name()]; ok {
			lo, hi = r[0], r[1]
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < lo || n > hi {
			if hi == math.MaxInt32 || hi == math.MaxInt64 {
				return "", fmt.Sprintf("must be an integer of at least %d", lo)
			}
			return "", fmt.Sprintf("must be an integer from %d to %d", lo, hi)
		}
		return strconv.FormatInt(n, 10), ""
	case protoreflect.EnumKind:
		ev, ok := enumValueByWord(f.Enum(), v)
		if !ok {
			return "", fmt.Sprintf("unknown value %q; must be one of: %s", v, strings.Join(enumWords(f.Enum()), ", "))
		}
		return string(ev.Name()), ""
	default:
		return "", "cannot be given as a query parameter"
	}
}

// checkPath checks the route's path variables (as the mux unescaped them):
// each must be UTF-8 text, which is all a protobuf string can hold
// (otherwise the call could not even be sent upstream). Violations name the
// variable as the published document does (invoice-id).
func checkPath(rt *route, pathParams map[string]string) []FieldViolation {
	var violations []FieldViolation
	for _, f := range rt.Vars {
		if !utf8.ValidString(pathParams[string(f.Name())]) {
			violations = append(violations, FieldViolation{Field: publishedPathParam(f),
				Description: "must be UTF-8 text (percent-encoded UTF-8 in the URL)"})
		}
	}
	return violations
}

// publishedPathParam is a path variable's name in the OpenAPI document.
func publishedPathParam(f protoreflect.FieldDescriptor) string {
	return restapi.PathParam(f.JSONName())
}

// pathID is the (first) path variable's value: the id of the resource a
// route names.
func pathID(rt *route, pathParams map[string]string) string {
	if len(rt.Vars) == 0 {
		return ""
	}
	return pathParams[string(rt.Vars[0].Name())]
}
