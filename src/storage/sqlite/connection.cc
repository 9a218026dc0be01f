#include "storage/sqlite/connection.h"

#include <sqlite3.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "storage/sqlite/absl_string_view.h"
#include "storage/sqlite/sqlite_error.h"

namespace billing::storage {

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& path, Mode mode) {
  // NOMUTEX: SQLite's own per-connection mutex is redundant because a
  // Connection is only ever used by one thread at a time.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == Mode::kReadWriteCreate) flags |= SQLITE_OPEN_CREATE;
  sqlite3* db = nullptr;
  int result = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (result != SQLITE_OK) {
    absl::Status status = LastSqliteError(db, absl::StrCat("opening ", path));
    sqlite3_close_v2(db);  // SQLite allocates a handle even on failure
    return status;
  }
  // Extended codes distinguish, e.g., a UNIQUE violation from a CHECK one.
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::Connection(sqlite3* db) : db_(db) {}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  // close_v2 tolerates statements a buggy caller still holds; they would
  // otherwise make close fail and leak the file handle.
  sqlite3_close_v2(db_);
}

absl::StatusOr<sqlite3_stmt*> Connection::PrepareRaw(std::string_view sql, bool persistent) {
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int result = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                  persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, &tail);
  if (result != SQLITE_OK) {
    return LastSqliteError(db_, absl::StrCat("preparing \"", Av(sql), "\""));
  }
  std::string_view rest(tail, static_cast<size_t>(sql.data() + sql.size() - tail));
  if (stmt == nullptr || !absl::StripAsciiWhitespace(Av(rest)).empty()) {
    // Silently running only the first of several statements would lose
    // writes; ExecScript is the way to run several.
    sqlite3_finalize(stmt);
    return domain::Error(domain::ErrorCode::kInternal,
                         absl::StrCat("expected exactly one SQL statement in \"", Av(sql), "\""));
  }
  return stmt;
}

absl::StatusOr<Statement> Connection::Prepare(std::string_view sql) {
  return Prepare(sql, [](std::string_view text) { return std::string(text); });
}

// One cache for both: SQL without markers expands to itself, and SQL with
// them is never prepared as written (SQLite refuses the markers).
absl::StatusOr<Statement> Connection::Prepare(
    std::string_view sql, absl::FunctionRef<std::string(std::string_view)> expand) {
  auto it = cache_.find(Av(sql));
  if (it == cache_.end()) {
    absl::StatusOr<sqlite3_stmt*> stmt = PrepareRaw(expand(sql), /*persistent=*/true);
    if (!stmt.ok()) return stmt.status();
    it = cache_.emplace(std::string(sql), CachedStatement{*stmt, false}).first;
  }
  CachedStatement& cached = it->second;
  if (cached.in_use) {
    absl::StatusOr<sqlite3_stmt*> stmt = PrepareRaw(expand(sql), /*persistent=*/false);
    if (!stmt.ok()) return stmt.status();
    return Statement(*stmt, nullptr);
  }
  cached.in_use = true;
  return Statement(cached.stmt, &cached.in_use);
}

absl::Status Connection::Exec(std::string_view sql) {
  absl::StatusOr<Statement> statement = Prepare(sql);
  if (!statement.ok()) return statement.status();
  return statement->Run();
}

absl::Status Connection::ExecScript(std::string_view sql) {
  std::string text(sql);  // sqlite3_exec needs a terminating NUL
  char* message = nullptr;
  int result = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (result == SQLITE_OK) return absl::OkStatus();
  absl::Status status = SqliteError(sqlite3_extended_errcode(db_),
                                    message == nullptr ? "running a script" : message);
  sqlite3_free(message);
  return status;
}

absl::StatusOr<int64_t> Connection::QueryInt64(std::string_view sql) {
  absl::StatusOr<Statement> statement = Prepare(sql);
  if (!statement.ok()) return statement.status();
  absl::StatusOr<bool> row = statement->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return domain::Error(domain::ErrorCode::kInternal, absl::StrCat("no row from \"", Av(sql), "\""));
  }
  return statement->ColumnInt64(0);
}

absl::StatusOr<std::string> Connection::QueryText(std::string_view sql) {
  absl::StatusOr<Statement> statement = Prepare(sql);
  if (!statement.ok()) return statement.status();
  absl::StatusOr<bool> row = statement->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return domain::Error(domain::ErrorCode::kInternal, absl::StrCat("no row from \"", Av(sql), "\""));
  }
  return statement->ColumnText(0);
}

int64_t Connection::ChangedRows() const { return sqlite3_changes64(db_); }

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace billing::storage
