package gateway

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"

	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	billingv1 "billing/gateway/gen/billing/v1"
)

// The routing table: every HTTP binding of every billing.v1 RPC, read once
// at start from the descriptors the generated code registers (the
// google.api.http and billing.v1.method options, google.api.field_behavior).
// grpc-gateway's mux is generated from the same annotations; this table
// tells the gateway what the mux's handlers do not expose: the body and
// query of a route, its answer's shape and status, and (for 405) which
// methods a path has.

// route is one HTTP binding of one RPC.
type route struct {
	Method   string // HTTP method
	Template string // e.g. /api/v1/customers/{customer_id}
	Version  string // e.g. v1
	Selector string // e.g. billing.v1.CustomerService.CreateCustomer
	RPC      protoreflect.MethodDescriptor
	// Facts are the RPC's declared answer: status, shape, type, scope.
	Facts *billingv1.MethodFacts
	// Body is the message the JSON body decodes into; nil when the route
	// takes no body.
	Body protoreflect.MessageDescriptor
	// Query maps each accepted query parameter (its camelCase JSON name) to
	// the request field it fills.
	Query map[string]protoreflect.FieldDescriptor
	// Vars are the fields the path's variables fill, in path order.
	Vars []protoreflect.FieldDescriptor
	// segments is Template split on "/"; a variable is "".
	segments []string
	// label is the template as the OpenAPI document writes it
	// (/api/v1/invoices/{invoice-id}): the metrics' route label.
	label string
}

type routeTable struct {
	routes   []*route
	byKey    map[string]*route // "METHOD template"
	versions map[string]bool
}

var versionSegment = regexp.MustCompile(`^v[0-9]+$`)

// loadRoutes reads every RPC of the billing.v1 services that has an HTTP
// binding.
func loadRoutes(files *protoregistry.Files) (*routeTable, error) {
	t := &routeTable{versions: map[string]bool{}, byKey: map[string]*route{}}
	var err error
	files.RangeFilesByPackage("billing.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := 0; i < fd.Services().Len() && err == nil; i++ {
			methods := fd.Services().Get(i).Methods()
			for j := 0; j < methods.Len() && err == nil; j++ {
				err = t.addMethod(methods.Get(j))
			}
		}
		return err == nil
	})
	if err != nil {
		return nil, err
	}
	if len(t.routes) == 0 {
		return nil, fmt.Errorf("no billing.v1 RPC has an HTTP binding")
	}
	return t, nil
}

func (t *routeTable) addMethod(md protoreflect.MethodDescriptor) error {
	rule, _ := proto.GetExtension(md.Options(), annotations.E_Http).(*annotations.HttpRule)
	if rule == nil {
		return nil
	}
	facts, _ := proto.GetExtension(md.Options(), billingv1.E_Method).(*billingv1.MethodFacts)
	if facts == nil || facts.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_UNSPECIFIED || facts.GetSuccessStatus() == 0 {
		return fmt.Errorf("%s: an HTTP binding without its (billing.v1.method) facts", md.FullName())
	}
	for _, b := range append([]*annotations.HttpRule{rule}, rule.GetAdditionalBindings()...) {
		rt, err := newRoute(b, rule.GetBody(), md, facts)
		if err != nil {
			return err
		}
		t.routes = append(t.routes, rt)
		t.byKey[rt.Method+" "+rt.Template] = rt
		t.versions[rt.Version] = true
	}
	return nil
}

