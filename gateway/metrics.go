package gateway

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
)

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
	// routeLabels is each API route's template as the OpenAPI document
	// shows it (/api/v1/invoices/{invoice-id}), computed once.
	routeLabels map[*route]string
	handler     http.Handler
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
		routeLabels: map[*route]string{},
	}
	m.registry.MustRegister(m.requests, m.duration, m.upstreamErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
	return m
}

// labelRoutes names the routes' series by their published patterns.
func (m *metrics) labelRoutes(routes *routeTable) {
	for _, rt := range routes.routes {
		m.routeLabels[rt] = publishedTemplate(rt)
	}
}

// publishedTemplate is a route's path with its variables named as in the
// OpenAPI document.
func publishedTemplate(rt *route) string {
	t := rt.Template
	for _, f := range rt.Vars {
		t = strings.Replace(t, "{"+string(f.Name())+"}", "{"+publishedPathParam(f)+"}", 1)
	}
	return t
}

// wrap counts and times each request once answered. It runs inside
// withRequestID, whose exchange tells the matched route, and outside the
// access log, whose writer sends the final status through this one.
func (m *metrics) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		route, method := m.routeLabel(r), methodLabel(r.Method)
		m.requests.WithLabelValues(route, method, strconv.Itoa(sw.status)).Inc()
		m.duration.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
	})
}

// routeLabel is the matched route's pattern, the gateway's own fixed paths
// as they are, and "unmatched" for anything else.
func (m *metrics) routeLabel(r *http.Request) string {
	if rt := exchangeFrom(r.Context()).Route; rt != nil {
		if l, ok := m.routeLabels[rt]; ok {
			return l
		}
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

// statusWriter remembers the status sent.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
