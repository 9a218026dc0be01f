#include "storage/sqlite/sqlite_error.h"

#include <sqlite3.h>

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "storage/sqlite/absl_string_view.h"

namespace billing::storage {
namespace {

constexpr std::string_view kSqliteCodeUrl = "type.billing.storage/sqlite.ResultCode";

// Conditions that are about the environment (another process holding the
// lock, a full or failing disk, memory pressure), not about the request or a
// bug: a caller may reasonably retry.
bool IsTransient(int primary_code) {
  switch (primary_code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
    case SQLITE_INTERRUPT:
      return true;
    default:
      return false;
  }
}

}  // namespace

absl::Status SqliteError(int code, std::string_view message) {
  std::string text = absl::StrCat("sqlite: ", Av(message), " (", sqlite3_errstr(code), ", code ",
                                  code, ")");
  absl::Status status = IsTransient(code & 0xff)
                            ? domain::Error(domain::ErrorCode::kDatabaseUnavailable, text)
                            : domain::Error(domain::ErrorCode::kInternal, text);
  status.SetPayload(Av(kSqliteCodeUrl), absl::Cord(absl::StrCat(code)));
  return status;
}

absl::Status LastSqliteError(sqlite3* db, std::string_view context) {
  if (db == nullptr) return SqliteError(SQLITE_NOMEM, context);
  return SqliteError(sqlite3_extended_errcode(db), absl::StrCat(Av(context), ": ", sqlite3_errmsg(db)));
}

std::optional<int> SqliteCodeOf(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(Av(kSqliteCodeUrl));
  int code = 0;
  if (!payload.has_value() || !absl::SimpleAtoi(std::string(*payload), &code)) {
    return std::nullopt;
  }
  return code;
}

bool IsUniqueViolation(const absl::Status& status) {
  std::optional<int> code = SqliteCodeOf(status);
  return code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE;
}

bool IsForeignKeyViolation(const absl::Status& status) {
  return SqliteCodeOf(status) == SQLITE_CONSTRAINT_FOREIGNKEY;
}

}  // namespace billing::storage
