// One SQLite connection (RAII) with a cache of prepared statements. A
// Connection is used by one thread at a time: Database hands them out.
#ifndef BILLING_STORAGE_SQLITE_CONNECTION_H_
#define BILLING_STORAGE_SQLITE_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/node_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/sqlite/statement.h"

struct sqlite3;

namespace billing::storage {

class Connection {
 public:
  enum class Mode {
    kReadWriteCreate,  // creates the file if it does not exist
    kReadWrite,        // the file must exist
  };

  static absl::StatusOr<std::unique_ptr<Connection>> Open(const std::string& path, Mode mode);

  // Statements handed out hold pointers into this object.
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // One SQL statement, prepared once per connection and reused: the
  // repositories' SQL is fixed text, so the cache stays small. If the cached
  // statement is in use (a query nested in another loop over the same SQL),
  // a fresh one is prepared for the caller instead.
  absl::StatusOr<Statement> Prepare(std::string_view sql);
  // The same, for SQL written with the dialect's markers: cached under `sql`
  // as written, and `expand` runs only when the text is first prepared, so
  // a write job does not rewrite and rehash every statement it runs.
  absl::StatusOr<Statement> Prepare(std::string_view sql,
                                    absl::FunctionRef<std::string(std::string_view)> expand);

  // Runs one statement to the end, ignoring any rows.
  absl::Status Exec(std::string_view sql);
  // Runs several statements separated by ';' (migrations). Not cached.
  absl::Status ExecScript(std::string_view sql);

  // The first column of the first row of a query; INTERNAL if no row.
  absl::StatusOr<int64_t> QueryInt64(std::string_view sql);
  absl::StatusOr<std::string> QueryText(std::string_view sql);

  // Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t ChangedRows() const;
  // Whether a transaction is open (false after SQLite rolled one back on its
  // own, e.g. when the disk filled up).
  bool InTransaction() const;

  // For the few calls the wrapper does not cover (file controls, tests).
  sqlite3* handle() const { return db_; }

 private:
  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };

  explicit Connection(sqlite3* db);
  absl::StatusOr<sqlite3_stmt*> PrepareRaw(std::string_view sql, bool persistent);

  sqlite3* db_;
  // Node-based so that the in_use flags Statements point to never move.
  absl::node_hash_map<std::string, CachedStatement> cache_;
};

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_CONNECTION_H_
