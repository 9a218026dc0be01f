#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "storage/postgres/pg_error.h"
#include "storage/postgres/pg_values.h"
#include "storage/postgres/repositories.h"

namespace billing::storage::postgres {
namespace {

#define API_KEY_COLUMNS                                                            \
  "id, account_id, scopes, secret_sha256, " BILLING_PG_MICROS("create_time") ", " \
  BILLING_PG_MICROS("revoke_time")

app::StoredApiKey ReadApiKey(const PgResult& r, int row) {
  return app::StoredApiKey{
      .id = r.Text(row, 0),
      .account_id = r.Text(row, 1),
      .scopes = r.Text(row, 2),
      .secret_sha256 = r.Text(row, 3),
      .create_time = TimeFromMicros(r.Int64(row, 4)),
      .revoke_time = TimeFromMicros(r.OptionalInt64(row, 5)),
  };
}

}  // namespace

absl::Status PgApiKeys::Insert(const app::StoredApiKey& key) {
  absl::Status status =
      c_.Query("INSERT INTO api_keys (id, account_id, scopes, secret_sha256, create_time, "
               "revoke_time) VALUES ($1, $2, $3, $4, $5, $6)",
               {Text(key.id), Text(key.account_id), Text(key.scopes), Text(key.secret_sha256),
                Time(key.create_time), OptionalTime(key.revoke_time)})
          .status();
  if (IsUniqueViolation(status)) {
    return domain::Error(domain::ErrorCode::kAlreadyExists,
                         absl::StrCat("api key ", key.id, " already exists"));
  }
  return status;
}

absl::StatusOr<std::optional<app::StoredApiKey>> PgApiKeys::Find(std::string_view id) {
  ASSIGN_OR_RETURN(PgResult r,
                   c_.Query("SELECT " API_KEY_COLUMNS " FROM api_keys WHERE id = $1", {Text(id)}));
  if (r.rows() == 0) return std::optional<app::StoredApiKey>();
  return std::optional<app::StoredApiKey>(ReadApiKey(r, 0));
}

absl::StatusOr<std::vector<app::StoredApiKey>> PgApiKeys::List(std::string_view account_id) {
  ASSIGN_OR_RETURN(PgResult r, c_.Query("SELECT " API_KEY_COLUMNS
                                        " FROM api_keys WHERE $1 = '' OR account_id = $1"
                                        " ORDER BY create_time, id",
                                        {Text(account_id)}));
  std::vector<app::StoredApiKey> keys;
  for (int row = 0; row < r.rows(); ++row) keys.push_back(ReadApiKey(r, row));
  return keys;
}

absl::StatusOr<bool> PgApiKeys::Revoke(std::string_view id, absl::Time when) {
  ASSIGN_OR_RETURN(PgResult r, c_.Query("UPDATE api_keys SET revoke_time = $2 "
                                        "WHERE id = $1 AND revoke_time IS NULL",
                                        {Text(id), Time(when)}));
  return r.affected() > 0;
}

}  // namespace billing::storage::postgres
