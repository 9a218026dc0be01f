// The project's one pair of early-return macros for absl::Status and
// absl::StatusOr. Debian's Abseil does not ship them, so every layer
// (domain, storage adapters, app, api, server) includes this header.
#ifndef BILLING_COMMON_STATUS_MACROS_H_
#define BILLING_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns the status of `expr` (an absl::Status) from the current function
// unless it is OK.
#define RETURN_IF_ERROR(expr)                                  \
  do {                                                         \
    if (absl::Status billing_status_ = (expr);                 \
        !billing_status_.ok()) {                               \
      return billing_status_;                                  \
    }                                                          \
  } while (false)

#define BILLING_CONCAT_INNER_(a, b) a##b
#define BILLING_CONCAT_(a, b) BILLING_CONCAT_INNER_(a, b)

// `lhs = *expr` for an absl::StatusOr `expr`, or returns its status.
// `lhs` may declare a variable: ASSIGN_OR_RETURN(auto x, F());
#define ASSIGN_OR_RETURN(lhs, expr) \
  BILLING_ASSIGN_OR_RETURN_IMPL_(BILLING_CONCAT_(billing_statusor_, __LINE__), lhs, expr)

#define BILLING_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                   \
  if (!statusor.ok()) return std::move(statusor).status();  \
  lhs = *std::move(statusor)

#endif  // BILLING_COMMON_STATUS_MACROS_H_