func newRoute(rule *annotations.HttpRule, body string, md protoreflect.MethodDescriptor, facts *billingv1.MethodFacts) (*route, error) {
	method, tmpl := "", ""
	switch p := rule.GetPattern().(type) {
	case *annotations.HttpRule_Get:
		method, tmpl = http.MethodGet, p.Get
	case *annotations.HttpRule_Put:
		method, tmpl = http.MethodPut, p.Put
	case *annotations.HttpRule_Post:
		method, tmpl = http.MethodPost, p.Post
	case *annotations.HttpRule_Delete:
		method, tmpl = http.MethodDelete, p.Delete
	case *annotations.HttpRule_Patch:
		method, tmpl = http.MethodPatch, p.Patch
	default:
		return nil, fmt.Errorf("%s: unsupported HTTP binding %v", md.FullName(), rule)
	}
	rt := &route{Method: method, Template: tmpl, Selector: string(md.FullName()), RPC: md, Facts: facts,
		Query: map[string]protoreflect.FieldDescriptor{}}
	parts := strings.Split(strings.TrimPrefix(tmpl, "/"), "/")
	if len(parts) < 3 || parts[0] != "api" || !versionSegment.MatchString(parts[1]) {
		return nil, fmt.Errorf("%s: %s must start with /api/vN/", md.FullName(), tmpl)
	}
	rt.Version = parts[1]
	in := md.Input()
	bound := map[protoreflect.Name]bool{}
	label := make([]string, len(parts))
	for i, p := range parts {
		label[i] = p
		rt.segments = append(rt.segments, p)
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			name := protoreflect.Name(p[1 : len(p)-1])
			f := in.Fields().ByName(name)
			if f == nil {
				return nil, fmt.Errorf("%s: no field %s in %s", tmpl, name, in.FullName())
			}
			bound[name] = true
			rt.Vars = append(rt.Vars, f)
			rt.segments[i] = ""
			label[i] = "{" + publishedPathParam(f) + "}"
		}
	}
	rt.label = "/" + strings.Join(label, "/")
	switch body {
	case "":
		// Every field not bound by the path is a query parameter. Only
		// scalars and enums can be given that way.
		fields := in.Fields()
		for i := 0; i < fields.Len(); i++ {
			f := fields.Get(i)
			if bound[f.Name()] || f.IsList() || f.IsMap() || f.Message() != nil || f.Name() == etagField {
				continue
			}
			rt.Query[f.JSONName()] = f
		}
	case "*":
		rt.Body = in
	default:
		f := in.Fields().ByName(protoreflect.Name(body))
		if f == nil || f.Message() == nil {
			return nil, fmt.Errorf("%s: body %s is not a message field of %s", tmpl, body, in.FullName())
		}
		rt.Body = f.Message()
	}
	return rt, nil
}

// matches tells whether the path's segments fit the template, as the
// mux's patterns match: a variable takes one segment, any.
func (rt *route) matches(segments []string) bool {
	if len(segments) != len(rt.segments) {
		return false
	}
	for i, s := range rt.segments {
		if s != "" && s != segments[i] {
			return false
		}
	}
	return true
}

// pathSegments splits a request path as the mux does (the escaped form
// when the URL has one).
func pathSegments(r *http.Request) []string {
	p := r.URL.Path
	if r.URL.RawPath != "" {
		p = r.URL.RawPath
	}
	return strings.Split(strings.TrimPrefix(p, "/"), "/")
}

// lookup is the route of method for the request's path, among those the
// mux matched it to; nil if none.
func (t *routeTable) lookup(r *http.Request) *route {
	segments := pathSegments(r)
	for _, rt := range t.routes {
		if rt.Method == r.Method && rt.matches(segments) {
			return rt
		}
	}
	return nil
}

// allowed lists the methods the table routes for the request's path, in
// the order of allowedOrder (the 405's Allow).
func (t *routeTable) allowed(r *http.Request) []string {
	segments := pathSegments(r)
	var out []string
	for _, m := range allowedOrder {
		for _, rt := range t.routes {
			if rt.Method == m && rt.matches(segments) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

var allowedOrder = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// routeOf is the route of the request being answered (set by
// checkRequest); nil outside a routed call.
func routeOf(ctx context.Context) *route { return exchangeFrom(ctx).Route }

// outputOnly tells whether a request may carry the field back only to have
// it ignored (google.api.field_behavior OUTPUT_ONLY, AIP-203), unless it is
// settable_by_update and this is the top level of a PATCH body.
func outputOnly(f protoreflect.FieldDescriptor, patchTop bool) bool {
	b, ok := fieldBehaviours.Load(f)
	if !ok {
		b = readFieldBehaviour(f)
		fieldBehaviours.Store(f, b)
	}
	switch b.(behaviour) {
	case ignored:
		return true
	case settableByUpdate:
		return !patchTop
	}
	return false
}

type behaviour int

const (
	writable behaviour = iota
	ignored
	settableByUpdate
)

// fieldBehaviours caches readFieldBehaviour by field descriptor: the
// options are read once, not on every request.
var fieldBehaviours sync.Map

func readFieldBehaviour(f protoreflect.FieldDescriptor) behaviour {
	behaviours, _ := proto.GetExtension(f.Options(), annotations.E_FieldBehavior).([]annotations.FieldBehavior)
	if !slices.Contains(behaviours, annotations.FieldBehavior_OUTPUT_ONLY) {
		return writable
	}
	if settable, _ := proto.GetExtension(f.Options(), billingv1.E_SettableByUpdate).(bool); settable {
		return settableByUpdate
	}
	return ignored
}
