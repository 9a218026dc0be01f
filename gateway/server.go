// Package gateway is the REST sidecar of the billing service: a
// grpc-gateway mux in front of the billing.v1 gRPC services, answering every
// request with one JSON envelope and an exact HTTP status. It holds HTTP
// concerns only; every business rule lives in the service. The command
// billing-gateway (cmd/billing-gateway) is its thin main.
package gateway

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.yaml.in/yaml/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoregistry"

	billingv1 "billing/gateway/gen/billing/v1"
)

// gateway is the wiring of one running gateway.
type gateway struct {
	routes          *routeTable
	versions        *VersionConfig
	health          healthpb.HealthClient
	mux             *runtime.ServeMux
	maxBodyBytes    int64
	upstreamTimeout time.Duration
	now             func() time.Time
	access          *slog.Logger
	metrics         *metrics
}

// Options are the command line's settings.
type Options struct {
	Listen          string        // HOST:PORT to serve HTTP on
	Upstream        string        // HOST:PORT of the billing gRPC service
	VersionConfig   string        // YAML file with the API versions' lifecycle; "": every version is current
	UpstreamTimeout time.Duration // deadline of one call to the service (504 past it)
	ShutdownTimeout time.Duration // how long a stop waits for requests in flight
}

// Run serves until ctx is done (the command cancels it on SIGTERM/SIGINT),
// then stops taking connections and finishes the requests in flight.
func Run(ctx context.Context, o Options) error {
	m := newMetrics()
	conn, err := grpc.NewClient(o.Upstream,
		append(upstreamDialOptions(), grpc.WithChainUnaryInterceptor(m.observeUpstream))...)
	if err != nil {
		return fmt.Errorf("upstream %s: %w", o.Upstream, err)
	}
	defer conn.Close()
	g, err := newGateway(conn, o, m)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.Listen)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           g.handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      o.UpstreamTimeout + 30*time.Second,
		IdleTimeout:       120 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	slog.Info("billing-gateway listening", "listen", ln.Addr().String(), "upstream", o.Upstream)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down: no new requests, waiting for those in flight")
	sctx, cancel := context.WithTimeout(context.Background(), o.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	slog.Info("billing-gateway stopped")
	return nil
}

