package gateway

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// proto/protos.txt is the one list of the contract's protos (CMake and
// build.sh read it); buf reads the module directory. Both must name the
// same files.
func TestProtoListIsBufsModule(t *testing.T) {
	raw, err := os.ReadFile("../proto/protos.txt")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, l := range strings.Split(string(raw), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			listed = append(listed, l)
		}
	}
	var onDisk []string
	err = filepath.WalkDir("../proto/billing", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".proto") {
			onDisk = append(onDisk, strings.TrimPrefix(p, "../proto/"))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(listed)
	slices.Sort(onDisk)
	if !slices.Equal(listed, onDisk) {
		t.Errorf("proto/protos.txt lists %v; the buf module holds %v", listed, onDisk)
	}
}

// Every RPC of the contract is bound to HTTP, with its facts (loadRoutes
// refuses a binding without them), and every route's scope is one the
// service knows.
func TestEveryRPCHasARouteAndAScope(t *testing.T) {
	routes := testRoutes(t)
	bound := map[string]bool{}
	for _, rt := range routes.routes {
		bound[rt.Selector] = true
		if !slices.Contains(knownScopes, rt.Facts.GetScope()) {
			t.Errorf("%s: scope %q", rt.Selector, rt.Facts.GetScope())
		}
	}
	if len(bound) != 35 {
		t.Errorf("%d RPCs bound, want 35", len(bound))
	}
}

// knownScopes are src/auth/scopes.cc's names.
var knownScopes = []string{"customers:read", "customers:write", "invoices:read", "invoices:write",
	"revenue:read", "revenue:write", "events:read", "webhooks:read", "webhooks:write"}
