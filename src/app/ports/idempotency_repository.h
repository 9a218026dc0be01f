// Port: the recorded answers of idempotent requests, one per (account, key).
#ifndef BILLING_APP_PORTS_IDEMPOTENCY_REPOSITORY_H_
#define BILLING_APP_PORTS_IDEMPOTENCY_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace billing::app {

struct IdempotencyRecord {
  std::string account_id;
  std::string key;
  std::string fingerprint;  // of the request: RPC and body
  std::string answer;       // opaque to storage (app/idempotency.cc encodes it)
  absl::Time create_time;
};

class IdempotencyRepository {
 public:
  virtual ~IdempotencyRepository() = default;
  // Holds (account, key) until the transaction ends, so that no other
  // transaction, in this process or another replica, runs a request with
  // that key meanwhile. False (at once, without waiting) when another
  // transaction holds it.
  virtual absl::StatusOr<bool> Lock(std::string_view account_id, std::string_view key) = 0;
  virtual absl::StatusOr<std::optional<IdempotencyRecord>> Find(std::string_view account_id,
                                                                std::string_view key) = 0;
  // ALREADY_EXISTS when (account, key) is taken.
  virtual absl::Status Insert(const IdempotencyRecord& record) = 0;
  // Deletes up to `limit` records created before `cutoff`; how many it did.
  virtual absl::StatusOr<int64_t> DeleteCreatedBefore(absl::Time cutoff, int limit) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_IDEMPOTENCY_REPOSITORY_H_
