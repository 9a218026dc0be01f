#include "app/rate_limiter.h"

#include <algorithm>
#include <cmath>

#include "domain/error.h"

namespace billing::app {

absl::Status RateLimiter::Acquire(std::string_view credential_id, absl::Time now) {
  absl::MutexLock lock(&mu_);
  ForgetFullBuckets(now);
  auto [it, inserted] =
      buckets_.try_emplace(std::string(credential_id), Bucket{limit_.burst, now});
  Bucket& bucket = it->second;
  const double elapsed = std::max(0.0, absl::ToDoubleSeconds(now - bucket.refilled));
  bucket.tokens = std::min(limit_.burst, bucket.tokens + elapsed * limit_.per_second);
  bucket.refilled = now;
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return absl::OkStatus();
  }
  const double wait_seconds = (1.0 - bucket.tokens) / limit_.per_second;
  const absl::Duration retry_after = absl::Seconds(std::ceil(wait_seconds));
  return domain::RateLimitedError("too many requests for this credential; slow down", retry_after);
}

void RateLimiter::ForgetFullBuckets(absl::Time now) {
  const absl::Duration refill_time = absl::Seconds(limit_.burst / limit_.per_second);
  if (now - last_sweep_ < refill_time) return;
  last_sweep_ = now;
  absl::erase_if(buckets_, [&](const auto& entry) {
    return now - entry.second.refilled >= refill_time;
  });
}

}  // namespace billing::app
