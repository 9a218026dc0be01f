// A thread-safe registry of counters, histograms and gauges, written out in
// the Prometheus text exposition format (version 0.0.4). Hand-written on
// purpose: Debian packages no Prometheus C++ client, and the service needs
// only these three kinds.
#ifndef BILLING_METRICS_REGISTRY_H_
#define BILLING_METRICS_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace billing::metrics {

// Label values, in the order of the family's label names.
using LabelValues = std::vector<std::string>;

// One named metric with its label names and help text.
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names)
      : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}
  virtual ~Family() = default;
  Family(const Family&) = delete;
  Family& operator=(const Family&) = delete;

  // Appends # HELP, # TYPE and every series.
  virtual void Write(std::string& out) const = 0;

 protected:
  void WriteHeader(std::string_view type, std::string& out) const;
  // {a="x",b="y"} with `extra` (e.g. le="0.5") last; "" when there are no labels.
  std::string LabelSet(const LabelValues& values, std::string_view extra = "") const;
  // Values of the wrong count are a programming error: such an observation
  // is dropped rather than taking the server down.
  bool Fits(const LabelValues& values) const { return values.size() == label_names_.size(); }

  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
};

class CounterFamily : public Family {
 public:
  // A family without labels starts with its one series at 0.
  CounterFamily(std::string name, std::string help, std::vector<std::string> label_names);
  void Increment(const LabelValues& values, double by = 1);
  void Write(std::string& out) const override;

 private:
  mutable absl::Mutex mu_;
  std::map<LabelValues, double> series_ ABSL_GUARDED_BY(mu_);
};

class HistogramFamily : public Family {
 public:
  // `bounds`: the buckets' upper bounds, ascending; +Inf is implied.
  HistogramFamily(std::string name, std::string help, std::vector<std::string> label_names,
                  std::vector<double> bounds);
  void Observe(const LabelValues& values, double value);
  void Write(std::string& out) const override;

 private:
  struct Series {
    std::vector<uint64_t> counts;  // per bucket, not cumulative; last is +Inf
    double sum = 0;
    uint64_t count = 0;
  };
  std::vector<double> bounds_;
  mutable absl::Mutex mu_;
  std::map<LabelValues, Series> series_ ABSL_GUARDED_BY(mu_);
};

// One sample read when scraped: a gauge, or a counter kept elsewhere (the
// kernel's CPU time of the process), with fixed labels if any. nullopt
// leaves the sample out (its source could not be read).
class ScrapedFamily : public Family {
 public:
  ScrapedFamily(std::string name, std::string help, std::string type,
                std::vector<std::string> label_names, LabelValues label_values,
                std::function<std::optional<double>()> read)
      : Family(std::move(name), std::move(help), std::move(label_names)),
        type_(std::move(type)),
        label_values_(std::move(label_values)),
        read_(std::move(read)) {}
  void Write(std::string& out) const override;

 private:
  std::string type_;
  LabelValues label_values_;
  std::function<std::optional<double>()> read_;
};

class Registry {
 public:
  // The returned references live as long as the registry.
  CounterFamily& AddCounter(std::string name, std::string help,
                            std::vector<std::string> label_names = {});
  HistogramFamily& AddHistogram(std::string name, std::string help,
                                std::vector<std::string> label_names, std::vector<double> bounds);
  void AddGauge(std::string name, std::string help, std::function<std::optional<double>()> read);
  // A counter whose value is kept elsewhere and read when scraped.
  void AddScrapedCounter(std::string name, std::string help,
                         std::function<std::optional<double>()> read);
  // An info metric: a gauge of 1 whose labels are the information
  // (billing_build_info{version,commit}).
  void AddInfo(std::string name, std::string help,
               std::vector<std::pair<std::string, std::string>> labels);

  // Every family, in the order added.
  std::string Render() const;

 private:
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<Family>> families_ ABSL_GUARDED_BY(mu_);
};

// Text format escaping and numbers (exposed for tests).
std::string EscapeLabelValue(std::string_view value);  // \ " and newline
std::string EscapeHelp(std::string_view help);         // \ and newline
std::string FormatNumber(double value);  // shortest exact form; +Inf, -Inf, NaN

}  // namespace billing::metrics

#endif  // BILLING_METRICS_REGISTRY_H_
