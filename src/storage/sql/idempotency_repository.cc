// The recorded answers of idempotent requests (idempotency_keys).
#include <memory>
#include <optional>
#include <string>

#include "common/status_macros.h"
#include "domain/error.h"
#include "storage/sql/repositories.h"

namespace billing::storage::sql {

absl::StatusOr<bool> Idempotency::Lock(std::string_view account_id, std::string_view key) {
  const std::string_view lock_sql = s_.dialect().TryTransactionLockSql();
  if (lock_sql.empty()) return true;  // one writer: no other transaction runs meanwhile
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> lock, s_.Prepare(lock_sql));
  lock->BindText(1, account_id).BindText(2, key);
  ASSIGN_OR_RETURN(bool row, lock->Step());
  return row && lock->Int64(0) == 1;
}

absl::StatusOr<std::optional<app::IdempotencyRecord>> Idempotency::Find(
    std::string_view account_id, std::string_view key) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT fingerprint, answer, {micros:create_time} "
                              "FROM idempotency_keys WHERE account_id = ?1 AND key = ?2"));
  query->BindText(1, account_id).BindText(2, key);
  ASSIGN_OR_RETURN(bool found, query->Step());
  if (!found) return std::optional<app::IdempotencyRecord>();
  return std::optional<app::IdempotencyRecord>(app::IdempotencyRecord{
      .account_id = std::string(account_id),
      .key = std::string(key),
      .fingerprint = query->Text(0),
      .answer = query->Text(1),
      .create_time = query->Time(2),
  });
}

absl::Status Idempotency::Insert(const app::IdempotencyRecord& record) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> insert,
                   s_.Prepare("INSERT INTO idempotency_keys (account_id, key, fingerprint, "
                              "answer, {time:create_time}) VALUES (?1, ?2, ?3, ?4, ?5)"));
  insert->BindText(1, record.account_id)
      .BindText(2, record.key)
      .BindText(3, record.fingerprint)
      .BindText(4, record.answer)
      .BindTime(5, record.create_time);
  absl::Status status = insert->Run();
  if (s_.dialect().IsUniqueViolation(status)) {
    return domain::Error(domain::ErrorCode::kAlreadyExists, "idempotency key already recorded");
  }
  return status;
}

absl::StatusOr<int64_t> Idempotency::DeleteCreatedBefore(absl::Time cutoff, int limit) {
  // By primary key: the oldest-first index finds them, each is then deleted
  // by its key (both databases plan it so).
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> del,
                   s_.Prepare("DELETE FROM idempotency_keys WHERE (account_id, key) IN (SELECT "
                              "account_id, key FROM idempotency_keys "
                              "WHERE {time:create_time} < ?1 LIMIT ?2)"));
  del->BindTime(1, cutoff).BindInt64(2, limit);
  RETURN_IF_ERROR(del->Run());
  return del->changed_rows();
}

}  // namespace billing::storage::sql
