package gateway

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestVersionHeaders(t *testing.T) {
	dep := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	sun := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	p := VersionPolicy{Deprecation: &dep, Sunset: &sun, Successor: "v2"}
	h := http.Header{}
	p.headers(h)
	if got := h.Get("Deprecation"); got != "@1780272000" {
		t.Errorf("Deprecation %q", got)
	}
	if got := h.Get("Sunset"); got != "Fri, 01 Jan 2027 12:00:00 GMT" {
		t.Errorf("Sunset %q", got)
	}
	if got := h.Get("Link"); got != `</api/v2>; rel="successor-version"` {
		t.Errorf("Link %q", got)
	}
	if h.Get("Warning") != "" {
		t.Error("no Warning header")
	}
	if e := p.sunsetError("v1", sun.Add(-time.Second)); e != nil {
		t.Errorf("before sunset: %v", e)
	}
	e := p.sunsetError("v1", sun)
	if e == nil || e.Status != http.StatusGone || e.Code != CodeVersionSunset || !strings.Contains(e.Message, "v2") {
		t.Fatalf("at sunset: %+v", e)
	}
	// A current version has no headers.
	h = http.Header{}
	VersionPolicy{}.headers(h)
	if len(h) != 0 {
		t.Errorf("current version headers %v", h)
	}
}

func TestLoadVersionConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(body string) string {
		p := filepath.Join(dir, "v.yaml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	served := map[string]bool{"v1": true}
	cfg, err := loadVersionConfig(write("versions:\n  v1:\n    deprecation: 2026-06-01T00:00:00Z\n    sunset: 2027-01-01T00:00:00Z\n    successor: v2\n"), served)
	if err != nil {
		t.Fatal(err)
	}
	if p := cfg.Versions["v1"]; p.Deprecation == nil || p.Sunset == nil || p.Successor != "v2" || p.link() != "/api/v2" {
		t.Fatalf("%+v", p)
	}
	for name, body := range map[string]string{
		"unknown version":        "versions:\n  v7:\n    deprecation: 2026-06-01T00:00:00Z\n",
		"sunset w/o deprecation": "versions:\n  v1:\n    sunset: 2027-01-01T00:00:00Z\n",
		"sunset before":          "versions:\n  v1:\n    deprecation: 2027-06-01T00:00:00Z\n    sunset: 2027-01-01T00:00:00Z\n",
		"bad successor":          "versions:\n  v1:\n    deprecation: 2026-06-01T00:00:00Z\n    successor: next\n",
		"self successor":         "versions:\n  v1:\n    deprecation: 2026-06-01T00:00:00Z\n    successor: v1\n",
		"not a date":             "versions:\n  v1:\n    deprecation: soon\n",
		"unknown key":            "versions:\n  v1:\n    deprecated: 2026-06-01T00:00:00Z\n",
	} {
		if _, err := loadVersionConfig(write(body), served); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if cfg, err := loadVersionConfig("", served); err != nil || len(cfg.Versions) != 0 {
		t.Fatalf("no file: %v %v", cfg, err)
	}
}
