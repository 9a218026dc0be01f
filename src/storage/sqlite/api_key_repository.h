// API key records. The secret itself is never stored, only its hash.
#ifndef BILLING_STORAGE_SQLITE_API_KEY_REPOSITORY_H_
#define BILLING_STORAGE_SQLITE_API_KEY_REPOSITORY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/ports/api_key_repository.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

using app::StoredApiKey;

// ALREADY_EXISTS on a taken id.
absl::Status InsertApiKey(Connection& db, const StoredApiKey& key);
// nullopt when no key has that id (revoked keys are returned: the caller
// decides, so that every refusal takes the same path).
absl::StatusOr<std::optional<StoredApiKey>> FindApiKey(Connection& db, std::string_view id);
// Every key, oldest first; of one account when `account_id` is not empty.
absl::StatusOr<std::vector<StoredApiKey>> ListApiKeys(Connection& db, std::string_view account_id);
// Marks the key revoked at `when`; false when no unrevoked key has that id.
absl::StatusOr<bool> RevokeApiKey(Connection& db, std::string_view id, absl::Time when);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_API_KEY_REPOSITORY_H_
