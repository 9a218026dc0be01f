// One-line JSON log records on stderr: what operators grep and ship.
// (Debian's Abseil predates absl/log, and a log line here must be JSON.)
#ifndef BILLING_LOG_JSON_LOG_H_
#define BILLING_LOG_JSON_LOG_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace billing::log {

// A field's value is written as a JSON string, or as a raw JSON number when
// `number` is true.
struct Field {
  std::string key;
  std::string value;
  bool number = false;
};

inline Field Str(std::string key, std::string value) {
  return {std::move(key), std::move(value), false};
}
inline Field Num(std::string key, double value) {
  return {std::move(key), std::to_string(value), true};
}
inline Field Int(std::string key, long long value) {
  return {std::move(key), std::to_string(value), true};
}

// Writes {"time":..., "level":..., "msg":..., <fields>} as one line, at once.
void Write(std::string_view level, std::string_view message, const std::vector<Field>& fields = {});

inline void Info(std::string_view message, const std::vector<Field>& fields = {}) {
  Write("info", message, fields);
}
inline void Warning(std::string_view message, const std::vector<Field>& fields = {}) {
  Write("warning", message, fields);
}
inline void Error(std::string_view message, const std::vector<Field>& fields = {}) {
  Write("error", message, fields);
}

// An info record of the access log (one per call): buffered, at most 100 ms
// or 32 KiB, so that a call costs no write(2) of its own. Any other record,
// and exit, write out what waits first.
void Access(std::string_view message, const std::vector<Field>& fields);

// Writes out buffered access records now.
void Flush();

// `text` escaped for the inside of a JSON string.
std::string JsonEscape(std::string_view text);

}  // namespace billing::log

#endif  // BILLING_LOG_JSON_LOG_H_
