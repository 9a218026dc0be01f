// When a failed delivery (a webhook, an invoice email) is tried again:
// exponential backoff with full jitter, capped, for a bounded time. Full
// jitter spreads the retries of many deliveries that failed together (an
// endpoint that was down) instead of bringing them back in one wave.
#ifndef BILLING_DOMAIN_RETRY_SCHEDULE_H_
#define BILLING_DOMAIN_RETRY_SCHEDULE_H_

#include <optional>

#include "absl/random/bit_gen_ref.h"
#include "absl/time/time.h"

namespace billing::domain {

struct RetryPolicy {
  absl::Duration initial_delay = absl::Seconds(30);  // ceiling after the 1st failure
  absl::Duration max_delay = absl::Hours(6);         // the ceiling never grows past this
  absl::Duration give_up_after = absl::Hours(72);    // from the first attempt
};

// The longest wait after `failed_attempts` failures (>= 1; less counts as 1):
// min(max_delay, initial_delay * 2^(failed_attempts - 1)).
absl::Duration RetryDelayCeiling(const RetryPolicy& policy, int failed_attempts);

// When to try again after the `failed_attempts`-th failure, `now`, of a
// delivery first attempted at `first_attempt`: now plus a delay drawn
// uniformly from [0, RetryDelayCeiling] (whole milliseconds, from 64 bits of
// `random`), but never later than first_attempt + give_up_after, so that the
// last try falls on the deadline. nullopt once now has reached the deadline: mark it failed.
std::optional<absl::Time> NextAttemptTime(const RetryPolicy& policy, int failed_attempts,
                                          absl::Time first_attempt, absl::Time now,
                                          absl::BitGenRef random);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_RETRY_SCHEDULE_H_
