package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/go-openapi/loads"
	"github.com/go-openapi/spec"
	"github.com/go-openapi/strfmt"
	"github.com/go-openapi/validate"
)

// contract is the OpenAPI document the gateway serves, used to check each
// response the tests get against what it documents.
type contract struct {
	doc *loads.Document
	// strict: a status the operation does not document is an error (off
	// for the stub upstream, which sends codes the service never does).
	strict bool
	mu     chan struct{}
	seen   map[string]bool // "METHOD template status" checked against a schema
}

func loadContract(t *testing.T, base string) *contract {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("openapi.json: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	doc, err := loads.Analyzed(json.RawMessage(raw), "2.0")
	if err != nil {
		t.Fatal(err)
	}
	res, _ := validate.NewSpecValidator(doc.Schema(), strfmt.Default).Validate(doc)
	if res != nil && res.HasErrors() {
		t.Fatalf("served OpenAPI document is invalid: %v", res.Errors)
	}
	expanded, err := doc.Expanded()
	if err != nil {
		t.Fatal(err)
	}
	// The document marks fields that may be null with Swagger 2.0's
	// x-nullable; the validator reads the schema's nullable flag.
	for _, item := range expanded.Spec().Paths.Paths {
		for _, op := range []*spec.Operation{item.Get, item.Post, item.Put, item.Patch, item.Delete} {
			if op == nil || op.Responses == nil {
				continue
			}
			for _, r := range op.Responses.StatusCodeResponses {
				markNullable(r.Schema)
			}
		}
	}
	for k, d := range expanded.Spec().Definitions {
		markNullable(&d)
		expanded.Spec().Definitions[k] = d
	}
	reachedMu.Lock()
	for tmpl, item := range expanded.Spec().Paths.Paths {
		for m, op := range map[string]*spec.Operation{"GET": item.Get, "POST": item.Post, "PUT": item.Put, "PATCH": item.Patch, "DELETE": item.Delete} {
			if op != nil {
				documentedOps[m+" "+tmpl] = true
			}
		}
	}
	reachedMu.Unlock()
	return &contract{doc: expanded, strict: true, mu: make(chan struct{}, 1), seen: map[string]bool{}}
}

func markNullable(s *spec.Schema) {
	if s == nil {
		return
	}
	if v, ok := s.Extensions.GetBool("x-nullable"); ok && v {
		s.Nullable = true
	}
	for k, p := range s.Properties {
		markNullable(&p)
		s.Properties[k] = p
	}
	if s.Items != nil {
		markNullable(s.Items.Schema)
		for i := range s.Items.Schemas {
			markNullable(&s.Items.Schemas[i])
		}
	}
	for i := range s.AllOf {
		markNullable(&s.AllOf[i])
	}
}

// template finds the documented path a request path matches.
func (c *contract) template(path string) (string, *spec.PathItem) {
	path, _, _ = strings.Cut(path, "?")
	segs := strings.Split(path, "/")
	for tmpl, item := range c.doc.Spec().Paths.Paths {
		ts := strings.Split(tmpl, "/")
		if len(ts) != len(segs) {
			continue
		}
		ok := true
		for i := range ts {
			if strings.HasPrefix(ts[i], "{") {
				if segs[i] == "" {
					ok = false
				}
			} else if ts[i] != segs[i] {
				ok = false
			}
		}
		if ok {
			item := item
			return tmpl, &item
		}
	}
	return "", nil
}

func operation(item *spec.PathItem, method string) *spec.Operation {
	switch method {
	case http.MethodGet:
		return item.Get
	case http.MethodPost:
		return item.Post
	case http.MethodPut:
		return item.Put
	case http.MethodPatch:
		return item.Patch
	case http.MethodDelete:
		return item.Delete
	}
	return nil
}

// check validates a response against the documented schema of its
// operation and status.
func (c *contract) check(t *testing.T, r *reply) {
	t.Helper()
	tmpl, item := c.template(r.path)
	if item == nil {
		return // not a documented path: 404 ROUTE_NOT_FOUND and the like
	}
	op := operation(item, r.method)
	if op == nil {
		return // 405
	}
	resp, ok := op.Responses.StatusCodeResponses[r.Status]
	if !ok {
		if c.strict {
			t.Errorf("%s %s: status %d is not documented for %s %s", r.method, r.path, r.Status, r.method, tmpl)
		}
		if r.Status < 400 {
			return
		}
		def := c.doc.Spec().Definitions["ErrorEnvelope"]
		resp = spec.Response{ResponseProps: spec.ResponseProps{Schema: &def}}
	}
	for name := range resp.Headers {
		if name != "X-Request-ID" && r.Header.Get(name) == "" {
			t.Errorf("%s %s: documented header %s missing", r.method, r.path, name)
		}
	}
	c.mu <- struct{}{}
	c.seen[r.method+" "+tmpl+" "+strconv.Itoa(r.Status)] = true
	<-c.mu
	if r.Status < 300 && c.strict {
		reachedMu.Lock()
		succeededOps[r.method+" "+tmpl] = true
		reachedMu.Unlock()
	}
	if resp.Schema == nil {
		if len(r.Body) != 0 {
			t.Errorf("%s %s: %d documents no body, got %s", r.method, r.path, r.Status, r.Body)
		}
		return
	}
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	var body any
	if err := dec.Decode(&body); err != nil {
		t.Errorf("%s %s: %v", r.method, r.path, err)
		return
	}
	if err := validate.AgainstSchema(resp.Schema, body, strfmt.Default); err != nil {
		t.Errorf("%s %s: %d does not match the documented schema: %v\n%s", r.method, r.path, r.Status, err, r.Body)
	}
}

// coverage lists, for the log, which documented responses were exercised.
func (c *contract) coverage() []string {
	var out []string
	for k := range c.seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
