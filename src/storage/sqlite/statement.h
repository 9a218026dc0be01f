// A prepared SQLite statement: bind parameters, step through rows, read
// columns. Created by Connection::Prepare and valid while its connection is.
#ifndef BILLING_STORAGE_SQLITE_STATEMENT_H_
#define BILLING_STORAGE_SQLITE_STATEMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct sqlite3_stmt;

namespace billing::storage {

class Statement {
 public:
  // `in_use` is the cache's flag for a cached statement (cleared again when
  // this Statement is done with it), or null for a statement this object
  // owns and finalizes.
  Statement(sqlite3_stmt* stmt, bool* in_use);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are numbered from 1, as in SQLite ("?1"). The methods chain;
  // a failed bind (a bad index) is remembered and returned by the next Step
  // so that call sites stay short without losing the error.
  Statement& BindInt64(int index, int64_t value);
  Statement& BindText(int index, std::string_view value);
  Statement& BindNull(int index);
  Statement& BindOptionalInt64(int index, std::optional<int64_t> value);
  Statement& BindOptionalText(int index, std::optional<std::string_view> value);

  // true: a row is ready to read; false: the statement is done.
  absl::StatusOr<bool> Step();
  // Steps to the end, ignoring any rows: for INSERT, UPDATE, DELETE.
  absl::Status Run();
  // Ready to bind and step again (bindings are cleared too).
  void Reset();

  // Columns are numbered from 0. Reading a NULL gives 0 or "".
  bool ColumnIsNull(int column) const;
  int64_t ColumnInt64(int column) const;
  std::string ColumnText(int column) const;
  std::optional<int64_t> ColumnOptionalInt64(int column) const;
  std::optional<std::string> ColumnOptionalText(int column) const;

 private:
  void Release();
  void NoteBindResult(int result, int index);

  sqlite3_stmt* stmt_;
  bool* in_use_;
  absl::Status bind_status_;
};

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_STATEMENT_H_