// newGateway wires the mux and its options onto an upstream connection;
// m is the metrics the connection reports its errors to.
func newGateway(conn *grpc.ClientConn, o Options, m *metrics) (*gateway, error) {
	routes, err := loadRoutes(protoregistry.GlobalFiles)
	if err != nil {
		return nil, err
	}
	versions, err := loadVersionConfig(o.VersionConfig, routes.versions)
	if err != nil {
		return nil, err
	}
	g := &gateway{
		routes:          routes,
		versions:        versions,
		health:          healthpb.NewHealthClient(conn),
		maxBodyBytes:    MaxBodyBytes,
		upstreamTimeout: o.UpstreamTimeout,
		now:             time.Now,
		access:          newAccessLogger(os.Stdout),
		metrics:         m,
	}
	noHeaders := func(string) (string, bool) { return "", false }
	g.mux = runtime.NewServeMux(
		// A google.api.HttpBody answer (a document) is served as its bytes
		// with its content type; everything else is REST's JSON.
		runtime.WithMarshalerOption(runtime.MIMEWildcard, &runtime.HTTPBodyMarshaler{Marshaler: restMarshaler{}}),
		runtime.WithErrorHandler(handleError),
		runtime.WithRoutingErrorHandler(g.handleRoutingError),
		runtime.WithMiddlewares(g.checkRequest),
		runtime.WithForwardResponseOption(conditionalResponseHeaders),
		runtime.WithForwardResponseOption(g.forwardResponse),
		runtime.WithForwardResponseRewriter(g.rewriteResponse),
		// Only the request id the gateway settled on, Idempotency-Key and
		// If-Match go to the service (conditionalHeaders, request.go); no other client
		// header is passed through, and no service metadata comes back as
		// a header.
		runtime.WithIncomingHeaderMatcher(conditionalHeaders),
		runtime.WithOutgoingHeaderMatcher(noHeaders),
		runtime.WithOutgoingTrailerMatcher(noHeaders),
		runtime.WithMetadata(func(_ context.Context, r *http.Request) metadata.MD {
			return metadata.Pairs(metadataRequestID, exchangeFrom(r.Context()).RequestID)
		}),
		runtime.WithDisablePathLengthFallback(),
		runtime.WithDisableHTTPMethodOverride(),
		runtime.WithWriteContentLength(),
	)
	ctx := context.Background()
	for _, register := range []func(context.Context, *runtime.ServeMux, *grpc.ClientConn) error{
		billingv1.RegisterCustomerServiceHandler,
		billingv1.RegisterInvoiceServiceHandler,
		billingv1.RegisterPaymentServiceHandler,
		billingv1.RegisterCreditNoteServiceHandler,
		billingv1.RegisterLedgerServiceHandler,
		billingv1.RegisterRevenueCalculationServiceHandler,
		billingv1.RegisterEventServiceHandler,
		billingv1.RegisterWebhookEndpointServiceHandler,
		billingv1.RegisterOrganizationServiceHandler,
		billingv1.RegisterTaxRateServiceHandler,
	} {
		if err := register(ctx, g.mux, conn); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// handler is the whole HTTP surface: the outer stage (outer, below) around
// the gateway's own paths, the OpenAPI document, and the routes under
// /api/{version}/… through grpc-gateway's mux, with the upstream deadline.
func (g *gateway) handler() http.Handler {
	return g.outer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, document := openAPIForms[r.URL.Path]
		switch p := r.URL.Path; {
		case p == "/healthz":
			g.only(http.MethodGet, g.healthz)(w, r)
		case p == "/readyz":
			g.only(http.MethodGet, g.readyz)(w, r)
		case p == MetricsPath:
			g.only(http.MethodGet, g.metrics.handler.ServeHTTP)(w, r)
		case p == "/docs" || strings.HasPrefix(p, "/docs/"):
			serveDocs(w, r)
		case document:
			g.only(http.MethodGet, serveOpenAPI)(w, r)
		default:
			ctx, cancel := context.WithTimeout(r.Context(), g.upstreamTimeout)
			defer cancel()
			g.mux.ServeHTTP(w, r.WithContext(ctx))
		}
	}))
}

// only restricts a handler to one method (405 + Allow otherwise).
func (g *gateway) only(method string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method {
			writeError(w, r, routingError(http.StatusMethodNotAllowed, r.Method, r.URL.Path, []string{method}))
			return
		}
		h(w, r)
	}
}

// The one gRPC connection to the service carries every caller's request, so
// its limits are chosen so that no single answer can break it for the
// others.
const (
	// MaxUpstreamHeaderListBytes is advertised to the service as HTTP/2
	// SETTINGS_MAX_HEADER_LIST_SIZE. A conforming server then refuses to
	// send larger headers or trailers (e.g. a huge google.rpc.BadRequest in
	// grpc-status-details-bin) and fails that one call instead. Without it,
	// grpc-go advertises nothing and reads up to 16 MiB; one header value
	// past that is an HPACK error that closes the whole connection, and
	// every request in flight on it fails.
	MaxUpstreamHeaderListBytes = 1 << 20
	// MaxUpstreamMessageBytes bounds one response message: a page of 100
	// invoices with many line items stays well under it.
	MaxUpstreamMessageBytes = 16 << 20
	// MaxReconnectDelay bounds gRPC's reconnect backoff (default: up to
	// 120 s), so the gateway notices the service's return within about a
	// second.
	MaxReconnectDelay = time.Second
)

// upstreamDialOptions are the options of the connection to the service.
func upstreamDialOptions() []grpc.DialOption {
	return []grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithMaxHeaderListSize(MaxUpstreamHeaderListBytes),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(MaxUpstreamMessageBytes)),
		grpc.WithConnectParams(grpc.ConnectParams{
			Backoff: backoff.Config{
				BaseDelay:  250 * time.Millisecond,
				Multiplier: 1.6,
				Jitter:     0.2,
				MaxDelay:   MaxReconnectDelay,
			},
			MinConnectTimeout: 5 * time.Second,
		}),
	}
}

