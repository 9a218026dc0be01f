#include "log/json_log.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace billing::log {
namespace {

ABSL_CONST_INIT absl::Mutex output_mutex(absl::kConstInit);

}  // namespace

std::string JsonEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

void Write(std::string_view level, std::string_view message, const std::vector<Field>& fields) {
  std::string line = absl::StrCat(
      "{\"time\":\"", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()),
      "\",\"level\":\"", JsonEscape(level), "\",\"msg\":\"", JsonEscape(message), "\"");
  for (const Field& field : fields) {
    absl::StrAppend(&line, ",\"", JsonEscape(field.key), "\":");
    if (field.number) {
      absl::StrAppend(&line, field.value);
    } else {
      absl::StrAppend(&line, "\"", JsonEscape(field.value), "\"");
    }
  }
  line += "}\n";
  absl::MutexLock lock(&output_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace billing::log
