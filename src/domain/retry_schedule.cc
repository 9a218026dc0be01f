#include "domain/retry_schedule.h"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "absl/numeric/int128.h"

namespace billing::domain {

absl::Duration RetryDelayCeiling(const RetryPolicy& policy, int failed_attempts) {
  absl::Duration ceiling = policy.initial_delay;
  // Doubling stops at the cap, so a huge attempt count cannot overflow.
  for (int i = 1; i < failed_attempts && ceiling < policy.max_delay; ++i) ceiling *= 2;
  return std::min(ceiling, policy.max_delay);
}

std::optional<absl::Time> NextAttemptTime(const RetryPolicy& policy, int failed_attempts,
                                          absl::Time first_attempt, absl::Time now,
                                          absl::BitGenRef random) {
  const absl::Time deadline = first_attempt + policy.give_up_after;
  if (now >= deadline) return std::nullopt;
  int64_t ceiling_ms = absl::ToInt64Milliseconds(RetryDelayCeiling(policy, failed_attempts));
  // 64 random bits scaled onto [0, ceiling_ms]: a plain multiply instead of
  // a rejection loop, so that any source (even a constant one in a test)
  // gives an answer; the bias is below 2^-40 for any ceiling we use.
  uint64_t span = static_cast<uint64_t>(std::max<int64_t>(ceiling_ms, 0)) + 1;
  int64_t delay_ms =
      static_cast<int64_t>(absl::Uint128High64(absl::uint128(random()) * span));
  return std::min(now + absl::Milliseconds(delay_ms), deadline);
}

}  // namespace billing::domain