// The outer HTTP stage: one middleware chain (outer) around every request.

// outer is the chain, outermost first: the request id (everything after
// logs it), the metrics and access log (whose writer holds the status
// back, and makes a GET's 200 a 304), the panic guard, and the version's lifecycle (only /api/vN/…).
func (g *gateway) outer(next http.Handler) http.Handler {
	return withRequestID(g.observe(withRecover(g.withVersions(next))))
}

// HeaderRequestID is the header a client may send and always gets back.
const HeaderRequestID = "X-Request-ID"

// metadataRequestID is the gRPC metadata key the service reads and echoes.
const metadataRequestID = "x-request-id"

const maxRequestIDLen = 128

// validRequestID accepts 1-128 characters of [A-Za-z0-9._-].
func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// newRequestID makes a random id (128 bits, hex) that passes validRequestID.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on Linux
	return hex.EncodeToString(b[:])
}

// exchange is what the gateway knows about one request while handling it:
// the request id it settled on, the matched route, and what it answered
// (for the access log).
type exchange struct {
	RequestID string
	Start     time.Time
	Route     *route
	Path      string // escaped request path, for Location and the access log
	// The request continues a list from a pageToken (see checkPaging).
	Continued bool
	// Set when the answer is written.
	ErrorCode string
}

type exchangeKey struct{}

func exchangeFrom(ctx context.Context) *exchange {
	if ex, ok := ctx.Value(exchangeKey{}).(*exchange); ok {
		return ex
	}
	return &exchange{RequestID: newRequestID(), Start: time.Now()}
}

// withRequestID settles the request id (the client's when well formed, else a
// new one), returns it in the X-Request-ID header, and keeps it, with the
// rest of the exchange, in the request's context. It runs first.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(HeaderRequestID)
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(HeaderRequestID, id)
		ex := &exchange{RequestID: id, Start: time.Now(), Path: r.URL.EscapedPath()}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), exchangeKey{}, ex)))
	})
}

// MetricsPath serves the gateway's metrics in Prometheus text format. Like
// /healthz it needs no credential: the service checks credentials, and a
// scraper has none.
const MetricsPath = "/metrics"

// Route labels for requests that match no API route. Every label value comes
// from a fixed set: a raw path would make one series per id.
const (
	routeUnmatched = "unmatched"
	routeDocs      = "/docs"
)

// metrics are the gateway's Prometheus collectors, in a registry of its own
// (not the global one), so that each gateway in a test process counts alone.
type metrics struct {
	registry       *prometheus.Registry
	requests       *prometheus.CounterVec
	duration       *prometheus.HistogramVec
	upstreamErrors *prometheus.CounterVec
	handler        http.Handler
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "billing_gateway_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "billing_gateway_http_request_duration_seconds",
			Help:    "Time from a request's arrival to the end of its answer, by route pattern and method.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method"}),
		upstreamErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "billing_gateway_upstream_errors_total",
			Help: "Calls to the billing service that did not end OK, by gRPC method and code (Unavailable and DeadlineExceeded: the service was unreachable or slow).",
		}, []string{"grpc_method", "grpc_code"}),
	}
	m.registry.MustRegister(m.requests, m.duration, m.upstreamErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
	return m
}

// routeLabel is the matched route's pattern, the gateway's own fixed paths
// as they are, and "unmatched" for anything else.
func (m *metrics) routeLabel(r *http.Request) string {
	if rt := exchangeFrom(r.Context()).Route; rt != nil {
		return rt.label
	}
	switch p := r.URL.Path; {
	case p == "/healthz", p == "/readyz", p == MetricsPath:
		return p
	case p == routeDocs || strings.HasPrefix(p, routeDocs+"/"):
		return routeDocs
	default:
		if _, ok := openAPIForms[p]; ok {
			return p
		}
		return routeUnmatched
	}
}

// methodLabel bounds the method label: a client may send any token.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return method
	default:
		return "OTHER"
	}
}

