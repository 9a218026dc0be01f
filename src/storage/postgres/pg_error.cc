#include "storage/postgres/pg_error.h"

#include <optional>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::storage::postgres {
namespace {

constexpr char kSqlStateUrl[] = "type.billing/postgres.sqlstate";

bool Transient(std::string_view sqlstate) {
  if (sqlstate.empty()) return true;  // the connection itself failed
  const std::string_view cls = sqlstate.substr(0, 2);
  return cls == "08"                      // connection exception
         || cls == "53"                   // insufficient resources
         || cls == "40"                   // serialization failure, deadlock
         || sqlstate == "57014"           // query_canceled (statement_timeout)
         || sqlstate == "57P01"           // admin_shutdown
         || sqlstate == "57P02"           // crash_shutdown
         || sqlstate == "57P03"           // cannot_connect_now (starting up)
         || sqlstate == "55P03";          // lock_not_available (lock_timeout)
}

}  // namespace

absl::Status PgError(std::string_view sqlstate, std::string_view message) {
  const std::string text = absl::StrCat("postgresql", sqlstate.empty() ? "" : " ",
                                        domain::Av(sqlstate), ": ", domain::Av(message));
  absl::Status status =
      domain::Error(Transient(sqlstate) ? domain::ErrorCode::kDatabaseUnavailable
                                        : domain::ErrorCode::kInternal,
                    text);
  if (!sqlstate.empty()) status.SetPayload(kSqlStateUrl, absl::Cord(domain::Av(sqlstate)));
  return status;
}

std::string SqlStateOf(const absl::Status& status) {
  auto payload = status.GetPayload(kSqlStateUrl);  // absl::optional in Debian's Abseil
  if (!payload.has_value()) return "";
  return std::string(*payload);
}

bool IsUniqueViolation(const absl::Status& status) { return SqlStateOf(status) == "23505"; }

bool IsForeignKeyViolation(const absl::Status& status) { return SqlStateOf(status) == "23503"; }

bool IsRetryableConflict(const absl::Status& status) {
  const std::string state = SqlStateOf(status);
  return state == "40001" || state == "40P01";
}

}  // namespace billing::storage::postgres
