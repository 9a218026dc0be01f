// API key records (api_keys).
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "storage/sql/repositories.h"

namespace billing::storage::sql {
namespace {

#define API_KEY_COLUMNS \
  "id, account_id, scopes, secret_sha256, {micros:create_time}, {micros:revoke_time}"

app::StoredApiKey ReadApiKey(const Statement& row) {
  return app::StoredApiKey{
      .id = row.Text(0),
      .account_id = row.Text(1),
      .scopes = row.Text(2),
      .secret_sha256 = row.Text(3),
      .create_time = row.Time(4),
      .revoke_time = row.OptionalTime(5),
  };
}

}  // namespace

absl::Status ApiKeys::Insert(const app::StoredApiKey& key) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> insert,
                   s_.Prepare("INSERT INTO api_keys (id, account_id, scopes, secret_sha256, "
                              "{time:create_time}, {time:revoke_time}) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  insert->BindText(1, key.id)
      .BindText(2, key.account_id)
      .BindText(3, key.scopes)
      .BindText(4, key.secret_sha256)
      .BindTime(5, key.create_time)
      .BindOptionalTime(6, key.revoke_time);
  absl::Status status = insert->Run();
  if (s_.dialect().IsUniqueViolation(status)) {
    return domain::Error(domain::ErrorCode::kAlreadyExists,
                         absl::StrCat("api key ", key.id, " already exists"));
  }
  return status;
}

absl::StatusOr<std::optional<app::StoredApiKey>> ApiKeys::Find(std::string_view id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT " API_KEY_COLUMNS " FROM api_keys WHERE id = ?1"));
  query->BindText(1, id);
  ASSIGN_OR_RETURN(bool found, query->Step());
  if (!found) return std::optional<app::StoredApiKey>();
  return std::optional<app::StoredApiKey>(ReadApiKey(*query));
}

absl::StatusOr<std::vector<app::StoredApiKey>> ApiKeys::List(std::string_view account_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT " API_KEY_COLUMNS
                              " FROM api_keys WHERE ?1 = '' OR account_id = ?1"
                              " ORDER BY {time:create_time}, id"));
  query->BindText(1, account_id);
  std::vector<app::StoredApiKey> keys;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) break;
    keys.push_back(ReadApiKey(*query));
  }
  return keys;
}

absl::StatusOr<bool> ApiKeys::Revoke(std::string_view id, absl::Time when) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> update,
                   s_.Prepare("UPDATE api_keys SET {time:revoke_time} = ?2 "
                              "WHERE id = ?1 AND {time:revoke_time} IS NULL"));
  update->BindText(1, id).BindTime(2, when);
  RETURN_IF_ERROR(update->Run());
  return update->changed_rows() > 0;
}

}  // namespace billing::storage::sql
