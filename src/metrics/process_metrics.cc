#include "metrics/process_metrics.h"

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace billing::metrics {
namespace {

std::optional<std::string> ReadFile(const char* path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<ProcessStat> ReadProcessStat() {
  std::optional<std::string> stat = ReadFile("/proc/self/stat");
  if (!stat) return std::nullopt;
  return ParseProcessStat(*stat, static_cast<double>(sysconf(_SC_CLK_TCK)),
                          static_cast<double>(sysconf(_SC_PAGESIZE)));
}

// Seconds since the epoch at boot: "btime" of /proc/stat.
std::optional<double> BootTime() {
  std::optional<std::string> stat = ReadFile("/proc/stat");
  if (!stat) return std::nullopt;
  for (absl::string_view line : absl::StrSplit(*stat, '\n')) {
    if (absl::ConsumePrefix(&line, "btime ")) {
      double seconds = 0;
      if (absl::SimpleAtod(line, &seconds)) return seconds;
    }
  }
  return std::nullopt;
}

// Entries of /proc/self/fd, as client_golang counts them (the directory's
// own descriptor included while it is read).
std::optional<double> OpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return std::nullopt;
  double count = 0;
  while (const dirent* entry = readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") ++count;
  }
  closedir(dir);
  return count;
}

}  // namespace

std::optional<ProcessStat> ParseProcessStat(std::string_view stat, double ticks_per_second,
                                            double page_size) {
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so
  // the fields are counted from the last ')'. Field n (1-based, proc(5)) is
  // fields[n - 3].
  const size_t close = stat.rfind(')');
  if (close == std::string_view::npos || ticks_per_second <= 0) return std::nullopt;
  std::vector<absl::string_view> fields =
      absl::StrSplit(absl::string_view(stat.data() + close + 1, stat.size() - close - 1), ' ',
                     absl::SkipWhitespace());
  if (fields.size() < 22) return std::nullopt;
  double utime = 0, stime = 0, start = 0, vsize = 0, rss = 0;
  if (!absl::SimpleAtod(fields[11], &utime) || !absl::SimpleAtod(fields[12], &stime) ||
      !absl::SimpleAtod(fields[19], &start) || !absl::SimpleAtod(fields[20], &vsize) ||
      !absl::SimpleAtod(fields[21], &rss)) {
    return std::nullopt;
  }
  return ProcessStat{.cpu_seconds = (utime + stime) / ticks_per_second,
                     .start_after_boot = start / ticks_per_second,
                     .virtual_bytes = vsize,
                     .resident_bytes = rss * page_size};
}

std::optional<double> ParseMaxOpenFiles(std::string_view limits) {
  for (absl::string_view line : absl::StrSplit(absl::string_view(limits.data(), limits.size()), '\n')) {
    if (!absl::ConsumePrefix(&line, "Max open files")) continue;
    // "Max open files            1024                 1048576              files"
    std::vector<absl::string_view> values = absl::StrSplit(line, ' ', absl::SkipWhitespace());
    if (values.empty()) return std::nullopt;
    if (values[0] == "unlimited") return std::numeric_limits<double>::infinity();
    double soft = 0;
    if (absl::SimpleAtod(values[0], &soft)) return soft;
    return std::nullopt;
  }
  return std::nullopt;
}

void AddProcessMetrics(Registry& registry) {
  registry.AddScrapedCounter("process_cpu_seconds_total",
                             "Total user and system CPU time spent in seconds.",
                             []() -> std::optional<double> {
                               std::optional<ProcessStat> stat = ReadProcessStat();
                               if (!stat) return std::nullopt;
                               return stat->cpu_seconds;
                             });
  registry.AddGauge("process_open_fds", "Number of open file descriptors.", OpenFds);
  registry.AddGauge("process_max_fds", "Maximum number of open file descriptors.",
                    []() -> std::optional<double> {
                      std::optional<std::string> limits = ReadFile("/proc/self/limits");
                      if (!limits) return std::nullopt;
                      return ParseMaxOpenFiles(*limits);
                    });
  registry.AddGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                    []() -> std::optional<double> {
                      std::optional<ProcessStat> stat = ReadProcessStat();
                      if (!stat) return std::nullopt;
                      return stat->virtual_bytes;
                    });
  registry.AddGauge("process_resident_memory_bytes", "Resident memory size in bytes.",
                    []() -> std::optional<double> {
                      std::optional<ProcessStat> stat = ReadProcessStat();
                      if (!stat) return std::nullopt;
                      return stat->resident_bytes;
                    });
  // Read once: a process starts once.
  std::optional<double> start;
  if (std::optional<ProcessStat> stat = ReadProcessStat()) {
    if (std::optional<double> boot = BootTime()) start = *boot + stat->start_after_boot;
  }
  registry.AddGauge("process_start_time_seconds",
                    "Start time of the process since unix epoch in seconds.",
                    [start] { return start; });
}

void AddBuildInfo(Registry& registry) {
  registry.AddInfo("billing_build_info",
                   "The running build: its version and source commit; always 1.",
                   {{"version", std::string(BuildVersion())}, {"commit", std::string(BuildCommit())}});
}

}  // namespace billing::metrics
