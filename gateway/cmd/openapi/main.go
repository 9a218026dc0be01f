// Command openapi writes the gateway's OpenAPI 3.0.3 document (openapi.json
// and openapi.yaml) straight from the protos' descriptors (a
// FileDescriptorSet protoc wrote with --include_source_info) and
// openapi_config.yaml: the routes are the google.api.http rules, required
// and read-only fields the google.api.field_behavior ones, the success
// responses each method's billing.v1.method facts, descriptions the proto
// comments unless the configuration words them for REST readers. The
// configuration holds only prose, examples, constraints and security.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"

	// The options the descriptors carry, registered so that they parse.
	_ "google.golang.org/genproto/googleapis/api/annotations"

	_ "billing/gateway/gen/billing/v1"
)

func main() {
	descriptors := flag.String("descriptors", "", "the FileDescriptorSet protoc wrote (--include_source_info --include_imports)")
	config := flag.String("config", "", "openapi_config.yaml")
	out := flag.String("out", "", "directory for openapi.json and openapi.yaml")
	flag.Parse()
	if *descriptors == "" || *out == "" || *config == "" {
		fmt.Fprintln(os.Stderr, "usage: openapi -descriptors SET.pb -config openapi_config.yaml -out DIR")
		os.Exit(2)
	}
	if err := run(*descriptors, *config, *out); err != nil {
		fmt.Fprintln(os.Stderr, "openapi:", err)
		os.Exit(1)
	}
}

func run(descriptors, config, outDir string) error {
	files, err := loadDescriptors(descriptors)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(config)
	if err != nil {
		return err
	}
	doc, err := generate(files, cfg)
	if err != nil {
		return err
	}
	asJSON, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	asYAML, err := toYAML(asJSON)
	if err != nil {
		return err
	}
	for name, content := range map[string][]byte{"openapi.json": append(asJSON, '\n'), "openapi.yaml": asYAML} {
		tmp := filepath.Join(outDir, name+".tmp")
		if err := os.WriteFile(tmp, content, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, filepath.Join(outDir, name)); err != nil {
			return err
		}
	}
	return nil
}

func loadDescriptors(path string) (*protoregistry.Files, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var set descriptorpb.FileDescriptorSet
	if err := proto.Unmarshal(raw, &set); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return protodesc.NewFiles(&set)
}

// generate is the whole document, validated by kin-openapi.
func generate(files *protoregistry.Files, cfg *config) (*openapi3.T, error) {
	// What the configuration words must be in the protos: no word is lost
	// to a misspelt name.
	for _, names := range [][]string{slices.Collect(maps.Keys(cfg.Operations)), slices.Collect(maps.Keys(cfg.Messages)), slices.Collect(maps.Keys(cfg.Fields))} {
		for _, name := range names {
			if _, err := files.FindDescriptorByName(protoreflect.FullName(name)); err != nil {
				return nil, fmt.Errorf("openapi_config.yaml names %s, which the protos do not declare", name)
			}
		}
	}
	g := &generator{files: files, cfg: cfg, schemas: openapi3.Schemas{}, names: map[string]protoreflect.FullName{}}
	// The configuration's components (security schemes, shared headers and
	// error responses) and the schemas.
	components := cfg.Published.Components
	components.Schemas = g.schemas
	doc := &openapi3.T{
		OpenAPI:    "3.0.3",
		Info:       cfg.Info,
		Servers:    openapi3.Servers{{URL: "/", Description: "this gateway"}},
		Security:   cfg.Published.Security,
		Components: &components,
	}
	// The error responses' envelope.
	if _, err := g.message("billing.rest.v1.ErrorEnvelope"); err != nil {
		return nil, err
	}
	paths, err := g.paths()
	if err != nil {
		return nil, err
	}
	doc.Paths = paths
	for _, t := range cfg.Tags {
		doc.Tags = append(doc.Tags, &openapi3.Tag{Name: t.Name, Description: t.Description})
	}
	if err := openapi3.NewLoader().ResolveRefsIn(doc, nil); err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("the OpenAPI 3 document is invalid: %w", err)
	}
	return doc, nil
}

// toYAML renders the document as YAML from its JSON form, read as YAML
// (JSON is YAML) with the quotes and brackets dropped: each number then
// keeps the digits encoding/json wrote (1000000000), where YAML would write
// kin-openapi's float64 bounds as 1e+09, which YAML 1.1 readers (PyYAML)
// take for a string.
func toYAML(asJSON []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(asJSON, &doc); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(plain(&doc)); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// plain is n in YAML's block style, without the quotes JSON needs.
func plain(n *yaml.Node) *yaml.Node {
	n.Style = 0
	for _, c := range n.Content {
		plain(c)
	}
	return n
}
