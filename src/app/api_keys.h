// Managing API keys: the operator commands of billing-server.
#ifndef BILLING_APP_API_KEYS_H_
#define BILLING_APP_API_KEYS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "app/call_context.h"
#include "auth/scopes.h"
#include "app/ports/store.h"

namespace billing::app {

struct CreatedApiKey {
  StoredApiKey record;
  std::string key;  // the only time the secret exists outside the caller
};

class ApiKeys {
 public:
  ApiKeys(Store& store, Clock clock) : store_(store), clock_(std::move(clock)) {}

  // A new key of `account_id` with `scopes` (at least one).
  absl::StatusOr<CreatedApiKey> Create(std::string_view account_id,
                                       const std::vector<auth::Scope>& scopes);
  absl::StatusOr<std::vector<StoredApiKey>> List(std::string_view account_id);
  // VALIDATION_ERROR on "key_id" when no active key has that id.
  absl::Status Revoke(std::string_view key_id);

 private:
  Store& store_;
  Clock clock_;
};

}  // namespace billing::app

#endif  // BILLING_APP_API_KEYS_H_
