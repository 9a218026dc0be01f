// Package gateway is the REST sidecar of the billing service: a
// grpc-gateway mux in front of the billing.v1 gRPC services, answering every
// request with one JSON envelope and an exact HTTP status. It holds HTTP
// concerns only; every business rule lives in the service. The command
// billing-gateway (cmd/billing-gateway) is its thin main.
package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
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
	access          *accessLogger
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
		runtime.WithMarshalerOption(runtime.MIMEWildcard, restMarshaler{}),
		runtime.WithErrorHandler(withReplayedHeader(handleError)),
		runtime.WithRoutingErrorHandler(g.handleRoutingError),
		runtime.WithMiddlewares(g.checkRequest),
		runtime.WithForwardResponseOption(conditionalResponseHeaders),
		runtime.WithForwardResponseOption(g.forwardResponse),
		runtime.WithForwardResponseRewriter(g.rewriteResponse),
		// Only the request id the gateway settled on, Idempotency-Key and
		// If-Match go to the service (conditionalHeaders, checks.go); no other client
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
	} {
		if err := register(ctx, g.mux, conn); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// handler is the whole HTTP surface: the outer stage (outer.go) around
// the gateway's own paths and /api/… .
func (g *gateway) handler() http.Handler {
	api := g.withAPI()
	return g.outer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "/healthz":
			g.only(http.MethodGet, g.healthz)(w, r)
		case p == "/readyz":
			g.only(http.MethodGet, g.readyz)(w, r)
		case p == MetricsPath:
			g.only(http.MethodGet, g.metrics.handler.ServeHTTP)(w, r)
		case p == "/docs" || strings.HasPrefix(p, "/docs/"):
			serveDocs(w, r)
		default:
			api.ServeHTTP(w, r)
		}
	}))
}

// withAPI serves /api/{version}/...: the OpenAPI document, and the routes
// through grpc-gateway's mux, with the upstream deadline.
func (g *gateway) withAPI() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := openAPIForms[r.URL.Path]; ok {
			g.only(http.MethodGet, serveOpenAPI)(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), g.upstreamTimeout)
		defer cancel()
		g.mux.ServeHTTP(withNotModified(w, r), r.WithContext(ctx))
	})
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
