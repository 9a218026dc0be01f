#include "storage/sqlite/backup.h"

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include "absl/cleanup/cleanup.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "domain/error.h"

namespace billing::storage {
namespace {

using domain::ErrorCode;

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqlitePtr = std::unique_ptr<sqlite3, SqliteCloser>;

absl::StatusOr<SqlitePtr> OpenFile(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqlitePtr db(raw);
  if (rc != SQLITE_OK) {
    return domain::Error(ErrorCode::kDatabaseUnavailable,
                         absl::StrCat("cannot open ", path, ": ", sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), 5000);
  return db;
}

absl::Status CopyAll(sqlite3* source, sqlite3* destination) {
  sqlite3_backup* backup = sqlite3_backup_init(destination, "main", source, "main");
  if (backup == nullptr) {
    return domain::Error(ErrorCode::kInternal,
                         absl::StrCat("backup init: ", sqlite3_errmsg(destination)));
  }
  // One step of all pages: the copy is of a single read snapshot, and in WAL
  // mode that read blocks no writer.
  const int step = sqlite3_backup_step(backup, -1);
  const int finish = sqlite3_backup_finish(backup);
  if (step != SQLITE_DONE) {
    return domain::Error(step == SQLITE_BUSY || step == SQLITE_LOCKED
                             ? ErrorCode::kDatabaseUnavailable
                             : ErrorCode::kInternal,
                         absl::StrCat("backup step: ", sqlite3_errstr(step)));
  }
  if (finish != SQLITE_OK) {
    return domain::Error(ErrorCode::kInternal,
                         absl::StrCat("backup finish: ", sqlite3_errstr(finish)));
  }
  return absl::OkStatus();
}

absl::Status CheckIntegrity(sqlite3* db) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) != SQLITE_OK) {
    return domain::Error(ErrorCode::kInternal, sqlite3_errmsg(db));
  }
  absl::Cleanup finalize = [statement] { sqlite3_finalize(statement); };
  if (sqlite3_step(statement) != SQLITE_ROW) {
    return domain::Error(ErrorCode::kInternal, sqlite3_errmsg(db));
  }
  const char* result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  if (result == nullptr || std::string(result) != "ok") {
    return domain::Error(ErrorCode::kInternal,
                         absl::StrCat("backup failed integrity_check: ", result ? result : ""));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status BackupDatabase(const std::string& source_path,
                            const std::string& destination_path) {
  std::error_code error;
  if (!std::filesystem::exists(source_path, error)) {
    return domain::ValidationError("db", absl::StrCat(source_path, " does not exist"));
  }
  if (std::filesystem::exists(destination_path, error)) {
    return domain::ValidationError("to", absl::StrCat(destination_path,
                                                      " already exists; choose a new file"));
  }
  const std::string partial = destination_path + ".partial";
  std::filesystem::remove(partial, error);
  absl::Cleanup remove_partial = [&partial] {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
  };

  absl::StatusOr<SqlitePtr> source = OpenFile(source_path, SQLITE_OPEN_READWRITE);
  if (!source.ok()) return source.status();
  {
    absl::StatusOr<SqlitePtr> copy =
        OpenFile(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!copy.ok()) return copy.status();
    if (absl::Status s = CopyAll(source->get(), copy->get()); !s.ok()) return s;
    // A self-contained file: no -wal beside it to lose when it is moved.
    sqlite3_exec(copy->get(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
    if (absl::Status s = CheckIntegrity(copy->get()); !s.ok()) return s;
  }  // closing the copy flushes it; sqlite syncs on commit
  std::filesystem::rename(partial, destination_path, error);
  if (error) {
    return domain::Error(ErrorCode::kInternal,
                         absl::StrCat("cannot move the backup into place: ", error.message()));
  }
  std::move(remove_partial).Cancel();
  return absl::OkStatus();
}

}  // namespace billing::storage
