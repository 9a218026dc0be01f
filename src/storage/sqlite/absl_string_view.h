// Storage code speaks std::string_view, like the headers; Abseil (as Debian
// builds it) takes its own absl::string_view. See domain/text.h.
#ifndef BILLING_STORAGE_SQLITE_ABSL_STRING_VIEW_H_
#define BILLING_STORAGE_SQLITE_ABSL_STRING_VIEW_H_

#include "domain/text.h"

namespace billing::storage {

using domain::Av;
using domain::Sv;

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_ABSL_STRING_VIEW_H_
