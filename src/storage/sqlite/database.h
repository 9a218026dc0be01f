// The SQLite database: one writer path, a pool of readers (WAL mode).
#ifndef BILLING_STORAGE_SQLITE_DATABASE_H_
#define BILLING_STORAGE_SQLITE_DATABASE_H_

#include <memory>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/ports/store.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

struct DatabaseOptions {
  std::string path = "billing.db";
  absl::Duration busy_timeout = absl::Seconds(5);
  int read_connections = 4;
  // "FULL" by default: an acknowledged write survives power loss.
  std::string synchronous = "FULL";
};

class Database {
 public:
  // Opens (creating if needed) the file, sets WAL, foreign keys, busy
  // timeout and synchronous mode, and applies pending migrations.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();

  // Runs `work` in a write transaction on the single writer path and returns
  // once it is committed (or rolled back: all-or-nothing). If `work` fails,
  // none of its writes remain and its status is returned. Writes from many
  // threads queue here, so this is the one place that can batch several
  // callers into one commit (each in its own savepoint).
  absl::Status Write(absl::FunctionRef<absl::Status(Connection&)> work);

  // Runs `work` in a read transaction (one consistent snapshot) on a pooled
  // reader; never blocked by the writer.
  absl::Status Read(absl::FunctionRef<absl::Status(Connection&)> work);

  // OkStatus while the database answers a trivial query.
  absl::Status CheckHealth();

  // Metrics: batches committed and waits for a reader, from now on.
  void SetObserver(app::StoreObserver* observer);
  // Writes queued for the writer thread.
  int QueuedWrites() const;

  // Schema version after migrations.
  absl::StatusOr<int> SchemaVersion();

 private:
  class Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_DATABASE_H_
