#include "metrics/registry.h"

#include <cmath>
#include <limits>
#include <optional>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace billing::metrics {
namespace {

TEST(MetricsRegistryTest, CountersByLabelInTextFormat) {
  Registry registry;
  CounterFamily& calls = registry.AddCounter("billing_calls_total", "Calls.", {"method", "code"});
  calls.Increment({"/a.S/Get", "OK"});
  calls.Increment({"/a.S/Get", "OK"});
  calls.Increment({"/a.S/Get", "NOT_FOUND"}, 3);
  EXPECT_EQ(registry.Render(),
            "# HELP billing_calls_total Calls.\n"
            "# TYPE billing_calls_total counter\n"
            "billing_calls_total{method=\"/a.S/Get\",code=\"NOT_FOUND\"} 3\n"
            "billing_calls_total{method=\"/a.S/Get\",code=\"OK\"} 2\n");
}

TEST(MetricsRegistryTest, UnlabelledCounterStartsAtZero) {
  Registry registry;
  registry.AddCounter("billing_errors_total", "Errors.");
  EXPECT_EQ(registry.Render(),
            "# HELP billing_errors_total Errors.\n"
            "# TYPE billing_errors_total counter\n"
            "billing_errors_total 0\n");
}

TEST(MetricsRegistryTest, WrongLabelCountOrNegativeIncrementIsDropped) {
  Registry registry;
  CounterFamily& calls = registry.AddCounter("c_total", "C.", {"a"});
  calls.Increment({"x", "y"});
  calls.Increment({"x"}, -1);
  EXPECT_EQ(registry.Render(), "# HELP c_total C.\n# TYPE c_total counter\n");
}

TEST(MetricsRegistryTest, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(EscapeLabelValue("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  EXPECT_EQ(EscapeHelp("a\\b\"c\nd"), "a\\\\b\"c\\nd");
  Registry registry;
  registry.AddCounter("c_total", "Line one\nline \\two", {"v"}).Increment({"say \"hi\"\n"});
  EXPECT_EQ(registry.Render(),
            "# HELP c_total Line one\\nline \\\\two\n"
            "# TYPE c_total counter\n"
            "c_total{v=\"say \\\"hi\\\"\\n\"} 1\n");
}

TEST(MetricsRegistryTest, NumbersInShortestExactForm) {
  EXPECT_EQ(FormatNumber(0), "0");
  EXPECT_EQ(FormatNumber(3), "3");
  EXPECT_EQ(FormatNumber(0.1), "0.1");
  EXPECT_EQ(FormatNumber(0.0025), "0.0025");
  EXPECT_EQ(FormatNumber(1e21), "1e+21");
  EXPECT_EQ(FormatNumber(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatNumber(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatNumber(std::nan("")), "NaN");
}

TEST(MetricsRegistryTest, HistogramBucketsAreCumulativeWithSumCountAndInf) {
  Registry registry;
  HistogramFamily& latency =
      registry.AddHistogram("rpc_seconds", "Latency.", {"method"}, {0.5, 0.1, 1});
  latency.Observe({"m"}, 0.05);
  latency.Observe({"m"}, 0.1);  // on a bound: that bucket (le)
  latency.Observe({"m"}, 0.75);
  latency.Observe({"m"}, 4);
  EXPECT_EQ(registry.Render(),
            "# HELP rpc_seconds Latency.\n"
            "# TYPE rpc_seconds histogram\n"
            "rpc_seconds_bucket{method=\"m\",le=\"0.1\"} 2\n"
            "rpc_seconds_bucket{method=\"m\",le=\"0.5\"} 2\n"
            "rpc_seconds_bucket{method=\"m\",le=\"1\"} 3\n"
            "rpc_seconds_bucket{method=\"m\",le=\"+Inf\"} 4\n"
            "rpc_seconds_sum{method=\"m\"} 4.9\n"
            "rpc_seconds_count{method=\"m\"} 4\n");
}

TEST(MetricsRegistryTest, UnlabelledHistogram) {
  Registry registry;
  registry.AddHistogram("h", "H.", {}, {1}).Observe({}, 2);
  EXPECT_EQ(registry.Render(),
            "# HELP h H.\n# TYPE h histogram\n"
            "h_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 1\nh_sum 2\nh_count 1\n");
}

TEST(MetricsRegistryTest, GaugeIsReadAtEachRenderAndLeftOutWhenUnreadable) {
  Registry registry;
  std::optional<double> depth = 7;
  registry.AddGauge("queue_depth", "Depth.", [&depth] { return depth; });
  EXPECT_EQ(registry.Render(), "# HELP queue_depth Depth.\n# TYPE queue_depth gauge\nqueue_depth 7\n");
  depth = std::nullopt;
  EXPECT_EQ(registry.Render(), "# HELP queue_depth Depth.\n# TYPE queue_depth gauge\n");
}

TEST(MetricsRegistryTest, ScrapedCounterAndInfo) {
  Registry registry;
  double cpu = 1.25;
  registry.AddScrapedCounter("cpu_seconds_total", "CPU.", [&cpu] { return cpu; });
  registry.AddInfo("build_info", "Build.", {{"version", "1.2.3"}, {"commit", "a\"b"}});
  EXPECT_EQ(registry.Render(),
            "# HELP cpu_seconds_total CPU.\n# TYPE cpu_seconds_total counter\n"
            "cpu_seconds_total 1.25\n"
            "# HELP build_info Build.\n# TYPE build_info gauge\n"
            "build_info{version=\"1.2.3\",commit=\"a\\\"b\"} 1\n");
}

TEST(MetricsRegistryTest, FamiliesInTheOrderAdded) {
  Registry registry;
  registry.AddCounter("b_total", "B.");
  registry.AddCounter("a_total", "A.");
  const std::string text = registry.Render();
  EXPECT_LT(text.find("b_total"), text.find("a_total"));
}

}  // namespace
}  // namespace billing::metrics
