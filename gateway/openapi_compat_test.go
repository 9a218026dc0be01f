package gateway

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The document published before the contract moved into the protos
// (commit 63d6dea, testdata/openapi-63d6dea.json) and the one served now
// differ only where README.md's "Differences from the document of 63d6dea"
// says, each explained there.
var documentDifferences = []string{
	// readOnly moved from a read-only list's items to the list itself
	// (protoc-gen-openapiv2 puts field_behavior OUTPUT_ONLY on the field),
	// and the items are a plain $ref rather than allOf around one.
	"added /components/schemas/Customer/properties/balances/items/$ref",
	"added /components/schemas/Customer/properties/balances/readOnly",
	"removed /components/schemas/Customer/properties/balances/items/allOf",
	"removed /components/schemas/Customer/properties/balances/items/readOnly",
	"added /components/schemas/RevenueCalculation/properties/results/items/$ref",
	"added /components/schemas/RevenueCalculation/properties/results/readOnly",
	"removed /components/schemas/RevenueCalculation/properties/results/items/allOf",
	"removed /components/schemas/RevenueCalculation/properties/results/items/readOnly",
	// The same items in the request bodies that carry the lists back.
	"added /components/schemas/CustomerCreate/properties/balances/items/$ref",
	"removed /components/schemas/CustomerCreate/properties/balances/items/allOf",
	"added /components/schemas/CustomerPatch/properties/balances/items/$ref",
	"removed /components/schemas/CustomerPatch/properties/balances/items/allOf",
	"added /components/schemas/CustomerReplacement/properties/balances/items/$ref",
	"removed /components/schemas/CustomerReplacement/properties/balances/items/allOf",
	"added /components/schemas/RevenueCalculationCreate/properties/results/items/$ref",
	"removed /components/schemas/RevenueCalculationCreate/properties/results/items/allOf",
}

func TestDocumentDiffersFromThePublishedOneOnlyAsListed(t *testing.T) {
	raw, err := os.ReadFile("testdata/openapi-63d6dea.json")
	if err != nil {
		t.Fatal(err)
	}
	var before, now any
	if err := json.Unmarshal(raw, &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(openAPIDocument, &now); err != nil {
		t.Fatal(err)
	}
	got := jsonDiff(before, now, "")
	want := slices.Clone(documentDifferences)
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("the document's differences from 63d6dea's changed:\n got:\n  %s\n want:\n  %s",
			strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// jsonDiff lists where b differs from a: added and removed object
// members, and changed values (arrays compared whole).
func jsonDiff(a, b any, path string) []string {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if !aok || !bok {
		if reflect.DeepEqual(a, b) {
			return nil
		}
		return []string{"changed " + path}
	}
	var out []string
	for k, av := range am {
		p := path + "/" + k
		if bv, ok := bm[k]; ok {
			out = append(out, jsonDiff(av, bv, p)...)
		} else {
			out = append(out, "removed "+p)
		}
	}
	for k := range bm {
		if _, ok := am[k]; !ok {
			out = append(out, fmt.Sprintf("added %s/%s", path, k))
		}
	}
	return out
}
