package gateway

import (
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/credentials/insecure"
)

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
