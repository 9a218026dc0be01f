// Command envelopes writes the REST envelope message of every resource the
// routes answer with (billing.rest.v1.<Type>Envelope, <Type>ListEnvelope),
// from the billing.v1.method facts in the descriptors, so that the eleven
// envelope fields are written once (resources.proto.tmpl), not copied per
// resource. build.sh runs it between generating billing.v1's Go code and
// the rest.
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"log"
	"maps"
	"os"
	"slices"
	"strings"
	"text/template"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	billingv1 "billing/gateway/gen/billing/v1"
	"billing/gateway/internal/restapi"
)

//go:embed resources.proto.tmpl
var text string

var file = template.Must(template.New("resources.proto").Parse(text))

// envelope is one message to write: its name, the data's type, whether a
// list, and whether the list continues by token.
type envelope struct {
	Name, Type  string
	List, Paged bool
}

func main() {
	out := flag.String("out", "", "the .proto file to write")
	flag.Parse()
	if *out == "" {
		log.Fatal("usage: envelopes -out FILE.proto")
	}
	text, err := envelopes()
	if err == nil {
		err = os.WriteFile(*out, []byte(text), 0o644)
	}
	if err != nil {
		log.Fatal(err)
	}
}

func envelopes() (string, error) {
	byName := map[string]envelope{}
	imports := map[string]bool{} // the files that declare the data's types
	err := restapi.EachMethod(protoregistry.GlobalFiles, func(md protoreflect.MethodDescriptor, f *billingv1.MethodFacts) error {
		if f == nil {
			return nil // cmd/openapi refuses a route without facts
		}
		e := envelope{Name: f.GetType() + "Envelope", Type: "billing.v1." + f.GetType()}
		switch f.GetShape() {
		case billingv1.ResponseShape_RESPONSE_SHAPE_EMPTY, billingv1.ResponseShape_RESPONSE_SHAPE_BODY:
			return nil
		case billingv1.ResponseShape_RESPONSE_SHAPE_PAGED:
			e.Name, e.List, e.Paged = f.GetType()+"ListEnvelope", true, true
		case billingv1.ResponseShape_RESPONSE_SHAPE_LIST:
			e.Name, e.List = f.GetType()+"ListEnvelope", true
		}
		d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(e.Type))
		if err != nil {
			return fmt.Errorf("%s: type %s: %w", md.FullName(), e.Type, err)
		}
		imports[d.ParentFile().Path()] = true
		byName[e.Name] = e
		return nil
	})
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = file.Execute(&b, map[string]any{
		"Imports":   slices.Sorted(maps.Keys(imports)),
		"Envelopes": slices.SortedFunc(maps.Values(byName), func(a, b envelope) int { return strings.Compare(a.Name, b.Name) }),
	})
	return b.String(), err
}
