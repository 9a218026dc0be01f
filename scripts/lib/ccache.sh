# Sourced by the build scripts: compile through ccache (installed by
# scripts/install-deps.sh) so that a fresh clone with a warm cache rebuilds
# in a fraction of the time. BASEDIR and NOHASHDIR key the cache on paths
# relative to the checkout, so clones in other directories share it.
# Sets BILLING_LAUNCHER to the CMake argument (empty without ccache).
BILLING_LAUNCHER=""
if command -v ccache >/dev/null 2>&1; then
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR=true
  BILLING_LAUNCHER="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
fi
