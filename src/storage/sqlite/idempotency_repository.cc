#include "storage/sqlite/idempotency_repository.h"

#include "common/status_macros.h"
#include "domain/error.h"
#include "storage/sqlite/row_values.h"
#include "storage/sqlite/sqlite_error.h"

namespace billing::storage {

absl::StatusOr<std::optional<app::IdempotencyRecord>> FindIdempotencyRecord(
    Connection& db, std::string_view account_id, std::string_view key) {
  ASSIGN_OR_RETURN(Statement query,
                   db.Prepare("SELECT fingerprint, answer, create_time_us FROM idempotency_keys "
                              "WHERE account_id = ?1 AND key = ?2"));
  query.BindText(1, account_id).BindText(2, key);
  ASSIGN_OR_RETURN(bool found, query.Step());
  if (!found) return std::optional<app::IdempotencyRecord>();
  return std::optional<app::IdempotencyRecord>(app::IdempotencyRecord{
      .account_id = std::string(account_id),
      .key = std::string(key),
      .fingerprint = query.ColumnText(0),
      .answer = query.ColumnText(1),
      .create_time = TimeFromMicros(query.ColumnInt64(2)),
  });
}

absl::Status InsertIdempotencyRecord(Connection& db, const app::IdempotencyRecord& record) {
  ASSIGN_OR_RETURN(Statement insert,
                   db.Prepare("INSERT INTO idempotency_keys (account_id, key, fingerprint, "
                              "answer, create_time_us) VALUES (?1, ?2, ?3, ?4, ?5)"));
  insert.BindText(1, record.account_id)
      .BindText(2, record.key)
      .BindText(3, record.fingerprint)
      .BindText(4, record.answer)
      .BindInt64(5, TimeToMicros(record.create_time));
  absl::Status status = insert.Run();
  if (IsUniqueViolation(status)) {
    return domain::Error(domain::ErrorCode::kAlreadyExists, "idempotency key already recorded");
  }
  return status;
}

absl::StatusOr<int64_t> DeleteIdempotencyRecordsBefore(Connection& db, absl::Time cutoff,
                                                       int limit) {
  ASSIGN_OR_RETURN(Statement del,
                   db.Prepare("DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM "
                              "idempotency_keys WHERE create_time_us < ?1 LIMIT ?2)"));
  del.BindInt64(1, TimeToMicros(cutoff)).BindInt64(2, limit);
  RETURN_IF_ERROR(del.Run());
  return db.ChangedRows();
}

}  // namespace billing::storage
