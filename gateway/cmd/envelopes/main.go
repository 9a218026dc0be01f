// Command envelopes writes what follows from the billing.v1.method facts in
// the descriptors, so that it is written once: the REST envelope message of
// every resource the routes answer with (billing.rest.v1.<Type>Envelope,
// <Type>ListEnvelope; the eleven envelope fields written here, not copied
// per resource), and each operation's success responses (status, envelope,
// headers) in the configuration protoc-gen-openapiv2 reads, worded by
// openapi_config.yaml's successResponses. build.sh runs it between
// generating billing.v1's Go code and the rest.
package main

import (
	"flag"
	"fmt"
	"log"
	"maps"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	billingv1 "billing/gateway/gen/billing/v1"
	"billing/gateway/internal/restapi"
)

// head are the envelope's fields before data, in wire order; request_id
// (11) follows data (10), and a paged list's next_page_token (12).
const head = `  string timestamp = 1;
  bool success = 2;
  string message = 3;
  string error_code = 4;
  int32 page = 5;
  int32 page_size = 6;
  int64 total_items = 7;
  int32 total_page = 8;
  string type = 9;
`

const nextPageToken = `  // Continues the list after this page when sent back as pageToken (same
  // filters and pageSize); empty on the last page (AIP-158).
  string next_page_token = 12;
`

func main() {
	out := flag.String("out", "", "the .proto file to write")
	config := flag.String("config", "", "openapi_config.yaml")
	configOut := flag.String("config-out", "", "the configuration for protoc-gen-openapiv2 to write")
	flag.Parse()
	if *out == "" || *config == "" || *configOut == "" {
		log.Fatal("usage: envelopes -out FILE.proto -config openapi_config.yaml -config-out FILE.yaml")
	}
	if err := os.WriteFile(*out, []byte(envelopes()), 0o644); err != nil {
		log.Fatal(err)
	}
	in, err := os.ReadFile(*config)
	if err != nil {
		log.Fatal(err)
	}
	merged, err := withSuccessResponses(in)
	if err != nil {
		log.Fatalf("%s: %v", *config, err)
	}
	if err := os.WriteFile(*configOut, merged, 0o644); err != nil {
		log.Fatal(err)
	}
}

// eachMethod calls visit with every billing.v1 RPC that declares its facts.
func eachMethod(visit func(protoreflect.MethodDescriptor, *billingv1.MethodFacts)) {
	_ = restapi.EachMethod(protoregistry.GlobalFiles, func(md protoreflect.MethodDescriptor, f *billingv1.MethodFacts) error {
		if f != nil {
			visit(md, f)
		}
		return nil
	})
}

// envelopeName is the envelope message a method's success carries.
func envelopeName(f *billingv1.MethodFacts) string {
	if s := f.GetShape(); s == billingv1.ResponseShape_RESPONSE_SHAPE_LIST || s == billingv1.ResponseShape_RESPONSE_SHAPE_PAGED {
		return f.GetType() + "ListEnvelope"
	}
	return f.GetType() + "Envelope"
}

// successWords are openapi_config.yaml's successResponses.
type successWords struct {
	Single, List, Created, Accepted, Empty, Replaced, Upserted, Document string
	RequestID                                                            string `yaml:"requestId"`
	Location                                                             string
	AcceptedLocation                                                     string `yaml:"acceptedLocation"`
	Method                                                               map[string]string
}

