package main

import (
	"embed"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// openAPIDocument is the OpenAPI document generated from the protos at build
// time and post-processed by cmd/openapi-post (see build.sh).
//
//go:embed gen/openapi/openapi.json
var openAPIDocument []byte

// swaggerUI holds the Swagger UI files copied at build time from the npm
// package swagger-ui-dist (see build.sh), served locally: no CDN.
//
//go:embed gen/docsui
var swaggerUIFiles embed.FS

// The page and its start-up script are the gateway's own.
//
//go:embed docsui/index.html docsui/swagger-ui-init.js
var swaggerUIOwn embed.FS

// serveOpenAPI answers GET /api/v1/openapi.json. The document is served as
// is, not in the envelope: it is what OpenAPI tools read.
func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-cache")
	_, _ = w.Write(openAPIDocument)
}

// serveDocs answers /docs (the Swagger UI page) and its asset files.
func serveDocs(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeError(w, r, routingError(http.StatusMethodNotAllowed, r.Method, r.URL.Path, []string{http.MethodGet, http.MethodHead}))
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/docs")
	name = strings.TrimPrefix(name, "/")
	if name == "" || name == "index.html" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		data, _ := swaggerUIOwn.ReadFile("docsui/index.html")
		_, _ = w.Write(data)
		return
	}
	if strings.Contains(name, "/") {
		writeError(w, r, routingError(http.StatusNotFound, r.Method, r.URL.Path, nil))
		return
	}
	data, err := fs.ReadFile(swaggerUIOwn, path.Join("docsui", name))
	if err != nil || name == "index.html" {
		data, err = fs.ReadFile(swaggerUIFiles, path.Join("gen/docsui", name))
	}
	if err != nil {
		writeError(w, r, routingError(http.StatusNotFound, r.Method, r.URL.Path, nil))
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(data)
}
