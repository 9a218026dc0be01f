// Who a call acts for. Every use case takes one, so that scoping data by
// account is decided here once and not in each query's caller.
#ifndef BILLING_APP_CALL_CONTEXT_H_
#define BILLING_APP_CALL_CONTEXT_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace billing::app {

// Until authentication exists every call acts for this one account; the
// schema and every query already carry the account.
inline constexpr std::string_view kDefaultAccountId = "acct_default";

struct WriteConditions;  // app/idempotency.h

struct CallContext {
  std::string account_id{kDefaultAccountId};
  // A write call's Idempotency-Key and If-Match (null: neither, as for reads
  // and internal callers).
  std::shared_ptr<WriteConditions> write;
};

// Injected so tests can pin time. Truncated to the microseconds storage
// keeps, so that what a call returns equals what a later read returns.
using Clock = std::function<absl::Time()>;
inline Clock SystemClock() {
  return [] { return absl::FromUnixMicros(absl::ToUnixMicros(absl::Now())); };
}

}  // namespace billing::app

#endif  // BILLING_APP_CALL_CONTEXT_H_
