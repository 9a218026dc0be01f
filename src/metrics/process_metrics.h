// The process_* metrics of the Prometheus client libraries (same names,
// types and meaning as client_golang's process collector on Linux), read
// from /proc/self at each scrape, and billing_build_info.
#ifndef BILLING_METRICS_PROCESS_METRICS_H_
#define BILLING_METRICS_PROCESS_METRICS_H_

#include <optional>
#include <string_view>

#include "metrics/registry.h"

namespace billing::metrics {

// process_cpu_seconds_total, process_open_fds, process_max_fds,
// process_virtual_memory_bytes, process_resident_memory_bytes and
// process_start_time_seconds. A value that cannot be read (no /proc) is left
// out of that scrape.
void AddProcessMetrics(Registry& registry);

// billing_build_info{version,commit} 1: which build runs (BuildVersion,
// BuildCommit).
void AddBuildInfo(Registry& registry);

// The version (BILLING_VERSION) and commit (BILLING_COMMIT: the source's
// git commit, abbreviated, when configured; "unknown" without git) CMake
// configured the build with.
std::string_view BuildVersion();
std::string_view BuildCommit();

// What /proc/self/stat says, in the units the metrics use.
struct ProcessStat {
  double cpu_seconds = 0;       // utime + stime
  double start_after_boot = 0;  // seconds after boot
  double virtual_bytes = 0;     // vsize
  double resident_bytes = 0;    // rss pages x page size
};
// Parses /proc/[pid]/stat (exposed for tests); nullopt when malformed.
std::optional<ProcessStat> ParseProcessStat(std::string_view stat, double ticks_per_second,
                                            double page_size);
// The soft "Max open files" of /proc/[pid]/limits; +Inf when unlimited.
std::optional<double> ParseMaxOpenFiles(std::string_view limits);

}  // namespace billing::metrics

#endif  // BILLING_METRICS_PROCESS_METRICS_H_
