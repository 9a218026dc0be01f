package main

// What the document says about safe retries (Idempotency-Key,
// Idempotent-Replayed) and conditional requests (ETag, If-Match,
// If-None-Match); the gateway's side is gateway/conditional.go.

// conditionalParams are the operation's conditional-request headers:
// Idempotency-Key on every write, If-Match on writes to an existing
// resource (a path with its id), If-None-Match on reading one.
func conditionalParams(method string, onResource bool) []any {
	var out []any
	if method != "get" {
		out = append(out, newObj("$ref", "#/parameters/IdempotencyKey"))
	}
	if ifMatchApplies(method, onResource) {
		out = append(out, newObj("$ref", "#/parameters/IfMatch"))
	}
	if method == "get" && onResource {
		out = append(out, newObj("$ref", "#/parameters/IfNoneMatch"))
	}
	return out
}

func ifMatchApplies(method string, onResource bool) bool {
	return method != "get" && onResource
}

func addConditionalParameters(params *obj) {
	params.set("IdempotencyKey", newObj(
		"name", "Idempotency-Key", "in", "header", "required", false, "type", "string",
		"minLength", 1, "maxLength", 255, "pattern", "^[ -~]+$",
		"description", "Your key for this one write (a UUID will do): a retry with the same key and the same request "+
			"gets the first answer again (status, data, Location; header Idempotent-Replayed: true) and writes nothing. "+
			"The same key with another request is 422 IDEMPOTENCY_KEY_REUSED; while the first is running, 409 "+
			"IDEMPOTENCY_KEY_IN_PROGRESS. Keys are per account and kept 24 hours. 1-255 printable ASCII characters.",
	))
	params.set("IfMatch", newObj(
		"name", "If-Match", "in", "header", "required", false, "type", "string",
		"description", "Write only if the resource is still this version: its ETag (or *). Otherwise 412 "+
			"PRECONDITION_FAILED and nothing is written.",
	))
	params.set("IfNoneMatch", newObj(
		"name", "If-None-Match", "in", "header", "required", false, "type", "string",
		"description", "The ETag you hold: 304 with no body while it is still the current one.",
	))
}

// addConditionalHeaders documents, on the success responses, the ETag of a
// single resource and Idempotent-Replayed of a write; and a GET's 304.
func addConditionalHeaders(responses *obj, method string) {
	for _, code := range responses.keys {
		r := responses.obj(code)
		headers := r.obj("headers")
		if headers == nil {
			continue
		}
		if r.obj("schema") != nil && !isList(r) {
			headers.set("ETag", newObj("type", "string", "description", "The entity tag of this version of the resource (strong)."))
			if method == "get" {
				responses.set("304", newObj("description", "Not modified: If-None-Match names the current ETag; no body.",
					"headers", newObj("ETag", newObj("type", "string", "description", "The current entity tag."))))
			}
		}
		if method != "get" {
			headers.set("Idempotent-Replayed", newObj("type", "string", "enum", []any{"true"},
				"description", "Present when this is the recorded answer of an earlier request with the same Idempotency-Key."))
		}
	}
}

func isList(r *obj) bool {
	s := r.obj("schema")
	return s != nil && len(s.str("$ref")) > len("ListEnvelope") &&
		s.str("$ref")[len(s.str("$ref"))-len("ListEnvelope"):] == "ListEnvelope"
}
