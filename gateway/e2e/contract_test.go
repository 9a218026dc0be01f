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

	"github.com/getkin/kin-openapi/openapi3"
)

// contract is the OpenAPI 3 document the gateway serves, used to check each
// response the tests get against what it documents.
type contract struct {
	doc *openapi3.T
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
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(t.Context()); err != nil {
		t.Fatalf("served OpenAPI document is invalid: %v", err)
	}
	reachedMu.Lock()
	for tmpl, item := range doc.Paths.Map() {
		for m := range item.Operations() {
			documentedOps[m+" "+tmpl] = true
		}
	}
	reachedMu.Unlock()
	return &contract{doc: doc, strict: true, mu: make(chan struct{}, 1), seen: map[string]bool{}}
}

// template finds the documented path a request path matches.
func (c *contract) template(path string) (string, *openapi3.PathItem) {
	path, _, _ = strings.Cut(path, "?")
	segs := strings.Split(path, "/")
	for tmpl, item := range c.doc.Paths.Map() {
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
			return tmpl, item
		}
	}
	return "", nil
}

// check validates a response against the documented schema of its
// operation and status.
func (c *contract) check(t *testing.T, r *reply) {
	t.Helper()
	tmpl, item := c.template(r.path)
	if item == nil {
		return // not a documented path: 404 ROUTE_NOT_FOUND and the like
	}
	op := item.GetOperation(r.method)
	if op == nil {
		return // 405
	}
	resp := op.Responses.Status(r.Status)
	if resp == nil {
		if c.strict {
			t.Errorf("%s %s: status %d is not documented for %s %s", r.method, r.path, r.Status, r.method, tmpl)
		}
		if r.Status < 400 {
			return
		}
		resp = c.doc.Components.Responses["InternalServerError"]
	}
	for name := range resp.Value.Headers {
		if name != "X-Request-ID" && r.Header.Get(name) == "" && !situationalHeader(name, r) {
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
	if ct := r.Header.Get("Content-Type"); documentTypes[ct] && r.Status < 300 {
		if resp.Value.Content.Get(ct) == nil {
			t.Errorf("%s %s: %d answers %s, which is not documented", r.method, r.path, r.Status, ct)
		}
		return
	}
	media := resp.Value.Content.Get("application/json")
	if media == nil || media.Schema == nil {
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
	body = numbersAsFloats(body)
	// A response may hold read-only fields; what it must not hold is
	// anything the schema does not describe.
	if err := media.Schema.Value.VisitJSON(body, openapi3.VisitAsResponse(), openapi3.MultiErrors()); err != nil {
		t.Errorf("%s %s: %d does not match the documented schema: %v\n%s", r.method, r.path, r.Status, err, r.Body)
	}
}

// numbersAsFloats turns json.Number into the float64 kin-openapi expects.
func numbersAsFloats(v any) any {
	switch v := v.(type) {
	case json.Number:
		f, _ := v.Float64()
		return f
	case map[string]any:
		for k, e := range v {
			v[k] = numbersAsFloats(e)
		}
	case []any:
		for i, e := range v {
			v[i] = numbersAsFloats(e)
		}
	}
	return v
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
