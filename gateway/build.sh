#!/usr/bin/env bash
# Builds billing-gateway: generates the Go code and the OpenAPI document from
# the protos (into gateway/gen/, never committed), fetches Swagger UI from npm
# (into gateway/docsui/node_modules/, never committed), and builds the binary.
# Idempotent, and quick when nothing changed: generation reruns only when one
# of its inputs changed; go build has its own cache.
#
#   gateway/build.sh OUT_DIR [WORK_DIR]
#
# OUT_DIR receives billing-gateway; WORK_DIR (default OUT_DIR/../gateway-work)
# holds the protoc plugins. Environment: GO, PROTOC, PROTO_INCLUDE (the
# well-known types), NPM.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: build.sh OUT_DIR [WORK_DIR]}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=${2:-$out/../gateway-work}
mkdir -p "$work"
work=$(cd "$work" && pwd)

GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
PROTOC=${PROTOC:-$(command -v protoc || echo /usr/bin/protoc)}
PROTO_INCLUDE=${PROTO_INCLUDE:-/usr/include}
NPM=${NPM:-npm}
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"

# Pinned code generators.
PLUGINS=(
  google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
  google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.1
  github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-grpc-gateway@v2.32.0
)
proto_root=$here/../proto
# The contract's protos: the one list, proto/protos.txt (CMake reads it too).
mapfile -t PROTOS < <(grep -v '^#' "$proto_root/protos.txt")
# The gateway's own messages (the REST envelope), beside the service's.
GATEWAY_PROTOS=(billing/rest/v1/envelope.proto)
# Each resource's envelope, generated (cmd/envelopes) into gen/proto.
GENERATED_PROTO=billing/rest/v1/resources.proto
gen=$here/gen
mkdir -p "$gen"

# gen/ is shared by every build tree of this checkout: one build at a time.
exec 9>"$gen/.lock"
flock -w 900 9

# --- protoc plugins ---------------------------------------------------------
tools=$work/tools
want_tools=$(printf '%s\n' "${PLUGINS[@]}")
if [[ "$(cat "$tools/.versions" 2>/dev/null)" != "$want_tools" ]]; then
  echo "gateway: installing protoc plugins into $tools"
  mkdir -p "$tools"
  for p in "${PLUGINS[@]}"; do
    (cd "$work" && GOBIN="$tools" "$GO" install "$p")
  done
  printf '%s\n' "$want_tools" >"$tools/.versions"
fi

# --- generated code, OpenAPI document, Swagger UI ----------------------------
inputs_hash() {
  {
    printf '%s\n' "$want_tools"
    "$PROTOC" --version
    (cd "$here" && cat build.sh openapi_config.yaml docsui/package-lock.json \
      cmd/openapi/*.go cmd/envelopes/* internal/restapi/*.go)
    cat "$proto_root/protos.txt" "$proto_root"/google/api/*.proto
    for p in "${PROTOS[@]}"; do cat "$proto_root/$p"; done
    for p in "${GATEWAY_PROTOS[@]}"; do cat "$here/proto/$p"; done
  } | sha256sum | cut -d' ' -f1
}
hash=$(inputs_hash)
outputs=(billing/v1/customer.pb.gw.go openapi/openapi.json openapi/openapi.yaml docsui/swagger-ui-bundle.js)
fresh=yes
[[ "$(cat "$gen/.inputs" 2>/dev/null)" == "$hash" ]] || fresh=no
for o in "${outputs[@]}"; do [[ -s "$gen/$o" ]] || fresh=no; done

if [[ $fresh == no ]]; then
  echo "gateway: generating code and OpenAPI document"
  rm -rf "$gen/billing" "$gen/openapi" "$gen/docsui" "$gen/proto" "$gen/descriptors.pb" "$gen/.inputs"
  mkdir -p "$gen/openapi" "$gen/docsui" "$gen/proto/billing/rest/v1"
  # billing.v1's messages first: cmd/envelopes writes each resource's
  # envelope from their billing.v1.method facts.
  (cd "$here" && PATH="$tools:$PATH" "$PROTOC" -I "$proto_root" -I "$PROTO_INCLUDE" \
    --go_out="$gen" --go_opt=module=billing/gateway/gen "${PROTOS[@]}")
  (cd "$here" && "$GO" run ./cmd/envelopes -out "$gen/proto/$GENERATED_PROTO")
  # The descriptors, with their comments, for cmd/openapi.
  (cd "$here" && PATH="$tools:$PATH" "$PROTOC" -I "$proto_root" -I "$here/proto" -I "$gen/proto" -I "$PROTO_INCLUDE" \
    --go_out="$gen" --go_opt=module=billing/gateway/gen \
    --go-grpc_out="$gen" --go-grpc_opt=module=billing/gateway/gen \
    --grpc-gateway_out="$gen" \
    --grpc-gateway_opt=module=billing/gateway/gen,generate_unbound_methods=false \
    --include_source_info --include_imports --descriptor_set_out="$gen/descriptors.pb" \
    "${PROTOS[@]}" "${GATEWAY_PROTOS[@]}" "$GENERATED_PROTO")
  # The OpenAPI 3 document, from the descriptors and openapi_config.yaml.
  (cd "$here" && "$GO" run ./cmd/openapi -descriptors "$gen/descriptors.pb" -config openapi_config.yaml -out "$gen/openapi")

  # Swagger UI, from the npm package pinned in docsui/package-lock.json.
  ui=$here/docsui/node_modules/swagger-ui-dist
  want_ui=$(sed -n 's/.*"swagger-ui-dist": "\([^"]*\)".*/\1/p' "$here/docsui/package.json")
  have_ui=$(sed -n 's/^  "version": "\([^"]*\)".*/\1/p' "$ui/package.json" 2>/dev/null || true)
  if [[ "$have_ui" != "$want_ui" ]]; then
    (cd "$here/docsui" && "$NPM" ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
  for f in swagger-ui-bundle.js swagger-ui.css favicon-16x16.png favicon-32x32.png LICENSE NOTICE; do
    cp "$ui/$f" "$gen/docsui/$f"
  done
  echo "$hash" >"$gen/.inputs"
fi

# --- the binary ---------------------------------------------------------------
(cd "$here" && "$GO" build -trimpath -o "$out/billing-gateway.tmp" ./cmd/billing-gateway && mv -f "$out/billing-gateway.tmp" "$out/billing-gateway")
echo "gateway: built $out/billing-gateway"
