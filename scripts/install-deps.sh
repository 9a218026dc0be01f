#!/usr/bin/env bash
# Installs what the build needs from Debian's packages, only when missing,
# so that a second run costs nothing. Go modules and npm packages are fetched
# by the gateway's own build.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libsqlite3-dev sqlite3 libpq-dev libssl-dev googletest libgtest-dev libgmock-dev
  libcurl4-openssl-dev python3-venv openssl
  # The invoice PDF (src/documents/pdf): Cairo + Pango, the one font it
  # embeds, and the tools its tests read it with (pdftotext, pdffonts,
  # pdfinfo, pdftoppm; qpdf --check).
  libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils qpdf
  golang-go nodejs npm
)

# golang-go, nodejs and npm are only needed when the machine has no go/npm.
missing=()
for package in "${packages[@]}"; do
  case "$package" in
    golang-go) command -v go >/dev/null 2>&1 && continue ;;
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
