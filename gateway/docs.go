package gateway

import (
	"embed"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// openAPIDocument is the OpenAPI 3 document generated from the protos at
// build time (cmd/openapi, from the descriptors and openapi_config.yaml; see
// build.sh); openAPIYAML is the same document in YAML.
//
//go:embed gen/openapi/openapi.json
var openAPIDocument []byte

//go:embed gen/openapi/openapi.yaml
var openAPIYAML []byte

// swaggerUI holds the Swagger UI files copied at build time from the npm
// package swagger-ui-dist (see build.sh), served locally: no CDN.
//
//go:embed gen/docsui
var swaggerUIFiles embed.FS

// The page and its start-up script are the gateway's own.
//
//go:embed docsui/index.html docsui/swagger-ui-init.js
var swaggerUIOwn embed.FS

// openAPIForms are the document's paths and their media types. The document
// is served as is, not in the envelope: it is what OpenAPI tools read.
var openAPIForms = map[string]struct {
	mediaType string
	content   []byte
}{
	"/api/v1/openapi.json": {"application/json", openAPIDocument},
	"/api/v1/openapi.yaml": {"application/yaml", openAPIYAML},
}

// serveOpenAPI answers GET /api/v1/openapi.json and /api/v1/openapi.yaml.
func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	form := openAPIForms[r.URL.Path]
	if !accepts(r.Header.Values("Accept"), form.mediaType) {
		writeError(w, r, &apiError{Status: http.StatusNotAcceptable, Code: CodeNotAcceptable,
			Message: "this document is " + form.mediaType + ", which the Accept header excludes"})
		return
	}
	h := w.Header()
	h.Set("Content-Type", form.mediaType)
	h.Set("Cache-Control", "no-cache")
	_, _ = w.Write(form.content)
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
