package gateway

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

var updateGolden = flag.Bool("update", false, "rewrite tests/golden/rest_json/*.json from the Go encoder")

// goldenDir holds the REST JSON golden files both encoders must reproduce
// (the C++ one in tests/api/rest_json_golden_test.cc).
const goldenDir = "../tests/golden/rest_json"

// readGoldenInput parses NAME.textpb, whose first line names its type.
func readGoldenInput(t *testing.T, path string) protoreflect.Message {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(raw), "\n")
	name, ok := strings.CutPrefix(first, "# proto-message: ")
	if !ok {
		t.Fatalf("%s: the first line must be # proto-message: TYPE", path)
	}
	mt, err := protoregistry.GlobalTypes.FindMessageByName(protoreflect.FullName(name))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	m := mt.New()
	if err := prototext.Unmarshal(raw, m.Interface()); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

func TestRESTJSONGoldenFiles(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join(goldenDir, "*.textpb"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no golden inputs in %s: %v", goldenDir, err)
	}
	for _, in := range inputs {
		m := readGoldenInput(t, in)
		got, err := encodeMessage(m)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		out := strings.TrimSuffix(in, ".textpb") + ".json"
		if *updateGolden {
			if err := os.WriteFile(out, append(got, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, bytes.TrimSuffix(want, []byte("\n"))) {
			t.Errorf("%s:\n got %s\nwant %s", filepath.Base(out), got, want)
		}
	}
}
