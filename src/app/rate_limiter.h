// A token bucket per credential: `rate` calls a second on average, bursts of
// up to `burst`. In memory: limits are per server process.
#ifndef BILLING_APP_RATE_LIMITER_H_
#define BILLING_APP_RATE_LIMITER_H_

#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace billing::app {

struct RateLimit {
  double per_second = 50;
  double burst = 100;
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimit limit) : limit_(limit) {}

  // Takes one token of `credential_id`'s bucket, or returns RATE_LIMITED
  // with the time until a token is free.
  absl::Status Acquire(std::string_view credential_id, absl::Time now);

 private:
  struct Bucket {
    double tokens;
    absl::Time refilled;
  };
  // Buckets idle long enough to be full again carry no state worth keeping.
  void ForgetFullBuckets(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const RateLimit limit_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
  absl::Time last_sweep_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace billing::app

#endif  // BILLING_APP_RATE_LIMITER_H_
