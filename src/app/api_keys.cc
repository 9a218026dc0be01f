#include "app/api_keys.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "auth/api_key.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/ids.h"

namespace billing::app {

absl::StatusOr<CreatedApiKey> ApiKeys::Create(std::string_view account_id,
                                              const std::vector<auth::Scope>& scopes) {
  domain::ViolationCollector violations;
  if (!domain::IsValidClientId(account_id)) {
    violations.Add("account", "must be 1-64 characters of letters, digits, '_' and '-'");
  }
  if (scopes.empty()) violations.Add("scopes", "must name at least one scope");
  RETURN_IF_ERROR(violations.ToStatus());

  auth::GeneratedApiKey generated = auth::GenerateApiKey();
  CreatedApiKey created{
      .record = {.id = generated.parts.key_id,
                 .account_id = std::string(account_id),
                 .scopes = auth::FormatScopes(scopes),
                 .secret_sha256 = auth::HashSecret(generated.parts.secret),
                 .create_time = clock_()},
      .key = std::move(generated.key)};
  RETURN_IF_ERROR(
      store_.Write([&](Transaction& tx) { return tx.api_keys().Insert(created.record); }));
  return created;
}

absl::StatusOr<std::vector<StoredApiKey>> ApiKeys::List(std::string_view account_id) {
  std::optional<std::vector<StoredApiKey>> keys;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(keys, tx.api_keys().List(account_id));
    return absl::OkStatus();
  }));
  return *std::move(keys);
}

absl::Status ApiKeys::Revoke(std::string_view key_id) {
  bool revoked = false;
  RETURN_IF_ERROR(store_.Write([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(revoked, tx.api_keys().Revoke(key_id, clock_()));
    return absl::OkStatus();
  }));
  if (!revoked) {
    return domain::ValidationError("key_id", "no active API key has this id");
  }
  return absl::OkStatus();
}

}  // namespace billing::app
