#include "metrics/registry.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"

namespace billing::metrics {

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

std::string FormatNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[32];
  const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

void Family::WriteHeader(std::string_view type, std::string& out) const {
  absl::StrAppend(&out, "# HELP ", name_, " ", EscapeHelp(help_), "\n# TYPE ", name_, " ",
                  std::string(type), "\n");
}

std::string Family::LabelSet(const LabelValues& values, std::string_view extra) const {
  if (label_names_.empty() && extra.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < label_names_.size(); ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ",", label_names_[i], "=\"", EscapeLabelValue(values[i]),
                    "\"");
  }
  if (!extra.empty()) absl::StrAppend(&out, label_names_.empty() ? "" : ",", std::string(extra));
  out += "}";
  return out;
}

CounterFamily::CounterFamily(std::string name, std::string help,
                             std::vector<std::string> label_names)
    : Family(std::move(name), std::move(help), std::move(label_names)) {
  absl::MutexLock lock(&mu_);
  if (label_names_.empty()) series_[{}] = 0;
}

void CounterFamily::Increment(const LabelValues& values, double by) {
  if (!Fits(values) || !(by >= 0)) return;  // counters only go up
  absl::MutexLock lock(&mu_);
  series_[values] += by;
}

void CounterFamily::Write(std::string& out) const {
  WriteHeader("counter", out);
  absl::MutexLock lock(&mu_);
  for (const auto& [values, value] : series_) {
    absl::StrAppend(&out, name_, LabelSet(values), " ", FormatNumber(value), "\n");
  }
}

HistogramFamily::HistogramFamily(std::string name, std::string help,
                                 std::vector<std::string> label_names, std::vector<double> bounds)
    : Family(std::move(name), std::move(help), std::move(label_names)), bounds_(std::move(bounds)) {
  std::sort(bounds_.begin(), bounds_.end());
  bounds_.erase(std::unique(bounds_.begin(), bounds_.end()), bounds_.end());
}

void HistogramFamily::Observe(const LabelValues& values, double value) {
  if (!Fits(values)) return;
  // The first bucket whose upper bound holds the value (le: less or equal).
  const size_t bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  absl::MutexLock lock(&mu_);
  Series& series = series_[values];
  if (series.counts.empty()) series.counts.assign(bounds_.size() + 1, 0);
  ++series.counts[bucket];
  series.sum += value;
  ++series.count;
}

void HistogramFamily::Write(std::string& out) const {
  WriteHeader("histogram", out);
  absl::MutexLock lock(&mu_);
  for (const auto& [values, series] : series_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i <= bounds_.size(); ++i) {
      cumulative += series.counts[i];
      const std::string le = i < bounds_.size() ? FormatNumber(bounds_[i]) : "+Inf";
      absl::StrAppend(&out, name_, "_bucket", LabelSet(values, absl::StrCat("le=\"", le, "\"")),
                      " ", cumulative, "\n");
    }
    absl::StrAppend(&out, name_, "_sum", LabelSet(values), " ", FormatNumber(series.sum), "\n");
    absl::StrAppend(&out, name_, "_count", LabelSet(values), " ", series.count, "\n");
  }
}

void ScrapedFamily::Write(std::string& out) const {
  WriteHeader(type_, out);
  if (!Fits(label_values_)) return;
  if (std::optional<double> value = read_()) {
    absl::StrAppend(&out, name_, LabelSet(label_values_), " ", FormatNumber(*value), "\n");
  }
}

CounterFamily& Registry::AddCounter(std::string name, std::string help,
                                    std::vector<std::string> label_names) {
  auto family = std::make_unique<CounterFamily>(std::move(name), std::move(help),
                                                std::move(label_names));
  CounterFamily& ref = *family;
  absl::MutexLock lock(&mu_);
  families_.push_back(std::move(family));
  return ref;
}

HistogramFamily& Registry::AddHistogram(std::string name, std::string help,
                                        std::vector<std::string> label_names,
                                        std::vector<double> bounds) {
  auto family = std::make_unique<HistogramFamily>(std::move(name), std::move(help),
                                                  std::move(label_names), std::move(bounds));
  HistogramFamily& ref = *family;
  absl::MutexLock lock(&mu_);
  families_.push_back(std::move(family));
  return ref;
}

void Registry::AddGauge(std::string name, std::string help,
                        std::function<std::optional<double>()> read) {
  auto family = std::make_unique<ScrapedFamily>(std::move(name), std::move(help), "gauge",
                                                std::vector<std::string>{}, LabelValues{},
                                                std::move(read));
  absl::MutexLock lock(&mu_);
  families_.push_back(std::move(family));
}

void Registry::AddScrapedCounter(std::string name, std::string help,
                                 std::function<std::optional<double>()> read) {
  auto family = std::make_unique<ScrapedFamily>(std::move(name), std::move(help), "counter",
                                                std::vector<std::string>{}, LabelValues{},
                                                std::move(read));
  absl::MutexLock lock(&mu_);
  families_.push_back(std::move(family));
}

void Registry::AddInfo(std::string name, std::string help,
                       std::vector<std::pair<std::string, std::string>> labels) {
  std::vector<std::string> names;
  LabelValues values;
  for (auto& [label, value] : labels) {
    names.push_back(std::move(label));
    values.push_back(std::move(value));
  }
  auto family = std::make_unique<ScrapedFamily>(
      std::move(name), std::move(help), "gauge", std::move(names), std::move(values),
      []() -> std::optional<double> { return 1; });
  absl::MutexLock lock(&mu_);
  families_.push_back(std::move(family));
}

std::string Registry::Render() const {
  std::string out;
  absl::MutexLock lock(&mu_);
  for (const std::unique_ptr<Family>& family : families_) family->Write(out);
  return out;
}

}  // namespace billing::metrics
