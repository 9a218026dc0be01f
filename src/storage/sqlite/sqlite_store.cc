#include "storage/sqlite/sqlite_store.h"

#include <utility>

#include "common/status_macros.h"
#include "storage/sqlite/sqlite_session.h"
#include "storage/sql/transaction.h"

namespace billing::storage {

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(const DatabaseOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(options));
  std::string secret;
  RETURN_IF_ERROR(db->Read([&](Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(secret,
                     c.QueryText("SELECT value FROM server_secrets WHERE name = 'page_tokens'"));
    return absl::OkStatus();
  }));
  return std::make_unique<SqliteStore>(std::move(db), std::move(secret));
}

absl::Status SqliteStore::Write(Work work) {
  // SQLite has one writer at a time, so a read inside Write already
  // excludes every other writer: the dialect takes no row locks.
  return db_->Write([&](Connection& c) {
    SqliteSession session(c);
    sql::SqlTransaction tx(session);
    return work(tx);
  });
}

absl::Status SqliteStore::Read(Work work) {
  return db_->Read([&](Connection& c) {
    SqliteSession session(c);
    sql::SqlTransaction tx(session);
    return work(tx);
  });
}

absl::Status SqliteStore::CheckHealth() { return db_->CheckHealth(); }

}  // namespace billing::storage
