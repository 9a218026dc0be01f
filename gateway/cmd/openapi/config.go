package main

// openapi_config.yaml: the prose, examples, constraints and security the
// document says beyond the protos, read into OpenAPI 3's own types where
// it has them.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"
)

type config struct {
	Info *openapi3.Info `json:"info"`
	// In the document's order: the services' REST names.
	Tags []struct {
		Service     string `json:"service"`
		Name        string `json:"name"`
		Description string `json:"description"`
	} `json:"tags"`
	// By full name: the RPC's, the message's, the field's.
	Operations map[string]struct {
		Summary     string `json:"summary"`
		Description string `json:"description"`
	} `json:"operations"`
	Messages map[string]struct {
		Description string   `json:"description"`
		Required    []string `json:"required"` // proto field names
	} `json:"messages"`
	Fields           map[string]*fieldSchema `json:"fields"`
	SuccessResponses successWords            `json:"successResponses"`
	Published        published               `json:"published"`

	tag map[string]string // by service, made by loadConfig
}

// fieldSchema is what a field's schema says beyond its type and comment.
// Of a repeated field, the value constraints are its items'.
type fieldSchema struct {
	Description string   `json:"description"`
	Format      string   `json:"format"`
	Pattern     string   `json:"pattern"`
	MinLength   uint64   `json:"minLength"`
	MaxLength   *uint64  `json:"maxLength"`
	Maximum     *float64 `json:"maximum"`
	MinItems    uint64   `json:"minItems"`
	MaxItems    *uint64  `json:"maxItems"`
	UniqueItems bool     `json:"uniqueItems"`
	Enum        []any    `json:"enum"`
	Example     any      `json:"example"`
	Nullable    bool     `json:"nullable"`
	Type        string   `json:"type"`
}

// successWords word each operation's success responses; {type} is the
// envelope's type word.
type successWords struct {
	Single, List, Created, Accepted, Empty, Replaced, Upserted, Document string
	RequestID                                                            string `json:"requestId"`
	Location                                                             string
	AcceptedLocation                                                     string `json:"acceptedLocation"`
	Method                                                               map[string]string
}

// published is what the document says in OpenAPI 3's own form: the
// security, the shared request headers and error responses.
type published struct {
	Security         openapi3.SecurityRequirements `json:"security"`
	Components       openapi3.Components           `json:"components"`
	ErrorResponses   map[string]string             `json:"errorResponses"` // status: response name
	SuccessHeaders   openapi3.Headers              `json:"successHeaders"`
	DocumentHeaders  openapi3.Headers              `json:"documentHeaders"`
	NotModified      *openapi3.Response            `json:"notModified"`
	DocumentConflict map[string]*openapi3.Response `json:"documentConflict"` // by media type
	QueryParameters  map[string]openapi3.Parameter `json:"queryParameters"`  // by name: description, bounds
	RequestBodies    map[string]string             `json:"requestBodies"`    // by method; nested, ignored
}

// loadConfig reads openapi_config.yaml, refusing keys it does not know.
func loadConfig(path string) (*config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var form any
	if err := yaml.Unmarshal(raw, &form); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	asJSON, err := json.Marshal(form)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	cfg := &config{}
	dec := json.NewDecoder(bytes.NewReader(asJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for code, name := range cfg.Published.ErrorResponses {
		if cfg.Published.Components.Responses[name] == nil {
			return nil, fmt.Errorf("%s: the %s response %s is not declared", path, code, name)
		}
	}
	cfg.tag = map[string]string{}
	for _, t := range cfg.Tags {
		cfg.tag[t.Service] = t.Name
	}
	return cfg, nil
}
