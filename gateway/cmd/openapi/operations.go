package main

// The operations: one per google.api.http binding of each billing.v1 RPC,
// with its parameters (the request's fields), its body, the success
// responses its billing.v1.method facts declare, and the shared error
// responses, safe retries and conditional requests that apply to it.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	billingv1 "billing/gateway/gen/billing/v1"
	"billing/gateway/internal/restapi"
)

// route is one binding of a method.
type route struct {
	method, path, body string
}

// bindings are a rule's routes, its additional bindings after it.
func bindings(rule *annotations.HttpRule) []route {
	var out []route
	for _, r := range append([]*annotations.HttpRule{rule}, rule.GetAdditionalBindings()...) {
		for _, b := range []route{{"GET", r.GetGet(), ""}, {"PUT", r.GetPut(), ""}, {"POST", r.GetPost(), ""}, {"DELETE", r.GetDelete(), ""}, {"PATCH", r.GetPatch(), ""}} {
			if b.path != "" {
				out = append(out, route{b.method, b.path, r.GetBody()})
			}
		}
	}
	return out
}

var pathVar = regexp.MustCompile(`\{([^}=]+)\}`)

// singletons are resources with no id in their path, one per account
// (AIP-156): they always exist, so every write is to an existing resource.
var singletons = map[string]bool{"/api/v1/organization": true}

