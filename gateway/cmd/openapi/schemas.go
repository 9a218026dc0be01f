package main

// The schemas: one per message and enum an operation reaches, named by its
// short name, in the REST form the gateway speaks (camelCase fields, enum
// values as lowercase words, 64-bit integers as numbers, timestamps
// nullable), closed to unknown fields as the gateway is.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

const schemaRef = "#/components/schemas/"

type generator struct {
	files   *protoregistry.Files
	cfg     *config
	schemas openapi3.Schemas
	names   map[string]protoreflect.FullName // schema name: its message or enum
}

// message is the reference to the schema of the message or enum named,
// made (with all it refers to) on first use.
func (g *generator) message(full protoreflect.FullName) (*openapi3.SchemaRef, error) {
	d, err := g.files.FindDescriptorByName(full)
	if err != nil {
		return nil, err
	}
	return g.ref(d)
}

// ref is the reference to d's schema, made on first use.
func (g *generator) ref(d protoreflect.Descriptor) (*openapi3.SchemaRef, error) {
	name := string(d.Name())
	if other, ok := g.names[name]; ok {
		if other != d.FullName() {
			return nil, fmt.Errorf("two schemas named %s: %s and %s", name, other, d.FullName())
		}
		return openapi3.NewSchemaRef(schemaRef+name, g.schemas[name].Value), nil
	}
	g.names[name] = d.FullName()
	s := &openapi3.Schema{}
	g.schemas[name] = &openapi3.SchemaRef{Value: s}
	switch d := d.(type) {
	case protoreflect.EnumDescriptor:
		enumSchema(s, d)
	case protoreflect.MessageDescriptor:
		if err := g.messageSchema(s, d); err != nil {
			return nil, err
		}
	}
	return openapi3.NewSchemaRef(schemaRef+name, s), nil
}

// enumSchema: the values are sent as lowercase words without the type's
// prefix ("draft", not "INVOICE_STATUS_DRAFT"); the zero value is never one.
// The description is the enum's comment, then each value's.
func enumSchema(s *openapi3.Schema, d protoreflect.EnumDescriptor) {
	s.Type = &openapi3.Types{openapi3.TypeString}
	prefix := strings.ToUpper(upperSnake.ReplaceAllString(string(d.Name()), "${1}_${2}")) + "_"
	var values []string
	for i := 0; i < d.Values().Len(); i++ {
		v := d.Values().Get(i)
		if v.Number() == 0 {
			continue
		}
		s.Enum = append(s.Enum, strings.ToLower(strings.TrimPrefix(string(v.Name()), prefix)))
		if c := comment(v); c != "" {
			values = append(values, string(v.Name())+": "+c)
		}
	}
	text := comment(d)
	if len(values) > 0 {
		text = strings.TrimLeft(text+"\n\n - "+strings.Join(values, "\n - "), "\n")
	}
	describe(s, text)
	if s.Description == "" {
		s.Description, s.Title = s.Title, ""
	}
}

var upperSnake = regexp.MustCompile(`([a-z0-9])([A-Z])`)

func (g *generator) messageSchema(s *openapi3.Schema, d protoreflect.MessageDescriptor) error {
	s.Type = &openapi3.Types{openapi3.TypeObject}
	s.Description = comment(d)
	if m, ok := g.cfg.Messages[string(d.FullName())]; ok {
		if m.Description != "" {
			s.Description = m.Description
		}
		for _, name := range m.Required {
			f := d.Fields().ByName(protoreflect.Name(name))
			if f == nil {
				return fmt.Errorf("%s: no field %s", d.FullName(), name)
			}
			s.Required = append(s.Required, f.JSONName())
		}
	}
	s.Properties = openapi3.Schemas{}
	for i := 0; i < d.Fields().Len(); i++ {
		f := d.Fields().Get(i)
		p, err := g.field(f)
		if err != nil {
			return err
		}
		if has(f, annotations.FieldBehavior_REQUIRED) && !slices.Contains(s.Required, f.JSONName()) {
			s.Required = append(s.Required, f.JSONName())
		}
		s.Properties[f.JSONName()] = p
	}
	if len(s.Properties) > 0 {
		// The gateway refuses unknown fields.
		s.AdditionalProperties = openapi3.AdditionalProperties{Has: new(bool)}
	}
	return nil
}

// has tells whether f's google.api.field_behavior includes b.
func has(f protoreflect.FieldDescriptor, b annotations.FieldBehavior) bool {
	l, _ := proto.GetExtension(f.Options(), annotations.E_FieldBehavior).([]annotations.FieldBehavior)
	return slices.Contains(l, b)
}

