#!/usr/bin/env bash
# Installs the e-invoice validators that tests/einvoice/validate runs: Saxon-HE,
# the UBL 2.1 XSDs, the CEN EN 16931 and OpenPEPPOL BIS 3 schematrons (compiled
# to XSLT) and Peppol's example documents, each pinned by version and SHA-256 in
# tests/einvoice/validators.lock and fetched from Maven Central with mvn.
#
# They go to $BILLING_EINVOICE_CACHE (default ~/.cache/billing-einvoice), in a
# directory named by the lock file's hash, never into the repository: the Peppol
# rules may not be redistributed. Idempotent: a complete copy is left alone, so a
# second run costs nothing. Prints the directory. Usage:
#   scripts/install-einvoice-validators.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lock=$root/tests/einvoice/validators.lock
cache=${BILLING_EINVOICE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/billing-einvoice}
dir=$cache/$(sha256sum "$lock" | cut -c1-16)

log() { echo "install-einvoice-validators: $*" >&2; }
die() { log "$*"; exit 1; }

if [ -f "$dir/.complete" ]; then
  echo "$dir"
  exit 0
fi

# Debian packages: a JDK (the validator is compiled on first use), Maven (the
# registry's client) and unzip.
missing=()
command -v javac >/dev/null 2>&1 || missing+=(default-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Built in a temporary directory and renamed when complete, so that an
# interrupted run never leaves a half-installed copy that looks whole.
mkdir -p "$cache"
work=$(mktemp -d "$cache/.install.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/jars" "$work/download"

check_sha() {  # FILE EXPECTED WHAT
  local got
  got=$(sha256sum "$1" | cut -d' ' -f1)
  [ "$got" = "$2" ] || die "$3: SHA-256 $got, expected $2 (tests/einvoice/validators.lock)"
}

while read -r kind a b c d; do
  case "$kind" in
    ''|'#'*) continue ;;
    artifact)  # NAME COORDINATE SHA256
      log "fetching $b"
      rm -rf "$work/download"/*
      mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:2.8:copy \
        -Dartifact="$b" -DoutputDirectory="$work/download" >"$work/mvn.log" 2>&1 ||
        { cat "$work/mvn.log" >&2; die "mvn could not fetch $b"; }
      jars=("$work/download"/*.jar)
      [ ${#jars[@]} -eq 1 ] && [ -f "${jars[0]}" ] || die "mvn fetched no single jar for $b"
      check_sha "${jars[0]}" "$c" "$b"
      mv "${jars[0]}" "$work/jars/$a.jar" ;;
    extract)  # DEST FROM PATH SHA256|-
      [ -f "$work/jars/$b.jar" ] || die "extract $a: artifact $b is not listed before it"
      rm -rf "$work/unzip" && mkdir -p "$work/unzip"
      unzip -q "$work/jars/$b.jar" "$c*" -d "$work/unzip" || die "$b has no $c"
      mkdir -p "$(dirname "$work/$a")"
      if [[ "$c" == */ ]]; then
        [ "$d" = "-" ] || die "extract $a: a directory takes - as its hash"
        [ -n "$(ls -A "$work/unzip/$c")" ] || die "$b: $c is empty"
        mv "$work/unzip/$c" "$work/${a%/}"
      else
        check_sha "$work/unzip/$c" "$d" "$b:$c"
        mv "$work/unzip/$c" "$work/$a"
      fi ;;
    *) die "unknown line in $lock: $kind $a" ;;
  esac
done <"$lock"

rm -rf "$work/download" "$work/unzip" "$work/mvn.log"
cp "$lock" "$work/validators.lock"
touch "$work/.complete"
# A leftover without .complete is an older interrupted copy; a concurrent run
# that finished first wins the rename and this copy is dropped.
[ -f "$dir/.complete" ] || rm -rf "$dir"
if mv -T "$work" "$dir" 2>/dev/null; then
  trap - EXIT
else
  [ -f "$dir/.complete" ] || die "could not move $work to $dir"
fi
log "installed into $dir"
echo "$dir"
