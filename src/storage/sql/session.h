// The one interface the repositories of src/storage/sql use to talk to a
// database: a Session (one connection with an open transaction) prepares
// Statements in the neutral SQL of dialect.h; a Statement binds typed
// values, steps through rows and reads columns. Each database implements it
// once, beside its own connection code (storage/sqlite/sqlite_session.h,
// storage/postgres/pg_session.h).
#ifndef BILLING_STORAGE_SQL_SESSION_H_
#define BILLING_STORAGE_SQL_SESSION_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/sql/dialect.h"

namespace billing::storage::sql {

class Statement {
 public:
  virtual ~Statement() = default;

  // Parameters are numbered from 1, as ?1 in the SQL. The binds chain; a
  // failed one is reported by the next Step or Run.
  Statement& BindInt64(int index, int64_t value) {
    DoBindInt64(index, value);
    return *this;
  }
  Statement& BindText(int index, std::string_view value) {
    DoBindText(index, value);
    return *this;
  }
  Statement& BindNull(int index) {
    DoBindNull(index);
    return *this;
  }
  // The database's time representation (dialect.h), exact to the microsecond.
  Statement& BindTime(int index, absl::Time value) {
    DoBindTime(index, value);
    return *this;
  }
  Statement& BindBool(int index, bool value) {
    DoBindBool(index, value);
    return *this;
  }
  Statement& BindOptionalInt64(int index, std::optional<int64_t> value) {
    return value.has_value() ? BindInt64(index, *value) : BindNull(index);
  }
  Statement& BindOptionalText(int index, std::optional<std::string_view> value) {
    return value.has_value() ? BindText(index, *value) : BindNull(index);
  }
  Statement& BindOptionalTime(int index, std::optional<absl::Time> value) {
    return value.has_value() ? BindTime(index, *value) : BindNull(index);
  }

  // true: a row is ready to read; false: the statement is done.
  virtual absl::StatusOr<bool> Step() = 0;
  // Runs the statement to its end, ignoring any rows (INSERT, UPDATE, DELETE).
  virtual absl::Status Run() = 0;
  // Rows the last Run changed.
  virtual int64_t changed_rows() const = 0;

  // Columns of the current row, numbered from 0. NULL reads as 0 or "".
  virtual bool IsNull(int column) const = 0;
  virtual int64_t Int64(int column) const = 0;
  virtual std::string Text(int column) const = 0;
  virtual bool Bool(int column) const = 0;
  // A column selected with {micros:c}.
  absl::Time Time(int column) const { return absl::FromUnixMicros(Int64(column)); }
  std::optional<int64_t> OptionalInt64(int column) const {
    if (IsNull(column)) return std::nullopt;
    return Int64(column);
  }
  std::optional<std::string> OptionalText(int column) const {
    if (IsNull(column)) return std::nullopt;
    return Text(column);
  }
  std::optional<absl::Time> OptionalTime(int column) const {
    if (IsNull(column)) return std::nullopt;
    return Time(column);
  }

 protected:
  virtual void DoBindInt64(int index, int64_t value) = 0;
  virtual void DoBindText(int index, std::string_view value) = 0;
  virtual void DoBindNull(int index) = 0;
  virtual void DoBindTime(int index, absl::Time value) = 0;
  virtual void DoBindBool(int index, bool value) = 0;
};

class Session {
 public:
  virtual ~Session() = default;
  virtual const Dialect& dialect() const = 0;
  // `sql` in the neutral form of dialect.h.
  virtual absl::StatusOr<std::unique_ptr<Statement>> Prepare(std::string_view sql) = 0;
};

}  // namespace billing::storage::sql

#endif  // BILLING_STORAGE_SQL_SESSION_H_