func (g *generator) paths() (*openapi3.Paths, error) {
	paths := openapi3.NewPaths()
	err := restapi.EachMethod(g.files, func(md protoreflect.MethodDescriptor, facts *billingv1.MethodFacts) error {
		rule, _ := proto.GetExtension(md.Options(), annotations.E_Http).(*annotations.HttpRule)
		if rule == nil {
			return nil
		}
		if facts == nil {
			return fmt.Errorf("%s declares no billing.v1.method facts", md.FullName())
		}
		for i, b := range bindings(rule) {
			id := string(md.Parent().Name()) + "_" + string(md.Name())
			if i > 0 {
				id += strconv.Itoa(i + 1)
			}
			path, op, err := g.operation(md, facts, b, id)
			if err != nil {
				return fmt.Errorf("%s %s: %w", b.method, b.path, err)
			}
			item := paths.Value(path)
			if item == nil {
				item = &openapi3.PathItem{}
				paths.Set(path, item)
			}
			item.SetOperation(b.method, op)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Once every path is known.
	linkCreatedToGet(paths)
	return paths, nil
}

func (g *generator) operation(md protoreflect.MethodDescriptor, facts *billingv1.MethodFacts, b route, id string) (string, *openapi3.Operation, error) {
	words, ok := g.cfg.Operations[string(md.FullName())]
	if !ok {
		return "", nil, fmt.Errorf("%s has no summary and description in openapi_config.yaml", md.FullName())
	}
	tag, ok := g.cfg.tag[string(md.Parent().FullName())]
	if !ok {
		return "", nil, fmt.Errorf("%s has no tag in openapi_config.yaml", md.Parent().FullName())
	}
	op := &openapi3.Operation{
		OperationID: id,
		Summary:     words.Summary,
		Description: words.Description,
		Tags:        []string{tag},
		Responses:   openapi3.NewResponsesWithCapacity(0), // no "default"
	}
	req := md.Input()
	inPath := map[protoreflect.Name]bool{}
	path := b.path
	for _, v := range pathVar.FindAllStringSubmatch(b.path, -1) {
		f := req.Fields().ByName(protoreflect.Name(v[1]))
		if f == nil {
			return "", nil, fmt.Errorf("no field %s", v[0])
		}
		inPath[f.Name()] = true
		p, err := g.parameter(f, openapi3.ParameterInPath)
		if err != nil {
			return "", nil, err
		}
		op.Parameters = append(op.Parameters, p)
		path = strings.Replace(path, v[0], "{"+p.Value.Name+"}", 1)
	}
	// The other fields are query parameters: no route takes its body as "*"
	// (requestBody refuses one).
	for i := 0; i < req.Fields().Len(); i++ {
		f := req.Fields().Get(i)
		// A request's etag field is gRPC's If-Match, not a REST query parameter.
		// A PATCH's field mask is the body's fields.
		if inPath[f.Name()] || string(f.Name()) == b.body || f.Name() == "etag" ||
			b.method == "PATCH" && f.Message() != nil && f.Message().FullName() == "google.protobuf.FieldMask" {
			continue
		}
		p, err := g.parameter(f, openapi3.ParameterInQuery)
		if err != nil {
			return "", nil, err
		}
		op.Parameters = append(op.Parameters, p)
	}
	g.useParameter(op, "RequestId")
	if b.body != "" {
		if err := g.requestBody(op, req, b); err != nil {
			return "", nil, err
		}
	}
	if err := g.successResponses(op, md, facts); err != nil {
		return "", nil, err
	}
	for _, code := range errorCodes(b.method, op) {
		g.errorResponse(op, code)
	}
	g.conditional(op, b.method, path)
	if facts.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_BODY {
		if err := g.document(op, facts.GetMediaType()); err != nil {
			return "", nil, err
		}
	}
	return path, op, nil
}

// parameter is a request field as a path or query parameter, by the
// field's published (for a path, kebab-case) name; the query parameters'
// paging words and bounds are the configuration's.
func (g *generator) parameter(f protoreflect.FieldDescriptor, in string) (*openapi3.ParameterRef, error) {
	schema, err := g.field(f)
	if err != nil {
		return nil, err
	}
	s := schema.Value
	if f.Kind() == protoreflect.EnumKind {
		c := *s.AllOf[0].Value
		c.Description, c.Title = s.Description, s.Title
		s = &c
	}
	description := strings.TrimSpace(strings.Join([]string{strings.TrimSpace(s.Title), strings.TrimSpace(s.Description)}, "\n\n"))
	p := &openapi3.Parameter{
		Name:        f.JSONName(),
		In:          in,
		Description: description,
		Required:    in == openapi3.ParameterInPath || has(f, annotations.FieldBehavior_REQUIRED),
		Schema: &openapi3.SchemaRef{Value: &openapi3.Schema{
			Type: s.Type, Format: s.Format, Pattern: s.Pattern, Enum: s.Enum, Items: s.Items,
			MinLength: s.MinLength, MaxLength: s.MaxLength, Min: s.Min, Max: s.Max,
		}},
	}
	if s.Example != nil {
		p.Extensions = map[string]any{"x-example": s.Example}
	}
	if in == openapi3.ParameterInPath {
		p.Name = restapi.PathParam(f.JSONName())
		return &openapi3.ParameterRef{Value: p}, nil
	}
	if q, ok := g.cfg.Published.QueryParameters[p.Name]; ok {
		p.Description = q.Description
		if b := q.Schema; b != nil && b.Value != nil {
			p.Schema.Value.Min, p.Schema.Value.Max, p.Schema.Value.Default = b.Value.Min, b.Value.Max, b.Value.Default
		}
	}
	if ps := p.Schema.Value; ps.Type.Is(openapi3.TypeString) && ps.MinLength == 0 {
		// The gateway refuses an empty filter (request.go, queryValue)
		// rather than guess whether it means "none" or "the empty
		// string": leave the parameter out instead.
		ps.MinLength = 1
	}
	return &openapi3.ParameterRef{Value: p}, nil
}

// useParameter adds the shared parameter name to op.
func (g *generator) useParameter(op *openapi3.Operation, name string) {
	op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Ref: "#/components/parameters/" + name, Value: g.cfg.Published.Components.Parameters[name].Value})
}

// errorResponse refers an operation's status to the error response the
// configuration names for it.
func (g *generator) errorResponse(op *openapi3.Operation, code string) {
	name := g.cfg.Published.ErrorResponses[code]
	op.Responses.Set(code, &openapi3.ResponseRef{Ref: "#/components/responses/" + name, Value: g.cfg.Published.Components.Responses[name].Value})
}

// errorCodes are the failures an operation can answer: 409 and 422 (a
// reused Idempotency-Key, a bad body) only for what writes, 413 and 415
// only with a body; 412 is conditional's.
func errorCodes(method string, op *openapi3.Operation) []string {
	codes := []string{"400", "401", "403", "404", "406", "410", "429", "431", "500", "503", "504"}
	if method != "GET" {
		codes = append(codes, "409", "422")
	}
	if op.RequestBody != nil {
		codes = append(codes, "413", "415")
	}
	return codes
}

// successResponses are the method's facts: status, envelope and headers,
// worded by the configuration's successResponses.
func (g *generator) successResponses(op *openapi3.Operation, md protoreflect.MethodDescriptor, f *billingv1.MethodFacts) error {
	words := g.cfg.SuccessResponses
	header := func(description string) *openapi3.HeaderRef {
		return &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{
			Description: description, Schema: openapi3.NewStringSchema().NewRef()}}}
	}
	// response adds a success: its words, a Location header when told, the
	// envelope message named (cmd/envelopes writes one for every type the
	// facts name) when not "".
	response := func(code int32, description, location, envelope string) error {
		r := openapi3.NewResponse().WithDescription(description)
		r.Headers = openapi3.Headers{"X-Request-Id": header(words.RequestID)}
		if location != "" {
			r.Headers["Location"] = header(location)
		}
		if envelope != "" {
			ref, err := g.message(protoreflect.FullName("billing.rest.v1." + envelope))
			if err != nil {
				return err
			}
			r.Content = openapi3.NewContentWithJSONSchemaRef(ref)
		}
		op.Responses.Set(strconv.Itoa(int(code)), &openapi3.ResponseRef{Value: r})
		return nil
	}
	one := f.GetType() + "Envelope"
	single := strings.ReplaceAll(words.Single, "{type}", f.GetType())
	if w, ok := words.Method[string(md.FullName())]; ok {
		single = w
	}
	switch status, shape := f.GetSuccessStatus(), f.GetShape(); {
	case shape == billingv1.ResponseShape_RESPONSE_SHAPE_UPSERT:
		if err := response(200, words.Replaced, "", one); err != nil {
			return err
		}
		return response(201, words.Upserted, words.Location, one)
	case shape == billingv1.ResponseShape_RESPONSE_SHAPE_BODY:
		return response(200, strings.ReplaceAll(words.Document, "{mediaType}", f.GetMediaType()), "", "")
	case shape == billingv1.ResponseShape_RESPONSE_SHAPE_EMPTY || status == 204:
		return response(204, words.Empty, "", "")
	case shape == billingv1.ResponseShape_RESPONSE_SHAPE_LIST || shape == billingv1.ResponseShape_RESPONSE_SHAPE_PAGED:
		return response(status, strings.ReplaceAll(words.List, "{type}", f.GetType()), "", f.GetType()+"ListEnvelope")
	case status == 201:
		return response(201, words.Created, words.Location, one)
	case status == 202:
		return response(202, words.Accepted, words.AcceptedLocation, one)
	case status == 200:
		return response(200, single, "", one)
	}
	return fmt.Errorf("%s: success_status %d", md.FullName(), f.GetSuccessStatus())
}

