// Small text helpers every layer needs.
#ifndef BILLING_DOMAIN_TEXT_H_
#define BILLING_DOMAIN_TEXT_H_

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

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_TEXT_H_
