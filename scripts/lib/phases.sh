# Sourced by scripts/test.sh: runs named phases and prints how long each took,
# so a slow phase is visible in CI's log without reading timestamps.
declare -a BILLING_PHASE_LINES=()
BILLING_PHASES_START=$SECONDS

# phase NAME COMMAND...: runs COMMAND; on failure prints which phase failed
# and exits with its status.
phase() {
  local name=$1
  shift
  local start=$SECONDS
  echo "==> phase ${name}"
  local rc=0
  "$@" || rc=$?
  local took=$((SECONDS - start))
  BILLING_PHASE_LINES+=("$(printf '%-24s %5d s' "$name" "$took")")
  if [ "$rc" -ne 0 ]; then
    echo "==> phase ${name} FAILED after ${took} s (exit ${rc})"
    phase_summary
    exit "$rc"
  fi
  echo "==> phase ${name} took ${took} s"
}

phase_summary() {
  echo "==> phase durations"
  local line
  for line in "${BILLING_PHASE_LINES[@]}"; do echo "    $line"; done
  echo "    $(printf '%-24s %5d s' total $((SECONDS - BILLING_PHASES_START)))"
}
