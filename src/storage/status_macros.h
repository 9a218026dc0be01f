// Early returns for Status and StatusOr, which Debian's Abseil does not ship.
// Prefixed so they cannot collide with another layer's macros.
#ifndef BILLING_STORAGE_STATUS_MACROS_H_
#define BILLING_STORAGE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns the status of `expr` (an absl::Status) from the current function
// unless it is OK.
#define STORAGE_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    if (absl::Status storage_status_ = (expr);         \
        !storage_status_.ok()) {                       \
      return storage_status_;                          \
    }                                                  \
  } while (false)

#define STORAGE_CONCAT_INNER_(a, b) a##b
#define STORAGE_CONCAT_(a, b) STORAGE_CONCAT_INNER_(a, b)

// `lhs = *expr` for an absl::StatusOr `expr`, or returns its status.
// `lhs` may declare a variable: STORAGE_ASSIGN_OR_RETURN(auto x, F());
#define STORAGE_ASSIGN_OR_RETURN(lhs, expr) \
  STORAGE_ASSIGN_OR_RETURN_IMPL_(STORAGE_CONCAT_(storage_statusor_, __LINE__), lhs, expr)

#define STORAGE_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                   \
  if (!statusor.ok()) return std::move(statusor).status();  \
  lhs = *std::move(statusor)

#endif  // BILLING_STORAGE_STATUS_MACROS_H_
