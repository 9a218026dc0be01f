// Revenue calculations, their results and schedules, and the queue their
// workers share.
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/text.h"
#include "storage/sql/list_paging.h"
#include "storage/sql/repositories.h"
#include "storage/sql/values.h"

namespace billing::storage::sql {
namespace {

using domain::ErrorCode;

#define CALCULATION_COLUMNS                                                                 \
  "account_id, id, status, {day:period_start}, {day:period_end}, customer_id, "             \
  "failure_reason, {micros:create_time}, {micros:start_time}, {micros:complete_time}"

absl::Status NotFound(std::string_view id) {
  return domain::Error(ErrorCode::kRevenueCalculationNotFound,
                       absl::StrCat("revenue calculation ", domain::Av(id), " not found"));
}

absl::StatusOr<domain::RevenueCalculation> ReadCalculation(const Statement& row) {
  domain::RevenueCalculation calc{
      .account_id = row.Text(0),
      .id = row.Text(1),
      .customer_id = row.Text(5),  // NULL reads as "": every customer
      .failure_reason = row.Text(6),
      .create_time = row.Time(7),
      .start_time = row.OptionalTime(8),
      .complete_time = row.OptionalTime(9),
  };
  ASSIGN_OR_RETURN(calc.status, CalculationStatusFromText(row.Text(2)));
  ASSIGN_OR_RETURN(calc.period_start, DayFromText(row.Text(3)));
  ASSIGN_OR_RETURN(calc.period_end, DayFromText(row.Text(4)));
  return calc;
}

absl::Status LoadResults(Session& s, domain::RevenueCalculation& calc) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> results,
                   s.Prepare("SELECT position, currency, recognized_minor, deferred_minor "
                             "FROM revenue_results WHERE account_id = ?1 AND calculation_id = ?2 "
                             "ORDER BY position"));
  results->BindText(1, calc.account_id).BindText(2, calc.id);
  calc.results.clear();
  while (true) {
    ASSIGN_OR_RETURN(bool row, results->Step());
    if (!row) break;
    if (results->Int64(0) != static_cast<int64_t>(calc.results.size())) {
      return domain::Error(ErrorCode::kInternal, absl::StrCat("revenue calculation ", calc.id,
                                                              " has a gap in its results"));
    }
    calc.results.push_back(domain::CurrencyRevenue{.currency = results->Text(1),
                                                   .recognized = results->Int64(2),
                                                   .deferred = results->Int64(3)});
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> schedule,
                   s.Prepare("SELECT result_position, month, amount_minor "
                             "FROM revenue_schedule_entries "
                             "WHERE account_id = ?1 AND calculation_id = ?2 "
                             "ORDER BY result_position, position"));
  schedule->BindText(1, calc.account_id).BindText(2, calc.id);
  while (true) {
    ASSIGN_OR_RETURN(bool row, schedule->Step());
    if (!row) return absl::OkStatus();
    const int64_t position = schedule->Int64(0);
    if (position < 0 || position >= static_cast<int64_t>(calc.results.size())) {
      return domain::Error(ErrorCode::kInternal,
                           absl::StrCat("revenue calculation ", calc.id,
                                        " has a schedule row without its result"));
    }
    ASSIGN_OR_RETURN(absl::CivilMonth month, MonthFromText(schedule->Text(1)));
    calc.results[static_cast<size_t>(position)].schedule.push_back(
        {.month = month, .amount = schedule->Int64(2)});
  }
}

absl::Status InsertResults(Session& s, const domain::RevenueCalculation& calc) {
  for (size_t position = 0; position < calc.results.size(); ++position) {
    const domain::CurrencyRevenue& result = calc.results[position];
    ASSIGN_OR_RETURN(std::unique_ptr<Statement> insert,
                     s.Prepare("INSERT INTO revenue_results (account_id, calculation_id, "
                               "position, currency, recognized_minor, deferred_minor) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    insert->BindText(1, calc.account_id)
        .BindText(2, calc.id)
        .BindInt64(3, static_cast<int64_t>(position))
        .BindText(4, result.currency)
        .BindInt64(5, result.recognized)
        .BindInt64(6, result.deferred);
    RETURN_IF_ERROR(insert->Run());
    for (size_t month = 0; month < result.schedule.size(); ++month) {
      ASSIGN_OR_RETURN(std::unique_ptr<Statement> entry,
                       s.Prepare("INSERT INTO revenue_schedule_entries (account_id, "
                                 "calculation_id, result_position, position, month, "
                                 "amount_minor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
      entry->BindText(1, calc.account_id)
          .BindText(2, calc.id)
          .BindInt64(3, static_cast<int64_t>(position))
          .BindInt64(4, static_cast<int64_t>(month))
          .BindText(5, MonthText(result.schedule[month].month))
          .BindInt64(6, result.schedule[month].amount);
      RETURN_IF_ERROR(entry->Run());
    }
  }
  return absl::OkStatus();
}

// Steps `query` (selecting CALCULATION_COLUMNS) to the end, then loads each
// calculation's results.
absl::StatusOr<std::vector<domain::RevenueCalculation>> Collect(Session& s, Statement& query) {
  std::vector<domain::RevenueCalculation> calcs;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(domain::RevenueCalculation calc, ReadCalculation(query));
    calcs.push_back(std::move(calc));
  }
  for (domain::RevenueCalculation& calc : calcs) RETURN_IF_ERROR(LoadResults(s, calc));
  return calcs;
}

absl::StatusOr<int64_t> CountOf(Session& s, std::string_view sql, std::string_view account_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query, s.Prepare(sql));
  if (!account_id.empty()) query->BindText(1, account_id);
  ASSIGN_OR_RETURN(bool row, query->Step());
  return row ? query->Int64(0) : 0;
}

}  // namespace

absl::Status RevenueCalculations::Insert(const domain::RevenueCalculation& calc) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> insert,
                   s_.Prepare("INSERT INTO revenue_calculations (account_id, id, status, "
                              "period_start, period_end, customer_id, failure_reason, "
                              "{time:create_time}, {time:start_time}, {time:complete_time}) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  insert->BindText(1, calc.account_id)
      .BindText(2, calc.id)
      .BindText(3, domain::CalculationStatusName(calc.status))
      .BindText(4, DayText(calc.period_start))
      .BindText(5, DayText(calc.period_end))
      .BindOptionalText(6, calc.customer_id.empty()
                               ? std::nullopt
                               : std::optional<std::string_view>(calc.customer_id))
      .BindText(7, calc.failure_reason)
      .BindTime(8, calc.create_time)
      .BindOptionalTime(9, calc.start_time)
      .BindOptionalTime(10, calc.complete_time);
  absl::Status status = insert->Run();
  if (s_.dialect().IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("revenue calculation ", calc.id, " already exists"));
  }
  RETURN_IF_ERROR(status);
  return InsertResults(s_, calc);
}

