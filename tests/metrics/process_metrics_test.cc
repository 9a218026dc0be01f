// The process_* metrics against what the kernel says of this very process,
// and the build info.
#include "metrics/process_metrics.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "metrics/registry.h"

namespace billing::metrics {
namespace {

using ::testing::HasSubstr;

// The value of the sample `name` in `text`; NaN when absent.
double Sample(const std::string& text, const std::string& name) {
  const size_t at = text.find("\n" + name + " ");
  if (at == std::string::npos) return std::nan("");
  return std::stod(text.substr(at + name.size() + 2));
}

std::string Scrape() {
  Registry registry;
  AddProcessMetrics(registry);
  return "\n" + registry.Render();
}

// Resident set size by /proc/self/statm (its second field, in pages).
double StatmResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  double size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<double>(sysconf(_SC_PAGESIZE));
}

TEST(ProcessMetricsTest, ParsesStatWhateverTheCommandName) {
  // comm may hold spaces and parentheses; fields count from the last ')'.
  const std::string stat =
      "4242 (a b) (c)) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 150 0 0 20 0 9 0 "
      "123456 104857600 2560 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
  std::optional<ProcessStat> parsed = ParseProcessStat(stat, 100, 4096);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_DOUBLE_EQ(parsed->cpu_seconds, 4.0);  // (250 + 150) / 100
  EXPECT_DOUBLE_EQ(parsed->start_after_boot, 1234.56);
  EXPECT_DOUBLE_EQ(parsed->virtual_bytes, 104857600);
  EXPECT_DOUBLE_EQ(parsed->resident_bytes, 2560.0 * 4096);
  EXPECT_FALSE(ParseProcessStat("4242 (short) S 1 2 3", 100, 4096).has_value());
  EXPECT_FALSE(ParseProcessStat("no parenthesis", 100, 4096).has_value());
}

TEST(ProcessMetricsTest, MaxOpenFilesIsTheSoftLimit) {
  const std::string limits =
      "Limit                     Soft Limit           Hard Limit           Units     \n"
      "Max cpu time              unlimited            unlimited            seconds   \n"
      "Max open files            1024                 1048576              files     \n";
  EXPECT_EQ(ParseMaxOpenFiles(limits), 1024);
  EXPECT_EQ(ParseMaxOpenFiles("Max open files            unlimited            unlimited            files\n"),
            std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseMaxOpenFiles("Max cpu time  unlimited unlimited seconds\n"), std::nullopt);
}

TEST(ProcessMetricsTest, TypesAndHelpAsTheClientLibrariesHaveThem) {
  const std::string text = Scrape();
  EXPECT_THAT(text, HasSubstr("\n# TYPE process_cpu_seconds_total counter\n"));
  for (const char* gauge : {"process_open_fds", "process_max_fds", "process_virtual_memory_bytes",
                            "process_resident_memory_bytes", "process_start_time_seconds"}) {
    EXPECT_THAT(text, HasSubstr(std::string("\n# TYPE ") + gauge + " gauge\n")) << gauge;
    EXPECT_FALSE(std::isnan(Sample(text, gauge))) << gauge << " missing:\n" << text;
  }
}

TEST(ProcessMetricsTest, ResidentMemoryIsTheKernelsAndFollowsAllocation) {
  const double before = Sample(Scrape(), "process_resident_memory_bytes");
  const double statm = StatmResidentBytes();
  EXPECT_GT(before, 0);
  EXPECT_NEAR(before, statm, 4 << 20);  // the same count, read a moment apart
  // 64 MiB, touched: resident.
  constexpr size_t kBytes = 64 << 20;
  std::unique_ptr<char[]> block(new char[kBytes]);
  std::memset(block.get(), 1, kBytes);
  const std::string after = Scrape();
  EXPECT_GE(Sample(after, "process_resident_memory_bytes"), before + (48 << 20));
  EXPECT_GE(Sample(after, "process_virtual_memory_bytes"),
            Sample(after, "process_resident_memory_bytes"));
  EXPECT_EQ(block[kBytes - 1], 1);
}

TEST(ProcessMetricsTest, OpenFdsCountsEveryDescriptorAndMaxIsTheSoftLimit) {
  const double before = Sample(Scrape(), "process_open_fds");
  std::vector<int> fds;
  for (int i = 0; i < 5; ++i) fds.push_back(open("/proc/self/stat", O_RDONLY));
  const std::string during = Scrape();
  for (int fd : fds) close(fd);
  EXPECT_EQ(Sample(during, "process_open_fds"), before + 5);
  EXPECT_EQ(Sample(Scrape(), "process_open_fds"), before);
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  EXPECT_EQ(Sample(during, "process_max_fds"), static_cast<double>(limit.rlim_cur));
}

TEST(ProcessMetricsTest, CpuSecondsGrowWithWorkAndStartTimeIsThisProcesss) {
  const auto cpu_now = [] {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
  };
  const std::string before = Scrape();
  // Half a second of this process's CPU time, whatever else runs.
  const double cpu_start = cpu_now();
  const auto start = std::chrono::steady_clock::now();
  volatile double sink = 0;
  while (cpu_now() - cpu_start < 0.5 &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(30)) {
    for (int i = 0; i < 100000; ++i) sink = sink + std::sqrt(static_cast<double>(i));
  }
  const double cpu_end = cpu_now();
  const std::string after = Scrape();
  const double cpu_before = Sample(before, "process_cpu_seconds_total");
  const double cpu_after = Sample(after, "process_cpu_seconds_total");
  EXPECT_GE(cpu_after - cpu_before, 0.3);
  // Within a few ticks of the clock the kernel keeps.
  EXPECT_NEAR(cpu_after, cpu_end, 0.2);

  const double started = Sample(after, "process_start_time_seconds");
  const double now = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  EXPECT_LE(started, now + 1);
  EXPECT_GT(started, now - 3600) << "this test process started within the hour";
  EXPECT_EQ(Sample(Scrape(), "process_start_time_seconds"), started);
}

TEST(BuildInfoTest, OneSeriesOfOneNamingVersionAndCommit) {
  Registry registry;
  AddBuildInfo(registry);
  EXPECT_EQ(registry.Render(),
            "# HELP billing_build_info The running build: its version and source commit; always 1.\n"
            "# TYPE billing_build_info gauge\n"
            "billing_build_info{version=\"" + std::string(BuildVersion()) + "\",commit=\"" +
                std::string(BuildCommit()) + "\"} 1\n");
  EXPECT_EQ(BuildVersion(), BILLING_TEST_BUILD_VERSION);
  EXPECT_EQ(BuildCommit(), BILLING_TEST_BUILD_COMMIT);
  EXPECT_TRUE(std::regex_match(std::string(BuildCommit()), std::regex("[0-9a-f]{12}|unknown")))
      << BuildCommit();
}

}  // namespace
}  // namespace billing::metrics
