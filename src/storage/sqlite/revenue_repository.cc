#include "storage/sqlite/list_paging.h"
#include "storage/sqlite/revenue_repository.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "storage/sqlite/absl_string_view.h"
#include "storage/sqlite/row_values.h"
#include "storage/sqlite/sqlite_error.h"
#include "common/status_macros.h"

namespace billing::storage {
namespace {

using domain::ErrorCode;

constexpr char kColumns[] =
    "account_id, id, status, period_start, period_end, customer_id, failure_reason, "
    "create_time_us, start_time_us, complete_time_us";

absl::Status NotFound(std::string_view id) {
  return domain::Error(ErrorCode::kRevenueCalculationNotFound,
                       absl::StrCat("revenue calculation ", Av(id), " not found"));
}

// Reads a row of kColumns; results are loaded separately.
absl::StatusOr<domain::RevenueCalculation> ReadCalculation(const Statement& row) {
  domain::RevenueCalculation calc{
      .account_id = row.ColumnText(0),
      .id = row.ColumnText(1),
      .customer_id = row.ColumnText(5),  // NULL reads as "": every customer
      .failure_reason = row.ColumnText(6),
      .create_time = TimeFromMicros(row.ColumnInt64(7)),
      .start_time = TimeFromMicros(row.ColumnOptionalInt64(8)),
      .complete_time = TimeFromMicros(row.ColumnOptionalInt64(9)),
  };
  ASSIGN_OR_RETURN(calc.status, CalculationStatusFromText(row.ColumnText(2)));
  ASSIGN_OR_RETURN(calc.period_start, DayFromText(row.ColumnText(3)));
  ASSIGN_OR_RETURN(calc.period_end, DayFromText(row.ColumnText(4)));
  return calc;
}

absl::StatusOr<std::vector<domain::CurrencyRevenue>> LoadResultRows(Connection& db,
                                                                    std::string_view account_id,
                                                                    std::string_view id) {
  ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare("SELECT position, currency, recognized_minor, deferred_minor "
                 "FROM revenue_results WHERE account_id = ?1 AND calculation_id = ?2 "
                 "ORDER BY position"));
  query.BindText(1, account_id).BindText(2, id);
  std::vector<domain::CurrencyRevenue> results;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return results;
    if (query.ColumnInt64(0) != static_cast<int64_t>(results.size())) {
      return domain::Error(ErrorCode::kInternal,
                           absl::StrCat("revenue calculation ", Av(id), " has a gap in its results"));
    }
    results.push_back(domain::CurrencyRevenue{
        .currency = query.ColumnText(1),
        .recognized = query.ColumnInt64(2),
        .deferred = query.ColumnInt64(3),
    });
  }
}

// Appends each schedule row to the result it belongs to, in month order.
absl::Status LoadSchedules(Connection& db, std::string_view account_id, std::string_view id,
                           std::vector<domain::CurrencyRevenue>& results) {
  ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare("SELECT result_position, month, amount_minor FROM revenue_schedule_entries "
                 "WHERE account_id = ?1 AND calculation_id = ?2 "
                 "ORDER BY result_position, position"));
  query.BindText(1, account_id).BindText(2, id);
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return absl::OkStatus();
    int64_t position = query.ColumnInt64(0);
    if (position < 0 || position >= static_cast<int64_t>(results.size())) {
      return domain::Error(ErrorCode::kInternal,
                           absl::StrCat("revenue calculation ", Av(id),
                                        " has a schedule row without its result"));
    }
    domain::CurrencyRevenue& result = results[static_cast<size_t>(position)];
    ASSIGN_OR_RETURN(absl::CivilMonth month, MonthFromText(query.ColumnText(1)));
    result.schedule.push_back({.month = month, .amount = query.ColumnInt64(2)});
  }
}

absl::Status LoadResults(Connection& db, domain::RevenueCalculation& calc) {
  ASSIGN_OR_RETURN(calc.results, LoadResultRows(db, calc.account_id, calc.id));
  return LoadSchedules(db, calc.account_id, calc.id, calc.results);
}

