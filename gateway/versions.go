package gateway

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// VersionPolicy is the lifecycle of one API version, from configuration.
// A version with no policy is current.
type VersionPolicy struct {
	// Deprecation is when the version is (or will be) deprecated. Once it is
	// configured, every response of the version carries the Deprecation
	// header (RFC 9745 allows a date in the future).
	Deprecation *time.Time `yaml:"deprecation"`
	// Sunset is when the version stops answering: from then on it answers
	// 410 VERSION_SUNSET. Announced in the Sunset header (RFC 8594).
	Sunset *time.Time `yaml:"sunset"`
	// Successor names the version to move to, e.g. "v2".
	Successor string `yaml:"successor"`
	// SuccessorLink is where the successor lives; "/api/<successor>" when
	// empty.
	SuccessorLink string `yaml:"successor_link"`
}

// VersionConfig is the lifecycle configuration file:
//
//	versions:
//	  v1:
//	    deprecation: 2026-12-01T00:00:00Z
//	    sunset: 2027-06-01T00:00:00Z
//	    successor: v2
type VersionConfig struct {
	Versions map[string]VersionPolicy `yaml:"versions"`
}

// loadVersionConfig reads the lifecycle file; an empty path means every
// served version is current.
func loadVersionConfig(path string, served map[string]bool) (*VersionConfig, error) {
	cfg := &VersionConfig{Versions: map[string]VersionPolicy{}}
	if path == "" {
		return cfg, nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("version config: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("version config %s: %w", path, err)
	}
	if cfg.Versions == nil {
		cfg.Versions = map[string]VersionPolicy{}
	}
	if err := cfg.validate(served); err != nil {
		return nil, fmt.Errorf("version config %s: %w", path, err)
	}
	return cfg, nil
}

func (c *VersionConfig) validate(served map[string]bool) error {
	names := make([]string, 0, len(c.Versions))
	for v := range c.Versions {
		names = append(names, v)
	}
	sort.Strings(names)
	for _, v := range names {
		p := c.Versions[v]
		if !served[v] {
			return fmt.Errorf("version %s is not served by this gateway", v)
		}
		if p.Sunset != nil && p.Deprecation == nil {
			return fmt.Errorf("version %s has a sunset but no deprecation date", v)
		}
		if p.Sunset != nil && p.Sunset.Before(*p.Deprecation) {
			return fmt.Errorf("version %s: sunset before deprecation", v)
		}
		if p.Successor != "" && !versionSegment.MatchString(p.Successor) {
			return fmt.Errorf("version %s: successor %q is not a version like v2", v, p.Successor)
		}
		if p.Successor == v {
			return fmt.Errorf("version %s is its own successor", v)
		}
	}
	return nil
}

func (p VersionPolicy) link() string {
	if p.SuccessorLink != "" {
		return p.SuccessorLink
	}
	if p.Successor != "" {
		return "/api/" + p.Successor
	}
	return ""
}

// headers adds the lifecycle headers of a deprecated version: Deprecation
// (RFC 9745, "@" + Unix seconds), Sunset (RFC 8594, an HTTP-date) and Link to
// the successor.
func (p VersionPolicy) headers(h http.Header) {
	if p.Deprecation == nil {
		return
	}
	h.Set("Deprecation", "@"+strconv.FormatInt(p.Deprecation.Unix(), 10))
	if p.Sunset != nil {
		h.Set("Sunset", p.Sunset.UTC().Format(http.TimeFormat))
	}
	if l := p.link(); l != "" {
		h.Add("Link", "<"+l+`>; rel="successor-version"`)
	}
}

// sunsetError is the 410 of a version past its sunset, naming its
// successor; nil while the version still answers.
func (p VersionPolicy) sunsetError(version string, now time.Time) *apiError {
	if p.Sunset == nil || now.Before(*p.Sunset) {
		return nil
	}
	msg := fmt.Sprintf("API version %s was retired on %s", version, p.Sunset.UTC().Format(time.RFC3339))
	if p.Successor != "" {
		msg += fmt.Sprintf("; use %s (%s)", p.Successor, p.link())
	}
	return &apiError{Status: http.StatusGone, Code: CodeVersionSunset, Message: msg}
}

// withVersions answers for the version part of /api/{version}/...: an unknown
// version is 404 UNKNOWN_API_VERSION, a retired one 410 VERSION_SUNSET, a
// deprecated one gets its headers.
func (g *gateway) withVersions(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		parts := strings.SplitN(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/", 3)
		if len(parts) < 2 || parts[0] != "api" {
			next.ServeHTTP(w, r)
			return
		}
		v := parts[1]
		if !g.routes.versions[v] {
			if versionSegment.MatchString(v) {
				writeError(w, r, &apiError{Status: http.StatusNotFound, Code: CodeUnknownAPIVersion,
					Message: fmt.Sprintf("API version %s does not exist; served: %s", v, strings.Join(g.servedVersions(), ", "))})
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		p := g.versions.Versions[v]
		p.headers(w.Header())
		if e := p.sunsetError(v, g.now()); e != nil {
			writeError(w, r, e)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (g *gateway) servedVersions() []string {
	var vs []string
	for v := range g.routes.versions {
		vs = append(vs, v)
	}
	sort.Strings(vs)
	return vs
}
