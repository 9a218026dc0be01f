// Debian's Abseil is built with its own absl::string_view rather than an
// alias of std::string_view, so the two must be converted explicitly where
// storage code (which speaks std::string_view, like the headers) calls Abseil.
#ifndef BILLING_STORAGE_ABSL_STRING_VIEW_H_
#define BILLING_STORAGE_ABSL_STRING_VIEW_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace billing::storage {

inline absl::string_view Av(std::string_view text) { return {text.data(), text.size()}; }
inline std::string_view Sv(absl::string_view text) { return {text.data(), text.size()}; }

}  // namespace billing::storage

#endif  // BILLING_STORAGE_ABSL_STRING_VIEW_H_
