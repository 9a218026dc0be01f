// Revenue calculations, their results and schedules, and the shared queue.
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/text.h"
#include "storage/postgres/list_paging.h"
#include "storage/postgres/pg_error.h"
#include "storage/postgres/pg_values.h"
#include "storage/postgres/repositories.h"

namespace billing::storage::postgres {
namespace {

using domain::ErrorCode;

#define CALCULATION_COLUMNS                                                            \
  "account_id, id, status, " BILLING_PG_DAY("period_start") ", " BILLING_PG_DAY(       \
      "period_end") ", customer_id, failure_reason, " BILLING_PG_MICROS("create_time") \
  ", " BILLING_PG_MICROS("start_time") ", " BILLING_PG_MICROS("complete_time")

absl::Status NotFound(std::string_view id) {
  return domain::Error(ErrorCode::kRevenueCalculationNotFound,
                       absl::StrCat("revenue calculation ", domain::Av(id), " not found"));
}

absl::StatusOr<domain::RevenueCalculation> ReadCalculation(const PgResult& r, int row) {
  domain::RevenueCalculation calc{
      .account_id = r.Text(row, 0),
      .id = r.Text(row, 1),
      .customer_id = r.Text(row, 5),  // NULL reads as "": every customer
      .failure_reason = r.Text(row, 6),
      .create_time = TimeFromMicros(r.Int64(row, 7)),
      .start_time = TimeFromMicros(r.OptionalInt64(row, 8)),
      .complete_time = TimeFromMicros(r.OptionalInt64(row, 9)),
  };
  ASSIGN_OR_RETURN(calc.status, CalculationStatusFromText(r.Text(row, 2)));
  ASSIGN_OR_RETURN(calc.period_start, DayFromText(r.Text(row, 3)));
  ASSIGN_OR_RETURN(calc.period_end, DayFromText(r.Text(row, 4)));
  return calc;
}

absl::Status LoadResults(PgConnection& c, domain::RevenueCalculation& calc) {
  ASSIGN_OR_RETURN(PgResult results,
                   c.Query("SELECT position, currency, recognized_minor, deferred_minor "
                           "FROM revenue_results WHERE account_id = $1 AND calculation_id = $2 "
                           "ORDER BY position",
                           {Text(calc.account_id), Text(calc.id)}));
  calc.results.clear();
  for (int row = 0; row < results.rows(); ++row) {
    if (results.Int64(row, 0) != row) {
      return domain::Error(ErrorCode::kInternal, absl::StrCat("revenue calculation ", calc.id,
                                                              " has a gap in its results"));
    }
    calc.results.push_back(domain::CurrencyRevenue{.currency = results.Text(row, 1),
                                                   .recognized = results.Int64(row, 2),
                                                   .deferred = results.Int64(row, 3)});
  }
  ASSIGN_OR_RETURN(PgResult schedule,
                   c.Query("SELECT result_position, month, amount_minor "
                           "FROM revenue_schedule_entries "
                           "WHERE account_id = $1 AND calculation_id = $2 "
                           "ORDER BY result_position, position",
                           {Text(calc.account_id), Text(calc.id)}));
  for (int row = 0; row < schedule.rows(); ++row) {
    const int64_t position = schedule.Int64(row, 0);
    if (position < 0 || position >= static_cast<int64_t>(calc.results.size())) {
      return domain::Error(ErrorCode::kInternal,
                           absl::StrCat("revenue calculation ", calc.id,
                                        " has a schedule row without its result"));
    }
    ASSIGN_OR_RETURN(absl::CivilMonth month, MonthFromText(schedule.Text(row, 1)));
    calc.results[static_cast<size_t>(position)].schedule.push_back(
        {.month = month, .amount = schedule.Int64(row, 2)});
  }
  return absl::OkStatus();
}

absl::Status InsertResults(PgConnection& c, const domain::RevenueCalculation& calc) {
  for (size_t position = 0; position < calc.results.size(); ++position) {
    const domain::CurrencyRevenue& result = calc.results[position];
    RETURN_IF_ERROR(
        c.Query("INSERT INTO revenue_results (account_id, calculation_id, position, currency, "
                "recognized_minor, deferred_minor) VALUES ($1, $2, $3, $4, $5, $6)",
                {Text(calc.account_id), Text(calc.id), Int(static_cast<int64_t>(position)),
                 Text(result.currency), Int(result.recognized), Int(result.deferred)})
            .status());
    for (size_t month = 0; month < result.schedule.size(); ++month) {
      RETURN_IF_ERROR(
          c.Query("INSERT INTO revenue_schedule_entries (account_id, calculation_id, "
                  "result_position, position, month, amount_minor) "
                  "VALUES ($1, $2, $3, $4, $5, $6)",
                  {Text(calc.account_id), Text(calc.id), Int(static_cast<int64_t>(position)),
                   Int(static_cast<int64_t>(month)), Month(result.schedule[month].month),
                   Int(result.schedule[month].amount)})
              .status());
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<domain::RevenueCalculation>> Collect(PgConnection& c,
                                                                const PgResult& r) {
  std::vector<domain::RevenueCalculation> calcs;
  for (int row = 0; row < r.rows(); ++row) {
    ASSIGN_OR_RETURN(domain::RevenueCalculation calc, ReadCalculation(r, row));
    RETURN_IF_ERROR(LoadResults(c, calc));
    calcs.push_back(std::move(calc));
  }
  return calcs;
}

}  // namespace

absl::Status PgRevenueCalculations::Insert(const domain::RevenueCalculation& calc) {
  absl::Status status =
      c_.Query("INSERT INTO revenue_calculations (account_id, id, status, period_start, "
               "period_end, customer_id, failure_reason, create_time, start_time, "
               "complete_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
               {Text(calc.account_id), Text(calc.id),
                Text(domain::CalculationStatusName(calc.status)), Day(calc.period_start),
                Day(calc.period_end), EmptyAsNull(calc.customer_id), Text(calc.failure_reason),
                Time(calc.create_time), OptionalTime(calc.start_time),
                OptionalTime(calc.complete_time)})
          .status();
  if (IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("revenue calculation ", calc.id, " already exists"));
  }
  RETURN_IF_ERROR(status);
  return InsertResults(c_, calc);
}

absl::Status PgRevenueCalculations::Update(const domain::RevenueCalculation& calc) {
  ASSIGN_OR_RETURN(
      PgResult r,
      c_.Query("UPDATE revenue_calculations SET status = $3, failure_reason = $4, "
               "start_time = $5, complete_time = $6 WHERE account_id = $1 AND id = $2",
               {Text(calc.account_id), Text(calc.id),
                Text(domain::CalculationStatusName(calc.status)), Text(calc.failure_reason),
                OptionalTime(calc.start_time), OptionalTime(calc.complete_time)}));
  if (r.affected() == 0) return NotFound(calc.id);
  // Schedule rows go with their results (ON DELETE CASCADE).
  RETURN_IF_ERROR(
      c_.Query("DELETE FROM revenue_results WHERE account_id = $1 AND calculation_id = $2",
               {Text(calc.account_id), Text(calc.id)})
          .status());
  return InsertResults(c_, calc);
}

absl::StatusOr<domain::RevenueCalculation> PgRevenueCalculations::Get(std::string_view account_id,
                                                                      std::string_view id) {
  ASSIGN_OR_RETURN(
      PgResult r,
      c_.Query(lock_ ? "SELECT " CALCULATION_COLUMNS
                       " FROM revenue_calculations WHERE account_id = $1 AND id = $2"
                       " FOR NO KEY UPDATE"
                     : "SELECT " CALCULATION_COLUMNS
                       " FROM revenue_calculations WHERE account_id = $1 AND id = $2",
               {Text(account_id), Text(id)}));
  ASSIGN_OR_RETURN(std::vector<domain::RevenueCalculation> found, Collect(c_, r));
  if (found.empty()) return NotFound(id);
  return std::move(found.front());
}

absl::StatusOr<domain::Page<domain::RevenueCalculation>> PgRevenueCalculations::List(
    std::string_view account_id, const domain::PageRequest& page) {
  Params params = {Text(account_id)};
  const std::string sql =
      PagedSelect(CALCULATION_COLUMNS, "revenue_calculations", " WHERE account_id = $1",
                  /*newest_first=*/true, page, params);
  ASSIGN_OR_RETURN(PgResult r, c_.Query(sql, params));
  domain::Page<domain::RevenueCalculation> result{.request = page};
  ASSIGN_OR_RETURN(result.items, Collect(c_, r));
  FinishPage(result);
  ASSIGN_OR_RETURN(result.total_items, ListedCount(c_, account_id, "revenue_calculations"));
  return result;
}

absl::StatusOr<int64_t> PgRevenueCalculations::CountUnfinished(std::string_view account_id) {
  ASSIGN_OR_RETURN(PgResult r,
                   c_.Query("SELECT COUNT(*) FROM revenue_calculations"
                            " WHERE account_id = $1 AND status IN ('queued', 'running')",
                            {Text(account_id)}));
  return r.Int64(0, 0);
}

absl::StatusOr<int64_t> PgRevenueCalculations::CountAllUnfinished() {
  ASSIGN_OR_RETURN(PgResult r,
                   c_.Query("SELECT COUNT(*) FROM revenue_calculations"
                            " WHERE status IN ('queued', 'running')",
                            {}));
  return r.Int64(0, 0);
}

absl::StatusOr<std::optional<domain::RevenueCalculation>> PgRevenueCalculations::ClaimNext(
    std::string_view after_account, absl::Time stale_before) {
  // Round robin: accounts after `after_account` first (false sorts before
  // true), then the rest. SKIP LOCKED: a calculation another replica's worker
  // holds is passed over, so workers share the queue and never run one twice.
  ASSIGN_OR_RETURN(PgResult r,
                   c_.Query("SELECT " CALCULATION_COLUMNS
                            " FROM revenue_calculations WHERE status IN ('queued', 'running')"
                            " AND (status = 'queued' OR start_time IS NULL OR start_time < $2)"
                            " ORDER BY account_id <= $1, account_id, create_time, id LIMIT 1"
                            " FOR NO KEY UPDATE SKIP LOCKED",
                            {Text(after_account), Time(stale_before)}));
  ASSIGN_OR_RETURN(std::vector<domain::RevenueCalculation> found, Collect(c_, r));
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

}  // namespace billing::storage::postgres
