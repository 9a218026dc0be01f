#include "domain/text.h"

#include <cstdint>

namespace billing::domain {
namespace {

// One decoded code point and its length in bytes; length 0 = malformed.
struct Decoded {
  uint32_t code_point = 0;
  size_t length = 0;
};

// Hand-written rather than a library: Abseil has no UTF-8 validator and the
// rules (RFC 3629, Table 3-7 of Unicode) fit in a screen.
Decoded DecodeUtf8(std::string_view text, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return {lead, 1};
  size_t length = 0;
  uint32_t code_point = 0;
  uint32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, code_point = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code_point = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code_point = lead & 0x07, min = 0x10000;
  } else {
    return {};
  }
  if (at + length > text.size()) return {};
  for (size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return {};
    code_point = (code_point << 6) | (byte(at + i) & 0x3F);
  }
  if (code_point < min || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return {};
  }
  return {code_point, length};
}

bool IsInvisibleOrSpace(uint32_t c) {
  switch (c) {
    case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
    case 0x85: case 0xA0: case 0x1680: case 0x180E:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x2060:
    case 0x3000: case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200D;  // en quad .. zero-width joiner
  }
}

bool IsControl(uint32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// Length in bytes of the code point that ends at `end` (exclusive).
size_t LastCodePointStart(std::string_view text, size_t end) {
  size_t start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  return start;
}

}  // namespace

std::string Quoted(std::string_view text) {
  constexpr size_t kMaxEcho = 40;
  std::string out = "\"";
  for (size_t i = 0; i < text.size() && i < kMaxEcho; ++i) {
    out += (text[i] >= 0x20 && text[i] < 0x7f) ? text[i] : '?';
  }
  if (text.size() > kMaxEcho) out += "...";
  out += '"';
  return out;
}

std::string TruncateUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  // Back off continuation bytes so that no character is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

size_t Utf8Length(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool IsValidUtf8(std::string_view text) {
  return AllCodePoints(text, [](uint32_t) { return true; });
}

bool AllCodePoints(std::string_view text, bool (*accept)(uint32_t code_point)) {
  for (size_t at = 0; at < text.size();) {
    const Decoded decoded = DecodeUtf8(text, at);
    if (decoded.length == 0 || !accept(decoded.code_point)) return false;
    at += decoded.length;
  }
  return true;
}

std::string_view TrimText(std::string_view text) {
  size_t begin = 0;
  while (begin < text.size()) {
    const Decoded decoded = DecodeUtf8(text, begin);
    if (decoded.length == 0 || !IsInvisibleOrSpace(decoded.code_point)) break;
    begin += decoded.length;
  }
  size_t end = text.size();
  while (end > begin) {
    const size_t start = LastCodePointStart(text, end);
    const Decoded decoded = DecodeUtf8(text, start);
    if (decoded.length != end - start || !IsInvisibleOrSpace(decoded.code_point)) break;
    end = start;
  }
  return text.substr(begin, end - begin);
}

std::optional<std::string> TextProblem(std::string_view text, TextKind kind, bool required) {
  for (size_t at = 0; at < text.size();) {
    const Decoded decoded = DecodeUtf8(text, at);
    if (decoded.length == 0) return "must be valid UTF-8";
    const uint32_t c = decoded.code_point;
    const bool allowed_break = kind == TextKind::kMultiLine && (c == '\n' || c == '\r' || c == '\t');
    if (IsControl(c) && !allowed_break) {
      return kind == TextKind::kMultiLine
                 ? "must not contain control characters (line breaks and tabs are allowed)"
                 : "must not contain control characters, line breaks or tabs";
    }
    at += decoded.length;
  }
  if (required && TrimText(text).empty()) {
    return "is required and must not be blank (white space and invisible characters do not "
           "count)";
  }
  return std::nullopt;
}

}  // namespace billing::domain
