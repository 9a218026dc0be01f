# syntax=docker/dockerfile:1
#
# billing-gateway: the REST sidecar, a static Go binary on distroless.
#
#   docker build -f deploy/gateway.Dockerfile -t REGISTRY/billing-gateway:VERSION .
#
# (from the repository root; see deploy/README.md). The build stage runs the
# repository's own scripts/build.sh, exactly what the top-level README uses;
# it is the same stage as server.Dockerfile's, so building both images builds
# once (cache). CGO_ENABLED=0 makes the gateway a static binary that needs no
# libc at run time.

FROM golang:1.26.8-bookworm AS go

FROM debian:12.11 AS build
# Debian's golang-go (1.19) is too old for the gateway's go.mod: take the
# toolchain from the official Go image; scripts/install-deps.sh then skips it.
COPY --from=go /usr/local/go /usr/local/go
ENV PATH=/usr/local/go/bin:$PATH \
    GOTOOLCHAIN=local \
    GOFLAGS=-buildvcs=false \
    CGO_ENABLED=0
WORKDIR /src
COPY . .
RUN scripts/build.sh

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /src/build/bin/billing-gateway /usr/local/bin/billing-gateway
# Numeric, so that Kubernetes can check runAsNonRoot against the image.
USER 65532:65532
EXPOSE 8080
# Exec form: billing-gateway is PID 1 and receives SIGTERM itself.
ENTRYPOINT ["/usr/local/bin/billing-gateway"]