absl::Status RevenueCalculations::Update(const domain::RevenueCalculation& calc) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> update,
                   s_.Prepare("UPDATE revenue_calculations SET status = ?3, failure_reason = ?4, "
                              "{time:start_time} = ?5, {time:complete_time} = ?6 "
                              "WHERE account_id = ?1 AND id = ?2"));
  update->BindText(1, calc.account_id)
      .BindText(2, calc.id)
      .BindText(3, domain::CalculationStatusName(calc.status))
      .BindText(4, calc.failure_reason)
      .BindOptionalTime(5, calc.start_time)
      .BindOptionalTime(6, calc.complete_time);
  RETURN_IF_ERROR(update->Run());
  if (update->changed_rows() == 0) return NotFound(calc.id);
  // Schedule rows go with their results (ON DELETE CASCADE).
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> remove,
      s_.Prepare("DELETE FROM revenue_results WHERE account_id = ?1 AND calculation_id = ?2"));
  remove->BindText(1, calc.account_id).BindText(2, calc.id);
  RETURN_IF_ERROR(remove->Run());
  return InsertResults(s_, calc);
}

absl::StatusOr<domain::RevenueCalculation> RevenueCalculations::Get(std::string_view account_id,
                                                                    std::string_view id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT " CALCULATION_COLUMNS " FROM revenue_calculations "
                              "WHERE account_id = ?1 AND id = ?2{lock:no_key_update}"));
  query->BindText(1, account_id).BindText(2, id);
  ASSIGN_OR_RETURN(std::vector<domain::RevenueCalculation> found, Collect(s_, *query));
  if (found.empty()) return NotFound(id);
  return std::move(found.front());
}

absl::StatusOr<domain::Page<domain::RevenueCalculation>> RevenueCalculations::List(
    std::string_view account_id, const domain::PageRequest& page) {
  Params params;
  const std::string where = absl::StrCat(" WHERE account_id = ", params.Text(account_id));
  const std::string select = PagedSelect(CALCULATION_COLUMNS, "revenue_calculations", where,
                                         /*newest_first=*/true, page, params);
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query, s_.Prepare(select));
  params.BindTo(*query);
  domain::Page<domain::RevenueCalculation> result{.request = page};
  ASSIGN_OR_RETURN(result.items, Collect(s_, *query));
  FinishPage(result);
  ASSIGN_OR_RETURN(result.total_items, ListedCount(s_, account_id, "revenue_calculations"));
  return result;
}

absl::StatusOr<int64_t> RevenueCalculations::CountUnfinished(std::string_view account_id) {
  return CountOf(s_,
                 "SELECT COUNT(*) FROM revenue_calculations"
                 " WHERE account_id = ?1 AND status IN ('queued', 'running')",
                 account_id);
}

absl::StatusOr<int64_t> RevenueCalculations::CountAllUnfinished() {
  return CountOf(s_,
                 "SELECT COUNT(*) FROM revenue_calculations"
                 " WHERE status IN ('queued', 'running')",
                 "");
}

absl::StatusOr<std::optional<domain::RevenueCalculation>> RevenueCalculations::ClaimNext(
    std::string_view after_account, absl::Time stale_before) {
  // Round robin: accounts after `after_account` first (false sorts before
  // true), then the rest. SKIP LOCKED: a calculation another replica's worker
  // holds is passed over, so workers share the queue and never run one twice
  // (SQLite: one process, one writer, so nothing else can hold it).
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT " CALCULATION_COLUMNS " FROM revenue_calculations"
                              " WHERE status IN ('queued', 'running')"
                              " AND (status = 'queued' OR {time:start_time} IS NULL"
                              " OR {time:start_time} < ?2)"
                              " ORDER BY account_id <= ?1, account_id, {time:create_time}, id"
                              " LIMIT 1{lock:no_key_update_skip_locked}"));
  query->BindText(1, after_account).BindTime(2, stale_before);
  ASSIGN_OR_RETURN(std::vector<domain::RevenueCalculation> found, Collect(s_, *query));
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

}  // namespace billing::storage::sql
