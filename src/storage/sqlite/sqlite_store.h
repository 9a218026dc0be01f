// The SQLite adapter of app::Store: a Database (group-commit writer, reader
// pool) whose transactions expose storage/sql's repositories over one
// Connection (SqliteSession).
#ifndef BILLING_STORAGE_SQLITE_SQLITE_STORE_H_
#define BILLING_STORAGE_SQLITE_SQLITE_STORE_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "app/ports/store.h"
#include "storage/sqlite/database.h"

namespace billing::storage {

class SqliteStore : public app::Store {
 public:
  // Opens (and migrates) the database and reads its page-token secret.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(const DatabaseOptions& options);
  SqliteStore(std::unique_ptr<Database> db, std::string page_token_secret)
      : db_(std::move(db)), page_token_secret_(std::move(page_token_secret)) {}

  absl::Status Write(Work work) override;
  absl::Status Read(Work work) override;
  absl::Status CheckHealth() override;
  void SetObserver(app::StoreObserver* observer) override { db_->SetObserver(observer); }
  int64_t QueuedWrites() const override { return db_->QueuedWrites(); }
  std::string_view page_token_secret() const override { return page_token_secret_; }

  // For SQLite-only tools and tests (backup, schema version).
  Database& database() { return *db_; }

 private:
  std::unique_ptr<Database> db_;
  std::string page_token_secret_;
};

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_SQLITE_STORE_H_