absl::Status InsertSchedule(Connection& db, const domain::RevenueCalculation& calc,
                            size_t result_position) {
  ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT INTO revenue_schedule_entries (account_id, calculation_id, "
                 "result_position, position, month, amount_minor) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  const std::vector<domain::MonthlyAmount>& schedule = calc.results[result_position].schedule;
  for (size_t position = 0; position < schedule.size(); ++position) {
    insert.Reset();
    insert.BindText(1, calc.account_id)
        .BindText(2, calc.id)
        .BindInt64(3, static_cast<int64_t>(result_position))
        .BindInt64(4, static_cast<int64_t>(position))
        .BindText(5, MonthToText(schedule[position].month))
        .BindInt64(6, schedule[position].amount);
    RETURN_IF_ERROR(insert.Run());
  }
  return absl::OkStatus();
}

absl::Status InsertResults(Connection& db, const domain::RevenueCalculation& calc) {
  ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT INTO revenue_results (account_id, calculation_id, position, currency, "
                 "recognized_minor, deferred_minor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  for (size_t position = 0; position < calc.results.size(); ++position) {
    const domain::CurrencyRevenue& result = calc.results[position];
    insert.Reset();
    insert.BindText(1, calc.account_id)
        .BindText(2, calc.id)
        .BindInt64(3, static_cast<int64_t>(position))
        .BindText(4, result.currency)
        .BindInt64(5, result.recognized)
        .BindInt64(6, result.deferred);
    RETURN_IF_ERROR(insert.Run());
    RETURN_IF_ERROR(InsertSchedule(db, calc, position));
  }
  return absl::OkStatus();
}

absl::Status DeleteResults(Connection& db, const domain::RevenueCalculation& calc) {
  // Schedule rows go with their results (ON DELETE CASCADE).
  ASSIGN_OR_RETURN(
      Statement remove,
      db.Prepare("DELETE FROM revenue_results WHERE account_id = ?1 AND calculation_id = ?2"));
  remove.BindText(1, calc.account_id).BindText(2, calc.id);
  return remove.Run();
}

// Steps `query` (selecting kColumns) to the end, then loads each
// calculation's results.
absl::StatusOr<std::vector<domain::RevenueCalculation>> CollectCalculations(Connection& db,
                                                                            Statement& query) {
  std::vector<domain::RevenueCalculation> calcs;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(domain::RevenueCalculation calc, ReadCalculation(query));
    calcs.push_back(std::move(calc));
  }
  for (domain::RevenueCalculation& calc : calcs) {
    RETURN_IF_ERROR(LoadResults(db, calc));
  }
  return calcs;
}


}  // namespace

