package e2e

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	billingv1 "billing/gateway/gen/billing/v1"
)

// everyScope is every scope the service knows (src/auth/scopes.h).
var everyScope = []string{"customers:read", "customers:write", "invoices:read", "invoices:write",
	"revenue:read", "revenue:write", "events:read", "webhooks:read", "webhooks:write",
	"organization:read", "organization:write", "tax_rates:read", "tax_rates:write"}

// declaredRoute is one HTTP binding and the scope its RPC declares
// (billing.v1.method).
type declaredRoute struct {
	method, template, scope string
	body                    protoreflect.MessageDescriptor
}

// declaredRoutes reads every binding from the descriptors, as the gateway
// does.
func declaredRoutes(t *testing.T) []declaredRoute {
	var out []declaredRoute
	protoregistry.GlobalFiles.RangeFilesByPackage("billing.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := 0; i < fd.Services().Len(); i++ {
			methods := fd.Services().Get(i).Methods()
			for j := 0; j < methods.Len(); j++ {
				md := methods.Get(j)
				rule, _ := proto.GetExtension(md.Options(), annotations.E_Http).(*annotations.HttpRule)
				facts, _ := proto.GetExtension(md.Options(), billingv1.E_Method).(*billingv1.MethodFacts)
				if rule == nil || facts == nil {
					t.Errorf("%s has no binding or no facts", md.FullName())
					continue
				}
				var body protoreflect.MessageDescriptor
				if f := md.Input().Fields().ByName(protoreflect.Name(rule.GetBody())); f != nil {
					body = f.Message()
				}
				for _, b := range append([]*annotations.HttpRule{rule}, rule.GetAdditionalBindings()...) {
					r := declaredRoute{scope: facts.GetScope(), body: body}
					switch {
					case b.GetGet() != "":
						r.method, r.template = http.MethodGet, b.GetGet()
					case b.GetPost() != "":
						r.method, r.template = http.MethodPost, b.GetPost()
					case b.GetPut() != "":
						r.method, r.template = http.MethodPut, b.GetPut()
					case b.GetPatch() != "":
						r.method, r.template = http.MethodPatch, b.GetPatch()
					case b.GetDelete() != "":
						r.method, r.template = http.MethodDelete, b.GetDelete()
					}
					out = append(out, r)
				}
			}
		}
		return true
	})
	return out
}

// TestEveryRouteNeedsItsDeclaredScope: the scope each RPC declares in the
// protos is the one the service enforces. A key with every other scope is
// 403 INSUFFICIENT_SCOPE naming the declared one, on every route (the
// service authorizes before it looks anything up).
func TestEveryRouteNeedsItsDeclaredScope(t *testing.T) {
	e := newEnv(t)
	routes := declaredRoutes(t)
	if len(routes) != 52 {
		t.Fatalf("%d routes declared, want 52", len(routes))
	}
	variable := regexp.MustCompile(`\{[a-z_]+\}`)
	without := map[string]*env{}
	for _, scope := range everyScope {
		others := slices.DeleteFunc(slices.Clone(everyScope), func(s string) bool { return s == scope })
		without[scope] = e.as(e.server.createKey(t, testAccount, strings.Join(others, ",")))
	}
	for _, rt := range routes {
		if without[rt.scope] == nil {
			t.Errorf("%s %s declares an unknown scope %q", rt.method, rt.template, rt.scope)
			continue
		}
		r := req{method: rt.method, path: variable.ReplaceAllString(rt.template, "zz_doesnotexist")}
		if rt.body != nil {
			r.body = "{}"
			if rt.method == http.MethodPatch {
				r.body = `{"` + firstWritableString(rt.body) + `":"x"}`
			}
		}
		got := without[rt.scope].do(r)
		expect(t, got, http.StatusForbidden, "INSUFFICIENT_SCOPE")
		if !strings.Contains(got.Env.GetMessage(), rt.scope) {
			t.Errorf("%s %s: %q does not name the declared scope %s", rt.method, rt.template, got.Env.GetMessage(), rt.scope)
		}
	}
}

// firstWritableString is a field a PATCH body may change (neither
// OUTPUT_ONLY nor IMMUTABLE).
func firstWritableString(md protoreflect.MessageDescriptor) string {
	for i := 0; i < md.Fields().Len(); i++ {
		f := md.Fields().Get(i)
		behaviours, _ := proto.GetExtension(f.Options(), annotations.E_FieldBehavior).([]annotations.FieldBehavior)
		if f.Kind() == protoreflect.StringKind && !f.IsList() && !slices.Contains(behaviours, annotations.FieldBehavior_OUTPUT_ONLY) &&
			!slices.Contains(behaviours, annotations.FieldBehavior_IMMUTABLE) {
			return f.JSONName()
		}
	}
	return ""
}
