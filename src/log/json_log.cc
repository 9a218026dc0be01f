#include "log/json_log.h"

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace billing::log {
namespace {

ABSL_CONST_INIT absl::Mutex output_mutex(absl::kConstInit);
// Info records (one per call: the access log) wait here, so a call costs no
// write(2) of its own. Never destroyed: the flusher may run during exit.
std::string* pending ABSL_GUARDED_BY(output_mutex) = nullptr;

constexpr size_t kFlushBytes = 32 * 1024;
constexpr absl::Duration kFlushInterval = absl::Milliseconds(100);

void FlushLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(output_mutex) {
  if (pending == nullptr || pending->empty()) return;
  std::fwrite(pending->data(), 1, pending->size(), stderr);
  std::fflush(stderr);
  pending->clear();
}

// Started with the first buffered record: a record waits at most
// kFlushInterval; exit and the signal handlers' drain call Flush().
void StartFlusher() ABSL_EXCLUSIVE_LOCKS_REQUIRED(output_mutex) {
  pending = new std::string();
  pending->reserve(kFlushBytes * 2);
  std::atexit(Flush);
  std::thread([] {
    while (true) {
      absl::SleepFor(kFlushInterval);
      Flush();
    }
  }).detach();
}

}  // namespace

void Flush() {
  absl::MutexLock lock(&output_mutex);
  FlushLocked();
}

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

namespace {

std::string Line(std::string_view level, std::string_view message,
                 const std::vector<Field>& fields) {
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
  return line;
}

}  // namespace

void Access(std::string_view message, const std::vector<Field>& fields) {
  const std::string line = Line("info", message, fields);
  absl::MutexLock lock(&output_mutex);
  if (pending == nullptr) StartFlusher();
  *pending += line;
  if (pending->size() >= kFlushBytes) FlushLocked();
}

void Write(std::string_view level, std::string_view message, const std::vector<Field>& fields) {
  const std::string line = Line(level, message, fields);
  absl::MutexLock lock(&output_mutex);
  // After the access records waiting, so that the order stays.
  FlushLocked();
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace billing::log
