// One libpq connection (RAII) with a cache of prepared statements. Every
// round trip is bounded by a deadline, so a database that stops answering
// costs a caller at most `timeout`, never a hang; the connection is then
// marked broken and the pool replaces it.
#ifndef BILLING_STORAGE_POSTGRES_PG_CONNECTION_H_
#define BILLING_STORAGE_POSTGRES_PG_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace billing::storage::postgres {

// Parameters in text form; nullopt is SQL NULL.
using Params = std::vector<std::optional<std::string>>;

// The rows of one query, read as text.
class PgResult {
 public:
  explicit PgResult(PGresult* result);
  PgResult(PgResult&& other) noexcept;
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult();

  int rows() const;
  // Rows changed by an INSERT, UPDATE or DELETE.
  int64_t affected() const;
  bool IsNull(int row, int column) const;
  std::string Text(int row, int column) const;
  int64_t Int64(int row, int column) const;  // 0 for NULL
  std::optional<std::string> OptionalText(int row, int column) const;
  std::optional<int64_t> OptionalInt64(int row, int column) const;

 private:
  PGresult* result_;
};

struct ConnectionSettings {
  // A libpq URI or keyword/value string; the password comes from
  // PGPASSFILE / ~/.pgpass (or PGPASSWORD), never from a flag.
  std::string conninfo;
  absl::Duration connect_timeout = absl::Seconds(3);
  // Bounds each statement, on the server (statement_timeout) and here.
  absl::Duration statement_timeout = absl::Seconds(10);
};

class PgConnection {
 public:
  static absl::StatusOr<std::unique_ptr<PgConnection>> Open(const ConnectionSettings& settings);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one or more statements without parameters (BEGIN, migrations).
  absl::Status Exec(std::string_view sql);
  // Runs a statement with $1.. parameters, prepared once per connection.
  absl::StatusOr<PgResult> Query(std::string_view sql, const Params& params = {});

  // Whether the connection can no longer be used (lost, or timed out).
  bool broken() const;
  // Whether a transaction is open and has failed (only ROLLBACK works).
  bool InFailedTransaction() const;

 private:
  PgConnection(PGconn* conn, absl::Duration timeout) : conn_(conn), timeout_(timeout) {}
  // Waits (up to the deadline) for the last result of what was sent.
  absl::StatusOr<PgResult> Collect();
  absl::Status Fail(std::string_view what);

  PGconn* conn_;
  absl::Duration timeout_;
  bool broken_ = false;
  absl::flat_hash_map<std::string, std::string> prepared_;  // SQL -> statement name
};

}  // namespace billing::storage::postgres

#endif  // BILLING_STORAGE_POSTGRES_PG_CONNECTION_H_
