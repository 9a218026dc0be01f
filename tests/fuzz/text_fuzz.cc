// libFuzzer: the free-text rules. Never crashes; accepted text is valid
// UTF-8 and trimming and truncating keep it so.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using billing::domain::TextKind;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const bool valid = billing::domain::IsValidUtf8(text);
  for (TextKind kind : {TextKind::kSingleLine, TextKind::kMultiLine}) {
    if (!billing::domain::TextProblem(text, kind, false).has_value() && !valid) std::abort();
  }
  if (valid) {
    if (!billing::domain::IsValidUtf8(billing::domain::TrimText(text))) std::abort();
    if (!billing::domain::IsValidUtf8(billing::domain::TruncateUtf8(text, size / 2))) std::abort();
  }
  (void)billing::domain::Quoted(text);
  return 0;
}
