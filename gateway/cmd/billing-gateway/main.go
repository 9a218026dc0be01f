// Command billing-gateway is the REST sidecar of the billing service; the
// gateway itself is the package billing/gateway. This is its command line.
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"billing/gateway"
)

func main() {
	var o gateway.Options
	flag.StringVar(&o.Listen, "listen", "0.0.0.0:8080", "HOST:PORT to serve HTTP on")
	flag.StringVar(&o.Upstream, "upstream", "127.0.0.1:50051", "HOST:PORT of the billing gRPC service")
	flag.StringVar(&o.VersionConfig, "version-config", "", "YAML file with the API versions' lifecycle (deprecation, sunset, successor); none: every version is current")
	flag.DurationVar(&o.UpstreamTimeout, "upstream-timeout", 30*time.Second, "deadline of one call to the service (504 past it)")
	flag.DurationVar(&o.ShutdownTimeout, "shutdown-timeout", 20*time.Second, "how long SIGTERM waits for requests in flight")
	flag.Parse()
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stderr, nil)))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := gateway.Run(ctx, o); err != nil {
		slog.Error("billing-gateway failed", "error", err.Error())
		os.Exit(1)
	}
}