// observeUpstream is a gRPC client interceptor on the connection to the
// service: it counts the calls that did not end OK.
func (m *metrics) observeUpstream(ctx context.Context, method string, req, reply any,
	cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	err := invoker(ctx, method, req, reply, cc, opts...)
	if err != nil {
		m.upstreamErrors.WithLabelValues(method, status.Code(err).String()).Inc()
	}
	return err
}

// recordingWriter remembers what was answered, for the access log, and
// holds the status back until the body starts: grpc-gateway's forward
// response option sets a success's status before the envelope is made, and
// if the envelope then fails its cross-check, the 500 replaces it. Holding
// it back also lets a GET's 200 become a 304 once its ETag is known.
type recordingWriter struct {
	http.ResponseWriter
	status      int
	bytes       int64
	wroteHeader bool // the status went to the client
	// ifNoneMatch is a GET's If-None-Match: a 200 whose ETag it names is
	// answered 304 with no body (RFC 9110 13.1.2).
	ifNoneMatch []string
	notModified bool
}

func newRecordingWriter(w http.ResponseWriter, r *http.Request) *recordingWriter {
	rw := &recordingWriter{ResponseWriter: w}
	if r.Method == http.MethodGet {
		rw.ifNoneMatch = r.Header.Values("If-None-Match")
	}
	return rw
}

func (w *recordingWriter) WriteHeader(status int) {
	if !w.wroteHeader {
		w.status = status
	}
}

// sendHeader sends the status held back (200 if none was set).
func (w *recordingWriter) sendHeader() {
	if w.wroteHeader {
		return
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.status == http.StatusOK && etagListed(w.ifNoneMatch, w.Header().Get("ETag")) {
		w.status, w.notModified = http.StatusNotModified, true
		w.Header().Del("Content-Type")
		w.Header().Del("Content-Length")
	}
	w.wroteHeader = true
	w.ResponseWriter.WriteHeader(w.status)
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	w.sendHeader()
	if w.notModified {
		return len(b), nil
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *recordingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// newAccessLogger writes one JSON line per request to out.
func newAccessLogger(out io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(out, nil))
}

// observe accounts for each request once it is answered: the metrics
// (counted and timed by route, method, status) and one access-log line
// (time, request id, method, path, route, status, error code, bytes,
// latency). Its writer holds the status back (recordingWriter).
func (g *gateway) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := newRecordingWriter(w, r)
		next.ServeHTTP(rw, r)
		rw.sendHeader() // a 204, or a handler that wrote nothing
		ex := exchangeFrom(r.Context())
		elapsed := time.Since(ex.Start)
		label, method := g.metrics.routeLabel(r), methodLabel(r.Method)
		g.metrics.requests.WithLabelValues(label, method, strconv.Itoa(rw.status)).Inc()
		g.metrics.duration.WithLabelValues(label, method).Observe(elapsed.Seconds())
		route := ""
		if ex.Route != nil {
			route = ex.Route.Method + " " + ex.Route.Template
		}
		g.access.LogAttrs(r.Context(), slog.LevelInfo, "access",
			slog.String("request_id", ex.RequestID),
			slog.String("method", r.Method),
			slog.String("path", ex.Path),
			slog.String("route", route),
			slog.Int("status", rw.status),
			slog.String("error_code", ex.ErrorCode),
			slog.Int64("bytes", rw.bytes),
			slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
			slog.String("remote_addr", r.RemoteAddr),
		)
	})
}

// withRecover answers 500 with the envelope if a handler panics.
func withRecover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.Error("panic", "request_id", exchangeFrom(r.Context()).RequestID, "panic", fmt.Sprint(v))
				if rw, ok := w.(*recordingWriter); !ok || !rw.wroteHeader {
					writeError(w, r, &apiError{Status: http.StatusInternalServerError, Code: CodeInternal,
						Message: genericInternalMessage})
				}
			}
		}()
		next.ServeHTTP(w, r)
	})
}

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
	for _, v := range slices.Sorted(maps.Keys(c.Versions)) {
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
					Message: fmt.Sprintf("API version %s does not exist; served: %s", v, strings.Join(slices.Sorted(maps.Keys(g.routes.versions)), ", "))})
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