// conditional adds the safe retries and conditional requests: an
// Idempotency-Key on every write, If-Match on writes to an existing
// resource (a path with its id), If-None-Match on reading one; the ETag and
// Idempotent-Replayed headers of its successes; 304, 412 and 422 where
// they can happen. The gateway's side is gateway/request.go.
func (g *generator) conditional(op *openapi3.Operation, method, path string) {
	cfg := g.cfg.Published
	onResource := strings.Contains(path, "{") || singletons[path]
	if method != "GET" {
		g.useParameter(op, "IdempotencyKey")
	}
	ifMatch := method != "GET" && onResource
	if ifMatch {
		g.useParameter(op, "IfMatch")
	}
	single := false
	for _, code := range []string{"200", "201", "202", "204"} {
		r := op.Responses.Value(code)
		if r == nil {
			continue
		}
		if mt := r.Value.Content.Get("application/json"); mt != nil && !strings.HasSuffix(mt.Schema.Ref, "ListEnvelope") {
			single = true
			r.Value.Headers["ETag"] = cfg.SuccessHeaders["ETag"]
		}
		if method != "GET" {
			r.Value.Headers["Idempotent-Replayed"] = cfg.SuccessHeaders["Idempotent-Replayed"]
		}
	}
	if method == "GET" && onResource && single {
		g.useParameter(op, "IfNoneMatch")
		op.Responses.Set("304", &openapi3.ResponseRef{Value: cfg.NotModified})
	}
	if ifMatch {
		g.errorResponse(op, "412")
	}
}

// document describes a route that answers a document (PDF, XML) instead of
// an envelope: its 200 is the bytes of its media type, with the ETag (a
// hash of the bytes) and Content-Disposition headers; If-None-Match gives
// 304; its media type's 409. Errors stay the envelope.
func (g *generator) document(op *openapi3.Operation, mediaType string) error {
	cfg := g.cfg.Published
	conflict := cfg.DocumentConflict[mediaType]
	if conflict == nil {
		return fmt.Errorf("%s: media type %s has no 409 in openapi_config.yaml", op.OperationID, mediaType)
	}
	r := op.Responses.Value("200").Value
	r.Content = openapi3.NewContentWithSchema(openapi3.NewStringSchema().WithFormat("binary"), []string{mediaType})
	for name, h := range cfg.DocumentHeaders {
		r.Headers[name] = h
	}
	g.useParameter(op, "IfNoneMatch")
	op.Responses.Set("304", &openapi3.ResponseRef{Value: cfg.NotModified})
	op.Responses.Set("409", &openapi3.ResponseRef{Value: conflict})
	return nil
}

// linkCreatedToGet links each create (a POST answering 201 or 202) to the
// GET of what it made, the path below it with one more parameter, through
// data.id: tools that chain calls (Swagger UI's links, Schemathesis's
// stateful phase) then find the new resource.
func linkCreatedToGet(paths *openapi3.Paths) {
	for _, itemPath := range paths.InMatchingOrder() {
		i := strings.LastIndex(itemPath, "/{")
		param, ok := strings.CutSuffix(itemPath[i+2:], "}")
		get, parent := paths.Value(itemPath).Get, paths.Value(itemPath[:max(i, 0)])
		if i < 0 || !ok || strings.Contains(param, "/") || get == nil || parent == nil || parent.Post == nil {
			continue
		}
		for _, code := range []string{"201", "202"} {
			if created := parent.Post.Responses.Value(code); created != nil {
				created.Value.Links = openapi3.Links{"Get": &openapi3.LinkRef{Value: &openapi3.Link{
					OperationID: get.OperationID,
					Parameters:  map[string]any{param: "$response.body#/data/id"},
					Description: "The resource just made.",
				}}}
			}
		}
	}
}
