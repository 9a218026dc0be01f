#include "app/auth_failure_throttle.h"

#include <algorithm>
#include <cmath>

#include "domain/error.h"

namespace billing::app {

void AuthFailureThrottle::Refill(Bucket& bucket, absl::Time now) const {
  const double elapsed = std::max(0.0, absl::ToDoubleSeconds(now - bucket.refilled));
  bucket.failures_left = std::min(limit_.burst, bucket.failures_left + elapsed * limit_.per_second);
  bucket.refilled = now;
}

absl::Status AuthFailureThrottle::Check(const std::vector<std::string>& keys, absl::Time now) {
  if (limit_.per_second <= 0) return absl::OkStatus();
  absl::MutexLock lock(&mu_);
  double worst = limit_.burst;
  for (const std::string& key : keys) {
    auto it = buckets_.find(key);
    if (it == buckets_.end()) continue;
    Refill(it->second, now);
    worst = std::min(worst, it->second.failures_left);
  }
  if (worst >= 1.0) return absl::OkStatus();
  const absl::Duration retry_after = absl::Seconds(std::ceil((1.0 - worst) / limit_.per_second));
  return domain::RateLimitedError(
      "too many failed authentication attempts from this client or for this key; wait and retry "
      "with a valid credential",
      retry_after);
}

void AuthFailureThrottle::RecordFailure(const std::vector<std::string>& keys, absl::Time now) {
  if (limit_.per_second <= 0) return;
  absl::MutexLock lock(&mu_);
  for (const std::string& key : keys) {
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
      MakeRoom(now);
      it = buckets_.emplace(key, Bucket{limit_.burst, now}).first;
    }
    Refill(it->second, now);
    it->second.failures_left = std::max(0.0, it->second.failures_left - 1.0);
  }
}

void AuthFailureThrottle::MakeRoom(absl::Time now) {
  if (buckets_.size() < limit_.max_tracked) return;
  const absl::Duration refill_time = absl::Seconds(limit_.burst / limit_.per_second);
  absl::erase_if(buckets_, [&](const auto& entry) {
    return entry.second.failures_left + absl::ToDoubleSeconds(now - entry.second.refilled) *
                                            limit_.per_second >= limit_.burst ||
           now - entry.second.refilled >= refill_time;
  });
  if (buckets_.size() >= limit_.max_tracked) buckets_.erase(buckets_.begin());
}

}  // namespace billing::app
