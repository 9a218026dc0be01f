#include "app/api_keys.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "auth/api_key.h"
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
  if (!violations.empty()) return violations.ToStatus();

  auth::GeneratedApiKey generated = auth::GenerateApiKey();
  CreatedApiKey created{
      .record = {.id = generated.parts.key_id,
                 .account_id = std::string(account_id),
                 .scopes = auth::FormatScopes(scopes),
                 .secret_sha256 = auth::HashSecret(generated.parts.secret),
                 .create_time = clock_()},
      .key = std::move(generated.key)};
  absl::Status written = db_.Write(
      [&](storage::Connection& conn) { return storage::InsertApiKey(conn, created.record); });
  if (!written.ok()) return written;
  return created;
}

absl::StatusOr<std::vector<storage::StoredApiKey>> ApiKeys::List(std::string_view account_id) {
  absl::StatusOr<std::vector<storage::StoredApiKey>> keys;
  absl::Status read = db_.Read([&](storage::Connection& conn) {
    keys = storage::ListApiKeys(conn, account_id);
    return keys.status();
  });
  if (!read.ok()) return read;
  return keys;
}

absl::Status ApiKeys::Revoke(std::string_view key_id) {
  bool revoked = false;
  absl::Status written = db_.Write([&](storage::Connection& conn) -> absl::Status {
    absl::StatusOr<bool> result = storage::RevokeApiKey(conn, key_id, clock_());
    if (!result.ok()) return result.status();
    revoked = *result;
    return absl::OkStatus();
  });
  if (!written.ok()) return written;
  if (!revoked) {
    return domain::ValidationError("key_id", "no active API key has this id");
  }
  return absl::OkStatus();
}

}  // namespace billing::app
