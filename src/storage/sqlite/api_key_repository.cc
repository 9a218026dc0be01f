#include "storage/sqlite/api_key_repository.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "storage/sqlite/absl_string_view.h"
#include "storage/sqlite/row_values.h"
#include "storage/sqlite/sqlite_error.h"
#include "common/status_macros.h"

namespace billing::storage {
namespace {

constexpr char kColumns[] =
    "id, account_id, scopes, secret_sha256, create_time_us, revoke_time_us";

StoredApiKey ReadApiKey(const Statement& row) {
  return StoredApiKey{
      .id = row.ColumnText(0),
      .account_id = row.ColumnText(1),
      .scopes = row.ColumnText(2),
      .secret_sha256 = row.ColumnText(3),
      .create_time = TimeFromMicros(row.ColumnInt64(4)),
      .revoke_time = TimeFromMicros(row.ColumnOptionalInt64(5)),
  };
}

}  // namespace

absl::Status InsertApiKey(Connection& db, const StoredApiKey& key) {
  ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare(absl::StrCat("INSERT INTO api_keys (", kColumns,
                              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)")));
  insert.BindText(1, key.id)
      .BindText(2, key.account_id)
      .BindText(3, key.scopes)
      .BindText(4, key.secret_sha256)
      .BindInt64(5, TimeToMicros(key.create_time))
      .BindOptionalInt64(6, TimeToMicros(key.revoke_time));
  absl::Status status = insert.Run();
  if (IsUniqueViolation(status)) {
    return domain::Error(domain::ErrorCode::kAlreadyExists,
                         absl::StrCat("api key ", key.id, " already exists"));
  }
  return status;
}

absl::StatusOr<std::optional<StoredApiKey>> FindApiKey(Connection& db, std::string_view id) {
  ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare(absl::StrCat("SELECT ", kColumns, " FROM api_keys WHERE id = ?1")));
  query.BindText(1, id);
  ASSIGN_OR_RETURN(bool found, query.Step());
  if (!found) return std::optional<StoredApiKey>();
  return std::optional<StoredApiKey>(ReadApiKey(query));
}

absl::StatusOr<std::vector<StoredApiKey>> ListApiKeys(Connection& db,
                                                      std::string_view account_id) {
  ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare(absl::StrCat("SELECT ", kColumns,
                              " FROM api_keys WHERE ?1 = '' OR account_id = ?1"
                              " ORDER BY create_time_us, id")));
  query.BindText(1, account_id);
  std::vector<StoredApiKey> keys;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    keys.push_back(ReadApiKey(query));
  }
  return keys;
}

absl::StatusOr<bool> RevokeApiKey(Connection& db, std::string_view id, absl::Time when) {
  ASSIGN_OR_RETURN(
      Statement update,
      db.Prepare("UPDATE api_keys SET revoke_time_us = ?2 WHERE id = ?1 AND revoke_time_us IS NULL"));
  update.BindText(1, id).BindInt64(2, TimeToMicros(when));
  RETURN_IF_ERROR(update.Run());
  return db.ChangedRows() > 0;
}

}  // namespace billing::storage
