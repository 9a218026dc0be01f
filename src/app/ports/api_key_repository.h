// Port: API key records. The secret itself is never stored, only its hash.
#ifndef BILLING_APP_PORTS_API_KEY_REPOSITORY_H_
#define BILLING_APP_PORTS_API_KEY_REPOSITORY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace billing::app {

struct StoredApiKey {
  std::string id;  // the key id embedded in the presented key
  std::string account_id;
  std::string scopes;         // as auth::FormatScopes wrote them
  std::string secret_sha256;  // hex
  absl::Time create_time;
  std::optional<absl::Time> revoke_time;

  friend bool operator==(const StoredApiKey&, const StoredApiKey&) = default;
};

class ApiKeyRepository {
 public:
  virtual ~ApiKeyRepository() = default;

  // ALREADY_EXISTS on a taken id.
  virtual absl::Status Insert(const StoredApiKey& key) = 0;
  // nullopt when no key has that id (revoked keys are returned: the caller
  // decides, so that every refusal takes the same path).
  virtual absl::StatusOr<std::optional<StoredApiKey>> Find(std::string_view id) = 0;
  // Every key, oldest first; of one account when `account_id` is not empty.
  virtual absl::StatusOr<std::vector<StoredApiKey>> List(std::string_view account_id) = 0;
  // Marks the key revoked at `when`; false when no unrevoked key has that id.
  virtual absl::StatusOr<bool> Revoke(std::string_view id, absl::Time when) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_API_KEY_REPOSITORY_H_