// field is the schema of a field: its type's, with its comment (or the
// configuration's words), constraints and behaviour. A reference with any
// of these goes in allOf, as OpenAPI 3.0 ignores what stands beside $ref.
func (g *generator) field(f protoreflect.FieldDescriptor) (*openapi3.SchemaRef, error) {
	if f.IsMap() {
		return nil, fmt.Errorf("%s: map fields are not published", f.FullName())
	}
	core, err := g.typeSchema(f)
	if err != nil {
		return nil, err
	}
	// s is the field's schema; values where its value constraints go: a
	// scalar's copy (a list's items), or beside a reference's allOf (a
	// list of references takes none).
	s := &openapi3.Schema{}
	if core.Ref == "" {
		c := *core.Value
		s = &c
	}
	values := s
	if f.IsList() {
		values, s = s, &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeArray}, Items: core}
		if core.Ref == "" {
			s.Items = values.NewRef()
		}
	}
	cfg := g.cfg.Fields[string(f.FullName())]
	if cfg != nil {
		s.Description = cfg.Description
		values.Pattern, values.MinLength, values.MaxLength, values.Max = cfg.Pattern, cfg.MinLength, cfg.MaxLength, cfg.Maximum
		if len(cfg.Enum) > 0 {
			values.Enum = cfg.Enum
		}
		if cfg.Format != "" {
			values.Format = cfg.Format
		}
		s.UniqueItems, s.MinItems, s.MaxItems = cfg.UniqueItems, cfg.MinItems, cfg.MaxItems
		s.Example = cfg.Example
		s.Nullable = s.Nullable || cfg.Nullable
		if cfg.Type != "" {
			s.Type = &openapi3.Types{cfg.Type}
		}
	}
	text := comment(f)
	if has(f, annotations.FieldBehavior_OUTPUT_ONLY) || strings.Contains(text, "Output only.") {
		s.ReadOnly = true
	}
	describe(s, text)
	if core.Ref != "" && !f.IsList() {
		if s.Title == "" && s.Description == "" && s.Example == nil && !s.ReadOnly && !s.Nullable && s.Type == nil {
			return core, nil
		}
		if !s.Nullable {
			s.Type = nil
		}
		s.AllOf = openapi3.SchemaRefs{core}
	}
	return &openapi3.SchemaRef{Value: s}, nil
}

// scalars are the published type and format of each scalar kind the protos
// use (money is never a float); 64-bit integers are JSON numbers, as the
// gateway sends them. Another kind is refused rather than guessed.
var scalars = map[protoreflect.Kind][2]string{
	protoreflect.StringKind: {"string", ""}, protoreflect.BoolKind: {"boolean", ""},
	protoreflect.Int32Kind: {"integer", "int32"}, protoreflect.Int64Kind: {"integer", "int64"},
}

// wellKnown are the published forms of the well-known messages the protos
// use; a timestamp is set by the service, and null until it happens.
var wellKnown = map[protoreflect.FullName]openapi3.Schema{
	"google.protobuf.Timestamp": {Type: &openapi3.Types{"string"}, Format: "date-time", ReadOnly: true, Nullable: true},
	"google.protobuf.FieldMask": {Type: &openapi3.Types{"string"}},
	"google.protobuf.Struct":    {Type: &openapi3.Types{"object"}},
}

// typeSchema is the schema of a field's type: a reference to a message's or
// an enum's, or a scalar's.
func (g *generator) typeSchema(f protoreflect.FieldDescriptor) (*openapi3.SchemaRef, error) {
	switch f.Kind() {
	case protoreflect.EnumKind:
		return g.ref(f.Enum())
	case protoreflect.MessageKind:
		// One, not a list: a list's read-only items (a timestamp's) would
		// keep readOnly in the request bodies, which bodies.go does not undo.
		if s, ok := wellKnown[f.Message().FullName()]; ok && !f.IsList() {
			return &openapi3.SchemaRef{Value: &s}, nil
		}
		if f.Message().ParentFile().Package() == "google.protobuf" {
			return nil, fmt.Errorf("%s: %s %s is not published", f.FullName(), f.Cardinality(), f.Message().FullName())
		}
		return g.ref(f.Message())
	}
	t, ok := scalars[f.Kind()]
	if !ok {
		return nil, fmt.Errorf("%s: %s fields are not published", f.FullName(), f.Kind())
	}
	return &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{t[0]}, Format: t[1]}}, nil
}

// describe gives s the comment text where the configuration gave no
// words: its first paragraph is a title unless it ends a sentence.
func describe(s *openapi3.Schema, text string) {
	if text == "" {
		return
	}
	paragraphs := strings.Split(text, "\n\n")
	first := strings.TrimSpace(paragraphs[0])
	if first != "" && !strings.HasSuffix(first, ".") {
		if s.Title == "" {
			s.Title = first
		}
		if rest := strings.TrimSpace(strings.Join(paragraphs[1:], "\n\n")); rest != "" && s.Description == "" {
			s.Description = rest
		}
	} else if s.Description == "" {
		s.Description = text
	}
}

// comment is the descriptor's leading comment (then its trailing one), one
// leading space off each line.
func comment(d protoreflect.Descriptor) string {
	loc := d.ParentFile().SourceLocations().ByDescriptor(d)
	text := strings.TrimSpace(strings.TrimRight(loc.LeadingComments, "\n"))
	text = strings.ReplaceAll(text, "\n ", "\n")
	if trailing := strings.TrimSpace(loc.TrailingComments); trailing != "" {
		if text == "" {
			return trailing
		}
		text += "\n\n" + trailing
	}
	return text
}
