#include <optional>
#include <string>

#include "common/status_macros.h"
#include "domain/error.h"
#include "storage/postgres/pg_error.h"
#include "storage/postgres/pg_values.h"
#include "storage/postgres/repositories.h"

namespace billing::storage::postgres {

absl::StatusOr<bool> PgIdempotency::Lock(std::string_view account_id, std::string_view key) {
  // Two 32-bit halves: a keyspace apart from the migrations' one-bigint
  // lock. A hash collision only makes a request wait for its retry.
  ASSIGN_OR_RETURN(PgResult r,
                   c_.Query("SELECT pg_try_advisory_xact_lock(hashtext($1), hashtext($2))::int",
                            {Text(account_id), Text(key)}));
  return r.Int64(0, 0) == 1;
}

absl::StatusOr<std::optional<app::IdempotencyRecord>> PgIdempotency::Find(
    std::string_view account_id, std::string_view key) {
  ASSIGN_OR_RETURN(PgResult r,
                   c_.Query("SELECT fingerprint, answer, " BILLING_PG_MICROS("create_time")
                            " FROM idempotency_keys WHERE account_id = $1 AND key = $2",
                            {Text(account_id), Text(key)}));
  if (r.rows() == 0) return std::optional<app::IdempotencyRecord>();
  return std::optional<app::IdempotencyRecord>(app::IdempotencyRecord{
      .account_id = std::string(account_id),
      .key = std::string(key),
      .fingerprint = r.Text(0, 0),
      .answer = r.Text(0, 1),
      .create_time = TimeFromMicros(r.Int64(0, 2)),
  });
}

absl::Status PgIdempotency::Insert(const app::IdempotencyRecord& record) {
  absl::Status status =
      c_.Query("INSERT INTO idempotency_keys (account_id, key, fingerprint, answer, "
               "create_time) VALUES ($1, $2, $3, $4, $5)",
               {Text(record.account_id), Text(record.key), Text(record.fingerprint),
                Text(record.answer), Time(record.create_time)})
          .status();
  if (IsUniqueViolation(status)) {
    return domain::Error(domain::ErrorCode::kAlreadyExists, "idempotency key already recorded");
  }
  return status;
}

absl::StatusOr<int64_t> PgIdempotency::DeleteCreatedBefore(absl::Time cutoff, int limit) {
  ASSIGN_OR_RETURN(PgResult r,
                   c_.Query("DELETE FROM idempotency_keys WHERE (account_id, key) IN (SELECT "
                            "account_id, key FROM idempotency_keys WHERE create_time < $1 "
                            "LIMIT $2)",
                            {Time(cutoff), Int(limit)}));
  return r.affected();
}

}  // namespace billing::storage::postgres
