package gateway

import (
	"context"
	"net/http"
	"strconv"
	"time"

	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"

	restv1 "billing/gateway/gen/billing/rest/v1"
)

// healthz answers 200 while the process lives.
func (g *gateway) healthz(w http.ResponseWriter, r *http.Request) {
	writeHealth(w, r, "the gateway is alive", "alive")
}

func writeHealth(w http.ResponseWriter, r *http.Request, message, status string) {
	e, err := successEnvelope(exchangeFrom(r.Context()).RequestID, message, "Health", (&restv1.Health{Status: status}).ProtoReflect())
	if err != nil { // cannot happen: HealthEnvelope is generated beside Health
		panic(err)
	}
	writeEnvelope(w, r, http.StatusOK, e)
}

// readyz answers 200 only while the service's gRPC health check says
// SERVING, else 503 UPSTREAM_UNAVAILABLE.
func (g *gateway) readyz(w http.ResponseWriter, r *http.Request) {
	ex := exchangeFrom(r.Context())
	ctx, cancel := context.WithTimeout(metadata.AppendToOutgoingContext(r.Context(), metadataRequestID, ex.RequestID), 2*time.Second)
	defer cancel()
	resp, err := g.health.Check(ctx, &healthpb.HealthCheckRequest{})
	if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		state := "UNREACHABLE"
		if err == nil {
			state = resp.GetStatus().String()
		}
		writeError(w, r, &apiError{Status: http.StatusServiceUnavailable, Code: CodeUpstreamUnavailable,
			Message: "the billing service is not ready (" + state + ")",
			Header:  http.Header{"Retry-After": {strconv.Itoa(retryAfterSeconds)}}})
		return
	}
	writeHealth(w, r, "the gateway and the billing service are ready", "ready")
}
