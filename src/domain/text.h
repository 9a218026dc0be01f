// Small text helpers every layer needs, and the character rule of free text
// (TextProblem). Free-text fields are checked with ValidateFreeText
// (domain/free_text.h), which applies it.
#ifndef BILLING_DOMAIN_TEXT_H_
#define BILLING_DOMAIN_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace billing::domain {

// Debian's Abseil is built with its own absl::string_view (not an alias of
// std::string_view), so the two must be converted explicitly where code that
// speaks std::string_view calls Abseil.
inline absl::string_view Av(std::string_view text) { return {text.data(), text.size()}; }
inline std::string_view Sv(absl::string_view text) { return {text.data(), text.size()}; }

// Caller text echoed in a message: quoted, cut short and limited to
// printable ASCII, so that a huge or binary value can neither flood the
// message nor make it invalid UTF-8 (messages travel in proto strings).
std::string Quoted(std::string_view text);

// `text` cut to at most `max_bytes` bytes at a UTF-8 character boundary,
// with "..." appended when anything was cut (the result is then at most
// max_bytes + 3 bytes).
std::string TruncateUtf8(std::string_view text, size_t max_bytes);

// Characters (code points) of well-formed UTF-8; counts lead bytes only.
size_t Utf8Length(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code
// points past U+10FFFF).
bool IsValidUtf8(std::string_view text);

// True when `text` is well-formed UTF-8 and `accept` holds for each of its
// code points (the one decoder other formats' character rules build on).
bool AllCodePoints(std::string_view text, bool (*accept)(uint32_t code_point));

// `text` without leading and trailing white space and invisible format
// characters, Unicode-aware: ASCII white space, NBSP (U+00A0), U+1680,
// U+2000-U+200A, U+2028/U+2029, U+202F, U+205F, U+3000, the zero-width
// U+180E, U+200B-U+200D, U+2060 and the BOM U+FEFF. `text` must be valid UTF-8.
std::string_view TrimText(std::string_view text);

// Single-line fields (names, line descriptions) allow no control character;
// multi-line ones (notes) allow line feed, carriage return and tab.
enum class TextKind { kSingleLine, kMultiLine };

// Why `text` is not acceptable free text, or nullopt when it is:
// invalid UTF-8, a C0 or C1 control character or DEL (except \n, \r, \t in
// kMultiLine), or, when `required`, nothing left after TrimText. The answer
// is a field violation description ("must not contain control characters").
std::optional<std::string> TextProblem(std::string_view text, TextKind kind, bool required);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_TEXT_H_
