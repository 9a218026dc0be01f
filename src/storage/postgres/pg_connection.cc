#include "storage/postgres/pg_connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <charconv>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "domain/text.h"
#include "storage/postgres/pg_error.h"

namespace billing::storage::postgres {
namespace {

std::string Seconds(absl::Duration d) {
  return absl::StrCat(std::max<int64_t>(1, absl::ToInt64Seconds(d)));
}

// Waits until the socket is readable (or writable) or `deadline` passes.
bool WaitSocket(PGconn* conn, bool for_write, absl::Time deadline) {
  const int64_t ms = absl::ToInt64Milliseconds(deadline - absl::Now());
  if (ms <= 0) return false;
  pollfd fd{.fd = PQsocket(conn), .events = static_cast<short>(for_write ? POLLOUT : POLLIN),
            .revents = 0};
  return poll(&fd, 1, static_cast<int>(std::min<int64_t>(ms, 60'000))) > 0;
}

}  // namespace

PgResult::PgResult(PGresult* result) : result_(result) {}
PgResult::PgResult(PgResult&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    if (result_ != nullptr) PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}
PgResult::~PgResult() {
  if (result_ != nullptr) PQclear(result_);
}

int PgResult::rows() const { return PQntuples(result_); }

int64_t PgResult::affected() const {
  const char* text = PQcmdTuples(result_);
  int64_t value = 0;
  std::from_chars(text, text + std::char_traits<char>::length(text), value);
  return value;
}

bool PgResult::IsNull(int row, int column) const { return PQgetisnull(result_, row, column); }

std::string PgResult::Text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<size_t>(PQgetlength(result_, row, column)));
}

int64_t PgResult::Int64(int row, int column) const {
  const char* text = PQgetvalue(result_, row, column);
  int64_t value = 0;
  std::from_chars(text, text + PQgetlength(result_, row, column), value);
  return value;
}

std::optional<std::string> PgResult::OptionalText(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  return Text(row, column);
}

std::optional<int64_t> PgResult::OptionalInt64(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  return Int64(row, column);
}

absl::StatusOr<std::unique_ptr<PgConnection>> PgConnection::Open(
    const ConnectionSettings& settings) {
  // Keywords before "dbname" are defaults the URI may override. TCP
  // keepalives and tcp_user_timeout notice a peer that vanished.
  const std::string connect_timeout = Seconds(settings.connect_timeout);
  const std::string user_timeout = absl::StrCat(absl::ToInt64Milliseconds(settings.statement_timeout));
  const char* keywords[] = {"connect_timeout", "keepalives", "keepalives_idle",
                            "keepalives_interval", "keepalives_count", "tcp_user_timeout",
                            "application_name", "dbname", nullptr};
  const char* values[] = {connect_timeout.c_str(), "1", "10", "5", "2", user_timeout.c_str(),
                          "billing-server", settings.conninfo.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) return PgError("", "out of memory opening a connection");
  if (PQstatus(conn) != CONNECTION_OK) {
    absl::Status status = PgError("", absl::StrCat("cannot connect: ", PQerrorMessage(conn)));
    PQfinish(conn);
    return status;
  }
  // NOTICEs ("relation already exists, skipping") are not for stderr.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  if (PQsetnonblocking(conn, 1) != 0) {
    PQfinish(conn);
    return PgError("", "cannot switch the connection to non-blocking mode");
  }
  std::unique_ptr<PgConnection> connection(new PgConnection(conn, settings.statement_timeout));
  // UTC and ISO so that what the repositories read back does not depend on
  // the server's configuration; the server-side timeouts free its resources
  // when a statement or an abandoned transaction runs too long.
  const int64_t timeout_ms = absl::ToInt64Milliseconds(settings.statement_timeout);
  RETURN_IF_ERROR(connection->Exec(absl::StrCat(
      "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET statement_timeout = ", timeout_ms,
      "; SET lock_timeout = ", timeout_ms, "; SET idle_in_transaction_session_timeout = ",
      timeout_ms * 6)));
  return connection;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::broken() const { return broken_ || PQstatus(conn_) != CONNECTION_OK; }

bool PgConnection::InFailedTransaction() const {
  return PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

absl::Status PgConnection::Fail(std::string_view what) {
  broken_ = true;
  return PgError("", absl::StrCat(domain::Av(what), ": ", PQerrorMessage(conn_)));
}

absl::StatusOr<PgResult> PgConnection::Collect() {
  const absl::Time deadline = absl::Now() + timeout_;
  // Flush what was queued for sending, then read until libpq has it all.
  while (true) {
    const int flushed = PQflush(conn_);
    if (flushed < 0) return Fail("sending");
    if (flushed == 0) break;
    if (!WaitSocket(conn_, /*for_write=*/true, deadline)) return Fail("timed out sending");
  }
  std::optional<PgResult> last;
  absl::Status error;
  while (true) {
    while (PQisBusy(conn_)) {
      if (!WaitSocket(conn_, /*for_write=*/false, deadline)) {
        broken_ = true;  // the answer may still come: this connection is done
        return PgError("", "the database did not answer in time");
      }
      if (PQconsumeInput(conn_) == 0) return Fail("receiving");
    }
    PGresult* result = PQgetResult(conn_);
    if (result == nullptr) break;
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE ||
        status == PGRES_NONFATAL_ERROR) {
      const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
      if (error.ok()) {
        error = PgError(state == nullptr ? "" : state, PQresultErrorMessage(result));
      }
      PQclear(result);
      continue;
    }
    last.emplace(result);
  }
  if (PQstatus(conn_) != CONNECTION_OK) broken_ = true;
  RETURN_IF_ERROR(error);
  if (!last.has_value()) return PgError("", "no result");
  return *std::move(last);
}

absl::Status PgConnection::Exec(std::string_view sql) {
  if (broken()) return PgError("", "connection lost");
  const std::string text(sql);
  if (PQsendQuery(conn_, text.c_str()) == 0) return Fail("sending");
  return Collect().status();
}

absl::StatusOr<PgResult> PgConnection::Query(std::string_view sql, const Params& params) {
  if (broken()) return PgError("", "connection lost");
  const std::string key(sql);
  auto it = prepared_.find(key);
  if (it == prepared_.end()) {
    const std::string name = absl::StrCat("s", prepared_.size() + 1);
    if (PQsendPrepare(conn_, name.c_str(), key.c_str(), 0, nullptr) == 0) return Fail("preparing");
    RETURN_IF_ERROR(Collect().status());
    it = prepared_.emplace(key, name).first;
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::optional<std::string>& param : params) {
    values.push_back(param.has_value() ? param->c_str() : nullptr);
  }
  if (PQsendQueryPrepared(conn_, it->second.c_str(), static_cast<int>(values.size()),
                          values.data(), nullptr, nullptr, 0) == 0) {
    return Fail("sending");
  }
  return Collect();
}

}  // namespace billing::storage::postgres
