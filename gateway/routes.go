package gateway

import (
	"context"
	_ "embed"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"go.yaml.in/yaml/v3"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// apiConfigYAML is the same file that protoc-gen-grpc-gateway and
// protoc-gen-openapiv2 read. grpc-gateway's mux does the routing; this file
// only tells the request checks what the mux's generated handlers do not
// expose: which message a route's body fills and which query parameters it
// takes. A route is found by the pattern the mux matched (lookup).
//
//go:embed api_config.yaml
var apiConfigYAML []byte

// route is one HTTP binding of one RPC.
type route struct {
	Method   string // HTTP method
	Template string // e.g. /api/v1/customers/{customer_id}
	Version  string // e.g. v1
	Selector string // e.g. billing.v1.CustomerService.CreateCustomer
	RPC      protoreflect.MethodDescriptor
	// Body is the message the JSON body decodes into; nil when the route
	// takes no body.
	Body protoreflect.MessageDescriptor
	// Query maps each accepted query parameter (its camelCase JSON name) to
	// the request field it fills.
	Query map[string]protoreflect.FieldDescriptor
	// Vars are the fields the path's variables fill, in path order.
	Vars []protoreflect.FieldDescriptor
	// Success is the status of a success that is not 204 or an upsert's
	// (loadSuccessCodes).
	Success int
}

type routeTable struct {
	routes   []*route
	byKey    map[string]*route // "METHOD template"
	byRPC    map[string]*route // selector → its first binding
	versions map[string]bool
}

var versionSegment = regexp.MustCompile(`^v[0-9]+$`)

type apiConfig struct {
	HTTP struct {
		Rules []httpRule `yaml:"rules"`
	} `yaml:"http"`
}

type httpRule struct {
	Selector           string     `yaml:"selector"`
	Get                string     `yaml:"get"`
	Put                string     `yaml:"put"`
	Post               string     `yaml:"post"`
	Delete             string     `yaml:"delete"`
	Patch              string     `yaml:"patch"`
	Body               string     `yaml:"body"`
	AdditionalBindings []httpRule `yaml:"additional_bindings"`
}

func (r httpRule) binding() (method, path string, err error) {
	n := 0
	for _, b := range []struct{ m, p string }{
		{http.MethodGet, r.Get}, {http.MethodPut, r.Put}, {http.MethodPost, r.Post},
		{http.MethodDelete, r.Delete}, {http.MethodPatch, r.Patch},
	} {
		if b.p != "" {
			method, path = b.m, b.p
			n++
		}
	}
	if n != 1 {
		return "", "", fmt.Errorf("rule for %s must have exactly one method", r.Selector)
	}
	return method, path, nil
}

// loadRoutes reads the HTTP rules and resolves each selector in the protobuf
// registry (filled by the generated code).
func loadRoutes(config []byte, files *protoregistry.Files) (*routeTable, error) {
	var cfg apiConfig
	if err := yaml.Unmarshal(config, &cfg); err != nil {
		return nil, fmt.Errorf("api config: %w", err)
	}
	t := &routeTable{versions: map[string]bool{}, byKey: map[string]*route{}, byRPC: map[string]*route{}}
	for _, rule := range cfg.HTTP.Rules {
		d, err := files.FindDescriptorByName(protoreflect.FullName(rule.Selector))
		if err != nil {
			return nil, fmt.Errorf("api config: selector %s: %w", rule.Selector, err)
		}
		md, ok := d.(protoreflect.MethodDescriptor)
		if !ok {
			return nil, fmt.Errorf("api config: selector %s is not a method", rule.Selector)
		}
		bindings := append([]httpRule{rule}, rule.AdditionalBindings...)
		for i, b := range bindings {
			if i > 0 {
				b.Selector = rule.Selector
				b.Body = rule.Body
			}
			rt, err := newRoute(b, md)
			if err != nil {
				return nil, err
			}
			t.routes = append(t.routes, rt)
			t.byKey[rt.Method+" "+rt.Template] = rt
			if t.byRPC[rt.Selector] == nil {
				t.byRPC[rt.Selector] = rt
			}
			t.versions[rt.Version] = true
		}
	}
	return t, nil
}

func newRoute(rule httpRule, md protoreflect.MethodDescriptor) (*route, error) {
	method, tmpl, err := rule.binding()
	if err != nil {
		return nil, err
	}
	rt := &route{Method: method, Template: tmpl, Selector: rule.Selector, RPC: md,
		Query: map[string]protoreflect.FieldDescriptor{}}
	parts := strings.Split(strings.TrimPrefix(tmpl, "/"), "/")
	if len(parts) < 3 || parts[0] != "api" || !versionSegment.MatchString(parts[1]) {
		return nil, fmt.Errorf("api config: %s must start with /api/vN/", tmpl)
	}
	rt.Version = parts[1]
	in := md.Input()
	bound := map[protoreflect.Name]bool{}
	for _, p := range parts {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			name := protoreflect.Name(p[1 : len(p)-1])
			f := in.Fields().ByName(name)
			if f == nil {
				return nil, fmt.Errorf("api config: %s: no field %s in %s", tmpl, name, in.FullName())
			}
			bound[name] = true
			rt.Vars = append(rt.Vars, f)
		}
	}
	switch rule.Body {
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
		f := in.Fields().ByName(protoreflect.Name(rule.Body))
		if f == nil || f.Message() == nil {
			return nil, fmt.Errorf("api config: %s: body %s is not a message field of %s", tmpl, rule.Body, in.FullName())
		}
		rt.Body = f.Message()
	}
	return rt, nil
}

// lookup is the route of the pattern grpc-gateway's mux matched (in the
// request's context); nil outside the mux.
func (t *routeTable) lookup(ctx context.Context, method string) *route {
	pat, ok := runtime.HTTPPattern(ctx)
	if !ok {
		return nil
	}
	// The mux writes a variable {customer_id=*}; api_config.yaml {customer_id}.
	return t.byKey[method+" "+strings.ReplaceAll(pat.String(), "=*}", "}")]
}

// ofRPC is the route of the call the generated handler annotated the
// context with (runtime.RPCMethod, "/billing.v1.InvoiceService/ProcessInvoice");
// nil outside a call. Every binding of an RPC answers alike.
func (t *routeTable) ofRPC(ctx context.Context) *route {
	m, ok := runtime.RPCMethod(ctx)
	if !ok {
		return nil
	}
	return t.byRPC[strings.ReplaceAll(strings.TrimPrefix(m, "/"), "/", ".")]
}
