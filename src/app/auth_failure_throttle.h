// Failed authentication, throttled per client address and per API key id:
// each may fail `burst` times, then once per 1/per_second, and while it may
// not, every attempt is refused before any database read or hashing. In
// memory and bounded: at most `max_tracked` clients and keys are remembered.
#ifndef BILLING_APP_AUTH_FAILURE_THROTTLE_H_
#define BILLING_APP_AUTH_FAILURE_THROTTLE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace billing::app {

struct FailureLimit {
  double per_second = 1;  // <= 0: no throttling
  double burst = 100;
  size_t max_tracked = 10'000;
};

class AuthFailureThrottle {
 public:
  explicit AuthFailureThrottle(FailureLimit limit) : limit_(limit) {}

  // RATE_LIMITED (with the time until a failure is allowed again) when any
  // of `keys` has used up its failures; OkStatus otherwise.
  absl::Status Check(const std::vector<std::string>& keys, absl::Time now);
  // Counts one failure against each of `keys`.
  void RecordFailure(const std::vector<std::string>& keys, absl::Time now);
  // How many clients and keys are remembered now (never over max_tracked).
  size_t tracked() {
    absl::MutexLock lock(&mu_);
    return buckets_.size();
  }

 private:
  struct Bucket {
    double failures_left;
    absl::Time refilled;
  };
  void Refill(Bucket& bucket, absl::Time now) const;
  // Makes room for one more entry: first forgets buckets that are full again
  // (they carry no state), then, under a flood of distinct keys, any one.
  void MakeRoom(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const FailureLimit limit_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace billing::app

#endif  // BILLING_APP_AUTH_FAILURE_THROTTLE_H_
