package main

// Where the document's safe retries (Idempotency-Key, Idempotent-Replayed)
// and conditional requests (ETag, If-Match, If-None-Match) apply; their
// words are openapi_config.yaml's, the gateway's side is gateway/request.go
// (parseEntityTags).

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// singletons are resources with no id in their path, one per account
// (AIP-156): they always exist, so every write is to an existing resource.
var singletons = map[string]bool{"/api/v1/organization": true}

// conditionalOperation adds them to an operation: Idempotency-Key on every
// write, If-Match on writes to an existing resource (a path with its id),
// If-None-Match on reading one; the ETag and Idempotent-Replayed headers of
// its successes; 304, 412 and 422 where they can happen. A request's etag
// field is gRPC's If-Match, not a REST query parameter.
func conditionalOperation(shared *openapi3.Components, cfg *published, method, path string, op *openapi3.Operation) {
	onResource := strings.Contains(path, "{") || singletons[path]
	kept := op.Parameters[:0]
	for _, p := range op.Parameters {
		if p.Value == nil || p.Value.In != openapi3.ParameterInQuery || p.Value.Name != "etag" {
			kept = append(kept, p)
		}
	}
	op.Parameters = kept
	use := func(name string) {
		op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Ref: "#/components/parameters/" + name, Value: shared.Parameters[name].Value})
	}
	if method != "GET" {
		use("IdempotencyKey")
	}
	ifMatch := method != "GET" && onResource
	if ifMatch {
		use("IfMatch")
	}
	single := false
	for _, code := range []string{"200", "201", "202", "204"} {
		r := op.Responses.Value(code)
		if r == nil || r.Value == nil {
			continue
		}
		if r.Value.Headers == nil {
			r.Value.Headers = openapi3.Headers{}
		}
		if mt := r.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil && !strings.HasSuffix(mt.Schema.Ref, "ListEnvelope") {
			single = true
			r.Value.Headers["ETag"] = cfg.SuccessHeaders["ETag"]
		}
		if method != "GET" {
			r.Value.Headers["Idempotent-Replayed"] = cfg.SuccessHeaders["Idempotent-Replayed"]
		}
	}
	if method == "GET" && onResource && single {
		use("IfNoneMatch")
		op.Responses.Set("304", &openapi3.ResponseRef{Value: cfg.NotModified})
	}
	if ifMatch {
		sharedResponse(op, cfg, shared, "412")
	}
	if method != "GET" && op.Responses.Value("422") == nil {
		sharedResponse(op, cfg, shared, "422")
	}
}
