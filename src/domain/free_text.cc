#include "domain/free_text.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"

namespace billing::domain {
namespace {

// The number of code points, or nullopt when `text` is not valid UTF-8
// (overlong forms, surrogates and code points past U+10FFFF included).
std::optional<size_t> Utf8CodePoints(std::string_view text) {
  size_t count = 0;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t length;
    char32_t code_point;
    if (lead < 0x80) {
      length = 1;
      code_point = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + length > text.size()) return std::nullopt;
    for (size_t k = 1; k < length; ++k) {
      const unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kSmallest[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return std::nullopt;
    }
    i += length;
    ++count;
  }
  return count;
}

}  // namespace

void ValidateFreeText(std::string field, std::string_view text, size_t max_chars,
                      ViolationCollector& violations) {
  std::optional<size_t> chars = Utf8CodePoints(text);
  if (!chars.has_value()) {
    violations.Add(std::move(field), "must be valid UTF-8");
  } else if (text.find('\0') != std::string_view::npos) {
    violations.Add(std::move(field), "must not contain NUL characters");
  } else if (*chars > max_chars) {
    violations.Add(std::move(field), absl::StrCat("must be at most ", max_chars, " characters"));
  }
}

}  // namespace billing::domain
