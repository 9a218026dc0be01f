package main

// What the document says about safe retries (Idempotency-Key,
// Idempotent-Replayed) and conditional requests (ETag, If-Match,
// If-None-Match); the gateway's side is gateway/request.go (parseEntityTags).

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// conditionalParameters declares the three request headers.
func conditionalParameters(doc *openapi3.T) {
	str := openapi3.NewStringSchema
	key := str().WithMinLength(1).WithMaxLength(255).WithPattern(`^[ -~]+$`)
	doc.Components.Parameters["IdempotencyKey"] = &openapi3.ParameterRef{Value: openapi3.NewHeaderParameter("Idempotency-Key").
		WithSchema(key).WithDescription("Your key for this one write (a UUID will do): a retry with the same key and the same " +
		"request gets the first answer again (status, data, Location; header Idempotent-Replayed: true) and writes nothing. " +
		"The same key with another request is 422 IDEMPOTENCY_KEY_REUSED; while the first is running, 409 " +
		"IDEMPOTENCY_KEY_IN_PROGRESS. A 412, 409 EMAIL_NOT_CONFIGURED or a transient failure (429, 5xx) is not kept: " +
		"retry it with the same key once the condition is fixed (say, with the current ETag). " +
		"Keys are per account and kept 24 hours. 1-255 printable ASCII characters.")}
	// RFC 9110 8.8.3: entity-tags are quoted; the gateway refuses others (gateway/request.go (parseEntityTags)).
	tags := func() *openapi3.Schema {
		// * alone, or a list of quoted tags (which may hold commas) with
		// optional white space and empty elements; empty names no tag.
		return str().WithPattern(`^([ \t]*\*[ \t]*|[ \t,]*((W/)?"[!#-~]*"([ \t]*,[ \t,]*(W/)?"[!#-~]*")*[ \t,]*)?)$`)
	}
	doc.Components.Parameters["IfMatch"] = &openapi3.ParameterRef{Value: openapi3.NewHeaderParameter("If-Match").
		WithSchema(tags()).WithDescription("Write only if the resource is still this version: its ETag as the ETag header " +
		"gives it, in double quotes (or *). Otherwise 412 PRECONDITION_FAILED and nothing is written. A value that is not " +
		"* or a list of quoted entity tags is 400 VALIDATION_ERROR. A condition, not part of the request: it does not " +
		"change what an Idempotency-Key's retry must repeat.")}
	doc.Components.Parameters["IfNoneMatch"] = &openapi3.ParameterRef{Value: openapi3.NewHeaderParameter("If-None-Match").
		WithSchema(tags()).WithDescription("The ETag you hold, in double quotes as the ETag header gives it: 304 with no " +
		"body while it is still the current one. A value that is not * or a list of quoted entity tags is 400 VALIDATION_ERROR.")}
}

// singletons are resources with no id in their path, one per account
// (AIP-156): they always exist, so every write is to an existing resource.
var singletons = map[string]bool{"/api/v1/organization": true}

// conditionalOperation adds them to an operation: Idempotency-Key on every
// write, If-Match on writes to an existing resource (a path with its id),
// If-None-Match on reading one; the ETag and Idempotent-Replayed headers of
// its successes; 304, 412 and 422 where they can happen. A request's etag
// field is gRPC's If-Match, not a REST query parameter.
func conditionalOperation(shared *openapi3.Components, method, path string, op *openapi3.Operation) {
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
	header := func(description string) *openapi3.HeaderRef {
		return &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{
			Description: description, Schema: openapi3.NewSchemaRef("", openapi3.NewStringSchema())}}}
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
			r.Value.Headers["ETag"] = header("The entity tag of this version of the resource (strong).")
		}
		if method != "GET" {
			r.Value.Headers["Idempotent-Replayed"] = header("true when this is the recorded answer of an earlier request with the same Idempotency-Key.")
		}
	}
	if method == "GET" && onResource && single {
		use("IfNoneMatch")
		notModified := openapi3.NewResponse().WithDescription("Not modified: If-None-Match names the current ETag; no body.")
		notModified.Headers = openapi3.Headers{"ETag": header("The current entity tag."), "X-Request-ID": header("The request id.")}
		op.Responses.Set("304", &openapi3.ResponseRef{Value: notModified})
	}
	shared412, shared422 := errorResponses["412"].name, errorResponses["422"].name
	if ifMatch {
		op.Responses.Set("412", &openapi3.ResponseRef{Ref: "#/components/responses/" + shared412, Value: shared.Responses[shared412].Value})
	}
	if method != "GET" && op.Responses.Value("422") == nil {
		op.Responses.Set("422", &openapi3.ResponseRef{Ref: "#/components/responses/" + shared422, Value: shared.Responses[shared422].Value})
	}
}