// withSuccessResponses is the configuration with each method's success
// responses added from its facts, and without successResponses and
// published.
func withSuccessResponses(config []byte) ([]byte, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(config, &doc); err != nil {
		return nil, err
	}
	var words successWords
	raw, err := yaml.Marshal(doc["successResponses"])
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	if err := dec.Decode(&words); err != nil {
		return nil, fmt.Errorf("successResponses: %w", err)
	}
	delete(doc, "successResponses")
	delete(doc, "published") // cmd/openapi3's
	options, _ := doc["openapiOptions"].(map[string]any)
	if options == nil {
		return nil, fmt.Errorf("no openapiOptions")
	}
	entries, _ := options["method"].([]any)
	byName := map[string]map[string]any{}
	for _, e := range entries {
		if m, ok := e.(map[string]any); ok {
			if name, ok := m["method"].(string); ok {
				byName[name] = m
			}
		}
	}
	header := func(description string) map[string]any {
		return map[string]any{"type": "string", "description": description}
	}
	var failed error
	eachMethod(func(md protoreflect.MethodDescriptor, f *billingv1.MethodFacts) {
		ref := map[string]any{"jsonSchema": map[string]any{"ref": ".billing.rest.v1." + envelopeName(f)}}
		response := func(description string, location string) map[string]any {
			headers := map[string]any{"X-Request-ID": header(words.RequestID)}
			if location != "" {
				headers["Location"] = header(location)
			}
			return map[string]any{"description": description, "schema": ref, "headers": headers}
		}
		single := strings.ReplaceAll(words.Single, "{type}", f.GetType())
		if w, ok := words.Method[string(md.FullName())]; ok {
			single = w
		}
		responses := map[string]any{}
		switch status := f.GetSuccessStatus(); {
		case f.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_UPSERT:
			responses["200"] = response(words.Replaced, "")
			responses["201"] = response(words.Upserted, words.Location)
		case f.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_BODY:
			// The document itself; cmd/openapi3 describes its media type.
			r := response(strings.ReplaceAll(words.Document, "{mediaType}", f.GetMediaType()), "")
			delete(r, "schema")
			responses["200"] = r
		case f.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_EMPTY || status == 204:
			r := response(words.Empty, "")
			delete(r, "schema")
			responses["204"] = r
		case f.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_LIST || f.GetShape() == billingv1.ResponseShape_RESPONSE_SHAPE_PAGED:
			responses[fmt.Sprint(status)] = response(strings.ReplaceAll(words.List, "{type}", f.GetType()), "")
		case status == 201:
			responses["201"] = response(words.Created, words.Location)
		case status == 202:
			responses["202"] = response(words.Accepted, words.AcceptedLocation)
		case status == 200:
			responses["200"] = response(single, "")
		default:
			failed = fmt.Errorf("%s: success_status %d", md.FullName(), status)
		}
		entry := byName[string(md.FullName())]
		if entry == nil {
			entry = map[string]any{"method": string(md.FullName()), "option": map[string]any{}}
			entries = append(entries, entry)
		}
		option, _ := entry["option"].(map[string]any)
		if option == nil || option["responses"] != nil {
			failed = fmt.Errorf("%s: its success responses are its facts', not written here", md.FullName())
			return
		}
		option["responses"] = responses
	})
	if failed != nil {
		return nil, failed
	}
	options["method"] = entries
	return yaml.Marshal(doc)
}

// envelope is one message to write: the data's type, whether a list, and
// whether its list continues by token.
type envelope struct {
	typ         protoreflect.FullName
	list, paged bool
}

func envelopes() string {
	seen := map[string]envelope{}
	imports := map[string]bool{}
	eachMethod(func(md protoreflect.MethodDescriptor, f *billingv1.MethodFacts) {
		if s := f.GetShape(); s == billingv1.ResponseShape_RESPONSE_SHAPE_EMPTY || s == billingv1.ResponseShape_RESPONSE_SHAPE_BODY {
			return
		}
		e := envelope{typ: "billing.v1." + protoreflect.FullName(f.GetType())}
		switch f.GetShape() {
		case billingv1.ResponseShape_RESPONSE_SHAPE_PAGED:
			e.list, e.paged = true, true
		case billingv1.ResponseShape_RESPONSE_SHAPE_LIST:
			e.list = true
		}
		d, err := protoregistry.GlobalFiles.FindDescriptorByName(e.typ)
		if err != nil {
			log.Fatalf("%s: type %s: %v", md.FullName(), e.typ, err)
		}
		imports[d.ParentFile().Path()] = true
		seen[envelopeName(f)] = e
	})
	var b strings.Builder
	b.WriteString(`// Generated by gateway/cmd/envelopes from the billing.v1.method facts; do
// not edit. The REST envelope of each resource and list the routes answer
// with (see envelope.proto).
syntax = "proto3";

package billing.rest.v1;

`)
	for _, p := range slices.Sorted(maps.Keys(imports)) {
		fmt.Fprintf(&b, "import %q;\n", p)
	}
	b.WriteString("\noption go_package = \"billing/gateway/gen/billing/rest/v1;restv1\";\n")
	for _, name := range slices.Sorted(maps.Keys(seen)) {
		e := seen[name]
		repeated := ""
		if e.list {
			repeated = "repeated "
		}
		fmt.Fprintf(&b, "\nmessage %s {\n%s  %s%s data = 10;\n  string request_id = 11;\n", name, head, repeated, e.typ)
		if e.paged {
			b.WriteString(nextPageToken)
		}
		b.WriteString("}\n")
	}
	return b.String()
}