absl::Status InsertRevenueCalculation(Connection& db, const domain::RevenueCalculation& calc) {
  ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare(absl::StrCat("INSERT INTO revenue_calculations (", kColumns,
                              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")));
  insert.BindText(1, calc.account_id)
      .BindText(2, calc.id)
      .BindText(3, domain::CalculationStatusName(calc.status))
      .BindText(4, DayToText(calc.period_start))
      .BindText(5, DayToText(calc.period_end))
      .BindOptionalText(6, EmptyAsNull(calc.customer_id))
      .BindText(7, calc.failure_reason)
      .BindInt64(8, TimeToMicros(calc.create_time))
      .BindOptionalInt64(9, TimeToMicros(calc.start_time))
      .BindOptionalInt64(10, TimeToMicros(calc.complete_time));
  absl::Status status = insert.Run();
  if (IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("revenue calculation ", calc.id, " already exists"));
  }
  RETURN_IF_ERROR(status);
  return InsertResults(db, calc);
}

absl::Status UpdateRevenueCalculation(Connection& db, const domain::RevenueCalculation& calc) {
  ASSIGN_OR_RETURN(
      Statement update,
      db.Prepare("UPDATE revenue_calculations SET status = ?3, failure_reason = ?4, "
                 "start_time_us = ?5, complete_time_us = ?6 WHERE account_id = ?1 AND id = ?2"));
  update.BindText(1, calc.account_id)
      .BindText(2, calc.id)
      .BindText(3, domain::CalculationStatusName(calc.status))
      .BindText(4, calc.failure_reason)
      .BindOptionalInt64(5, TimeToMicros(calc.start_time))
      .BindOptionalInt64(6, TimeToMicros(calc.complete_time));
  RETURN_IF_ERROR(update.Run());
  if (db.ChangedRows() == 0) return NotFound(calc.id);
  RETURN_IF_ERROR(DeleteResults(db, calc));
  return InsertResults(db, calc);
}

absl::StatusOr<domain::RevenueCalculation> GetRevenueCalculation(Connection& db,
                                                                 std::string_view account_id,
                                                                 std::string_view id) {
  ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare(absl::StrCat("SELECT ", kColumns,
                              " FROM revenue_calculations WHERE account_id = ?1 AND id = ?2")));
  query.BindText(1, account_id).BindText(2, id);
  ASSIGN_OR_RETURN(std::vector<domain::RevenueCalculation> found,
                           CollectCalculations(db, query));
  if (found.empty()) return NotFound(id);
  return std::move(found.front());
}

absl::StatusOr<domain::Page<domain::RevenueCalculation>> ListRevenueCalculations(
    Connection& db, std::string_view account_id, const domain::PageRequest& page) {
  ASSIGN_OR_RETURN(Statement query,
                   db.Prepare(PagedSelect(kColumns, "revenue_calculations",
                                          " WHERE account_id = ?1", /*newest_first=*/true, page)));
  query.BindText(1, account_id);
  BindPage(query, page);
  domain::Page<domain::RevenueCalculation> result{.request = page};
  ASSIGN_OR_RETURN(result.items, CollectCalculations(db, query));
  FinishPage(result);
  ASSIGN_OR_RETURN(result.total_items, ListedCount(db, account_id, "revenue_calculations"));
  return result;
}

absl::StatusOr<int64_t> CountUnfinishedRevenueCalculations(Connection& db,
                                                           std::string_view account_id) {
  ASSIGN_OR_RETURN(Statement query,
                   db.Prepare("SELECT COUNT(*) FROM revenue_calculations"
                              " WHERE account_id = ?1 AND status IN ('queued', 'running')"));
  query.BindText(1, account_id);
  RETURN_IF_ERROR(query.Step().status());
  return query.ColumnInt64(0);
}

absl::StatusOr<int64_t> CountAllUnfinishedRevenueCalculations(Connection& db) {
  ASSIGN_OR_RETURN(Statement query,
                   db.Prepare("SELECT COUNT(*) FROM revenue_calculations"
                              " WHERE status IN ('queued', 'running')"));
  RETURN_IF_ERROR(query.Step().status());
  return query.ColumnInt64(0);
}

absl::StatusOr<std::optional<domain::RevenueCalculation>> NextUnfinishedRevenueCalculationAfter(
    Connection& db, std::string_view after_account, absl::Time stale_before) {
  // Accounts after `after_account` first (false sorts before true), then the
  // rest from the start: one query serves the whole round. A 'running' row
  // is a worker's claim; a stale one was left by a worker that stopped.
  ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare(absl::StrCat("SELECT ", kColumns,
                              " FROM revenue_calculations WHERE status IN ('queued', 'running')"
                              " AND (status = 'queued' OR start_time_us IS NULL"
                              " OR start_time_us < ?2)"
                              " ORDER BY account_id <= ?1, account_id, create_time_us, id"
                              " LIMIT 1")));
  query.BindText(1, after_account).BindInt64(2, TimeToMicros(stale_before));
  ASSIGN_OR_RETURN(std::vector<domain::RevenueCalculation> found, CollectCalculations(db, query));
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

}  // namespace billing::storage
