// The project's one set of GoogleTest matchers for absl::Status and
// absl::StatusOr (Debian's Abseil ships none):
//
//   EXPECT_THAT(s, IsOk());
//   EXPECT_THAT(invoice, IsOkAndHolds(Field(&Invoice::id, "inv_1")));
//   EXPECT_THAT(s, StatusIs(absl::StatusCode::kNotFound));
//   EXPECT_THAT(s, HasErrorCode(domain::ErrorCode::kInvoiceNotFound));
#ifndef BILLING_TESTS_SUPPORT_STATUS_MATCHERS_H_
#define BILLING_TESTS_SUPPORT_STATUS_MATCHERS_H_

#include <ostream>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/error.h"
#include "gmock/gmock.h"

namespace billing::testing {

namespace internal {
inline const absl::Status& StatusOf(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}
}  // namespace internal

MATCHER(IsOk, negation ? "is not OK" : "is OK") {
  const absl::Status& status = internal::StatusOf(arg);
  if (!status.ok()) *result_listener << "status is " << status;
  return status.ok();
}

MATCHER_P(IsOkAndHolds, value_matcher,
          std::string(negation ? "is not OK or holds" : "is OK and holds") +
              " a value that " + ::testing::PrintToString(value_matcher)) {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(value_matcher, *arg, result_listener);
}

MATCHER_P(StatusIs, code, std::string(negation ? "has not" : "has") + " code " +
                              absl::StatusCodeToString(code)) {
  const absl::Status& status = internal::StatusOf(arg);
  *result_listener << "status is " << status;
  return status.code() == code;
}

// The catalog code (docs/errors.md) a status carries.
MATCHER_P(HasErrorCode, error_code,
          std::string(negation ? "has not" : "has") + " catalog code " +
              std::string(domain::ErrorCodeName(error_code))) {
  const absl::Status& status = internal::StatusOf(arg);
  *result_listener << "status is " << status;
  return !status.ok() && domain::ErrorCodeOf(status) == error_code;
}

}  // namespace billing::testing

#endif  // BILLING_TESTS_SUPPORT_STATUS_MATCHERS_H_
