// libFuzzer: dates. Parsing never crashes, and an accepted date formats
// back to exactly the text that was parsed (YYYY-MM-DD has one spelling).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/dates.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto day = billing::domain::ParseDate(text);
  if (day.ok() && billing::domain::FormatDate(*day) != text) std::abort();
  return 0;
}
