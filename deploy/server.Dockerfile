# syntax=docker/dockerfile:1
#
# billing-server: the gRPC service on SQLite.
#
#   docker build -f deploy/server.Dockerfile -t REGISTRY/billing-server:VERSION .
#
# (from the repository root; see deploy/README.md). The build stage runs the
# repository's own scripts/build.sh, exactly what the top-level README uses,
# so the image cannot drift from a developer's build. The build stage is the
# same as gateway.Dockerfile's, so building both images builds once (cache).

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

FROM debian:12.11-slim
# Only the packages of the libraries billing-server links against (libc6,
# libgcc-s1, libstdc++6 and zlib1g are already in the slim image); libssl3 for
# libcrypto (JWT signatures), libpq5 for PostgreSQL, libcurl4 (OpenSSL
# flavour) for webhooks and the invoice email; Cairo, Pango, GLib and
# fontconfig (HarfBuzz and FreeType come with Pango) and the DejaVu font files, which the
# invoice PDF embeds and loads by path, for the documents. tar stays in the image
# because `kubectl cp` needs it to copy backups out.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libgrpc++1.51 libgrpc29 libprotobuf32 libabsl20220623 libsqlite3-0 libpq5 libssl3 libcurl4 \
      libcairo2 libpango-1.0-0 libpangocairo-1.0-0 libpangoft2-1.0-0 libglib2.0-0 libfontconfig1 \
      fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 65532 billing \
 && useradd --system --uid 65532 --gid 65532 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin billing \
 && install -d -o 65532 -g 65532 -m 0750 /var/lib/billing
COPY --from=build /src/build/bin/billing-server /usr/local/bin/billing-server
# Numeric, so that Kubernetes can check runAsNonRoot against the image.
USER 65532:65532
WORKDIR /var/lib/billing
# gRPC, and Prometheus metrics (GET /metrics)
EXPOSE 50051 9090
# Exec form: billing-server is PID 1 and receives SIGTERM itself.
ENTRYPOINT ["/usr/local/bin/billing-server"]
CMD ["serve", "--listen=0.0.0.0:50051", "--metrics_listen=0.0.0.0:9090", "--db=/var/lib/billing/billing.db"]
