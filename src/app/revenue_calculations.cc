#include "app/revenue_calculations.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "app/collections.h"
#include "app/customers.h"
#include "app/events.h"
#include "app/idempotency.h"
#include "app/page_tokens.h"
#include "common/status_macros.h"
#include "domain/business_calendar.h"
#include "domain/dates.h"
#include "domain/event.h"
#include "domain/error.h"
#include "domain/ids.h"
#include "domain/money.h"
#include "domain/revenue_adjustments.h"
#include "log/json_log.h"

namespace billing::app {

using domain::CalculationStatus;
using domain::RevenueCalculation;

RevenueWorker::RevenueWorker(Store& store, const ResourceEncoder& encoder, Clock clock,
                             absl::Duration poll_interval, int workers)
    : store_(store), encoder_(encoder), clock_(std::move(clock)), poll_interval_(poll_interval),
      workers_(std::max(1, workers)) {}

RevenueWorker::~RevenueWorker() { Stop(); }

void RevenueWorker::Start() {
  for (int i = 0; i < workers_; ++i) threads_.emplace_back([this] { Loop(); });
}

void RevenueWorker::Notify() {
  absl::MutexLock lock(&mu_);
  ++wake_generation_;
}

void RevenueWorker::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

void RevenueWorker::Loop() {
  uint64_t seen = 0;  // every thread wakes for each Notify
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto woken = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
        return wake_generation_ != seen || stopping_;
      };
      mu_.AwaitWithTimeout(absl::Condition(&woken), poll_interval_);
      if (stopping_) return;
      seen = wake_generation_;
    }
    // A storage error (say, a busy database) is retried at the next poll.
    if (absl::Status s = RunPending(); !s.ok()) {
      log::Warning("revenue worker will retry", {log::Str("error", s.ToString())});
    }
  }
}

absl::Status RevenueWorker::RunPending() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(bool ran, RunNext());
    if (!ran) return absl::OkStatus();
  }
}

absl::StatusOr<bool> RevenueWorker::StoreFailure(const std::string& account_id,
                                                 const std::string& id,
                                                 const absl::Status& cause) {
  // The caller sees that it failed; the cause is for operators.
  log::Error("revenue calculation failed",
             {log::Str("calculation_id", id), log::Str("error", cause.ToString())});
  RETURN_IF_ERROR(store_.Write([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(RevenueCalculation calc, tx.revenue_calculations().Get(account_id, id));
    if (calc.status != CalculationStatus::kQueued && calc.status != CalculationStatus::kRunning) {
      return absl::OkStatus();  // another worker finished it meanwhile
    }
    calc.status = CalculationStatus::kFailed;
    calc.failure_reason = "internal error while reading invoices; see the server log";
    calc.complete_time = clock_();
    RETURN_IF_ERROR(tx.revenue_calculations().Update(calc));
    return RecordEvent(tx, encoder_, calc.account_id, domain::kRevenueCalculationFailed, calc.id,
                       encoder_.Encode(calc), *calc.complete_time);
  }));
  return true;
}

namespace {

// How long a claim keeps other workers off a running calculation. A worker
// that stopped midway leaves its claim; after this it is run again.
constexpr absl::Duration kClaimLease = absl::Minutes(5);

// Each invoice's credit notes, in issue order, looked up by reference (a
// `?: std::vector{}` would copy an invoice's notes on every lookup).
class NotesByInvoice {
 public:
  explicit NotesByInvoice(std::vector<domain::CreditNote> notes) {
    for (domain::CreditNote& note : notes) {
      by_invoice_[note.invoice_id].push_back(std::move(note));
    }
  }
  const std::vector<domain::CreditNote>& Of(const std::string& invoice_id) const {
    auto it = by_invoice_.find(invoice_id);
    return it == by_invoice_.end() ? none_ : it->second;
  }

 private:
  absl::flat_hash_map<std::string, std::vector<domain::CreditNote>> by_invoice_;
  const std::vector<domain::CreditNote> none_;
};

}  // namespace

absl::StatusOr<bool> RevenueWorker::RunNext() {
  // Three steps, so that a calculation never holds up writes: a short write
  // claims it (running, its start time the claim), one read snapshot (a
  // reader connection on SQLite, REPEATABLE READ READ ONLY on PostgreSQL)
  // computes it in batches, and a short write stores the result, if the
  // claim is still this worker's. Credit notes and invoices come from the
  // same snapshot, so the result is the revenue as of one moment, and a
  // closed month's figures are what any later calculation gives too.
  std::optional<RevenueCalculation> calc;
  std::string after;
  {
    absl::MutexLock lock(&mu_);
    after = last_account_;
  }
  RETURN_IF_ERROR(store_.Write([&](Transaction& tx) -> absl::Status {
    // Whole microseconds, as stored: the claim is compared when storing.
    const absl::Time now = absl::FromUnixMicros(absl::ToUnixMicros(clock_()));
    ASSIGN_OR_RETURN(calc, tx.revenue_calculations().ClaimNext(after, now - kClaimLease));
    if (!calc.has_value()) return absl::OkStatus();
    calc->status = CalculationStatus::kRunning;
    calc->start_time = now;
    return tx.revenue_calculations().Update(*calc);
  }));
  if (!calc.has_value()) return false;
  {
    absl::MutexLock lock(&mu_);
    last_account_ = calc->account_id;
  }

  std::vector<domain::CurrencyRevenue> results;
  absl::Status computed = store_.Read([&](Transaction& tx) -> absl::Status {
    // Cancellations and credit notes take effect from their own day, so a
    // closed month's figures never change (domain/revenue_adjustments.h).
    ASSIGN_OR_RETURN(std::vector<domain::CreditNote> notes,
                     tx.credit_notes().ListAll(calc->account_id, calc->customer_id));
    const NotesByInvoice notes_by_invoice(std::move(notes));
    // Streamed: memory does not grow with the number of invoices.
    domain::AdjustedRevenueAccumulator revenue(calc->period_start, calc->period_end);
    RETURN_IF_ERROR(tx.invoices().ForEachRevenueInvoice(
        calc->account_id, calc->customer_id, [&](const domain::Invoice& invoice) {
          for (const domain::RevenuePiece& piece :
               domain::RevenuePieces(invoice, notes_by_invoice.Of(invoice.id))) {
            revenue.Add(piece);
          }
          return absl::OkStatus();
        }));
    results = std::move(revenue).Results();
    return absl::OkStatus();
  });
  if (!computed.ok()) {
    if (domain::ErrorCodeOf(computed) != domain::ErrorCode::kDatabaseUnavailable) {
      return StoreFailure(calc->account_id, calc->id, computed);
    }
    // Transient: give the claim back, so the next poll runs it again (if
    // that fails too, the claim runs out after kClaimLease).
    RETURN_IF_ERROR(store_.Write([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(RevenueCalculation current,
                       tx.revenue_calculations().Get(calc->account_id, calc->id));
      if (current.status != CalculationStatus::kRunning ||
          current.start_time != calc->start_time) {
        return absl::OkStatus();
      }
      current.status = CalculationStatus::kQueued;
      current.start_time.reset();
      return tx.revenue_calculations().Update(current);
    }));
    return computed;
  }

  RETURN_IF_ERROR(store_.Write([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(RevenueCalculation current,
                     tx.revenue_calculations().Get(calc->account_id, calc->id));
    if (current.status != CalculationStatus::kRunning || current.start_time != calc->start_time) {
      return absl::OkStatus();  // the claim ran out and another worker took it over
    }
    current.results = results;
    current.status = CalculationStatus::kSucceeded;
    current.complete_time = clock_();
    RETURN_IF_ERROR(tx.revenue_calculations().Update(current));
    return RecordEvent(tx, encoder_, current.account_id, domain::kRevenueCalculationSucceeded,
                       current.id, encoder_.Encode(current), *current.complete_time);
  }));
  return true;
}

absl::StatusOr<RevenueCalculation> RevenueCalculations::Create(
    const CallContext& ctx, const domain::RevenueCalculationInput& input) {
  ASSIGN_OR_RETURN(RevenueCalculation calc,
                   domain::NewRevenueCalculation(
                       ctx.account_id, domain::NewId(domain::kRevenueCalculationIdPrefix), input,
                       clock_()));
  RETURN_IF_ERROR(WriteOnce(store_, ctx, calc, [&](Transaction& tx) -> absl::Status {
    if (!calc.customer_id.empty()) {
      RETURN_IF_ERROR(tx.customers().GetToReference(ctx.account_id, calc.customer_id).status());
    }
    // Counted in the same transaction as the insert: racing calls cannot
    // both take the last place.
    ASSIGN_OR_RETURN(int64_t unfinished, tx.revenue_calculations().CountUnfinished(ctx.account_id));
    if (unfinished >= queue_limit_) {
      return domain::Error(
          domain::ErrorCode::kRevenueQueueFull,
          absl::StrCat("this account already has ", unfinished,
                       " revenue calculations queued or running (the limit is ", queue_limit_,
                       "); wait for some to finish"));
    }
    return tx.revenue_calculations().Insert(calc);
  }));
  if (worker_ != nullptr) worker_->Notify();
  return calc;
}

absl::StatusOr<RevenueCalculation> RevenueCalculations::Get(const CallContext& ctx,
                                                            std::string_view id) {
  RETURN_IF_ERROR(RequireId("revenue_calculation_id", id, domain::kRevenueCalculationIdPrefix));
  std::optional<RevenueCalculation> calc;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(calc, tx.revenue_calculations().Get(ctx.account_id, id));
    return absl::OkStatus();
  }));
  return *std::move(calc);
}

absl::StatusOr<domain::Page<RevenueCalculation>> RevenueCalculations::List(
    const CallContext& ctx, int page, int page_size, std::string_view page_token) {
  constexpr std::string_view kListKey = "revenue_calculations";
  ASSIGN_OR_RETURN(domain::PageRequest request,
                   MakeListPageRequest(store_, ctx, page, page_size, page_token, kListKey));
  std::optional<domain::Page<RevenueCalculation>> result;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(result, tx.revenue_calculations().List(ctx.account_id, request));
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(SetSealedNextPageToken(store_, ctx, *result, kListKey));
  return *std::move(result);
}

absl::StatusOr<TaxReport> RevenueCalculations::GetTaxReport(const CallContext& ctx,
                                                             std::string_view period_start,
                                                             std::string_view period_end) {
  domain::ViolationCollector violations;
  const std::optional<domain::ReportPeriod> period =
      domain::ParseReportPeriod(period_start, period_end, violations);
  RETURN_IF_ERROR(violations.ToStatus());
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::Time from = absl::FromCivil(period->start, utc);
  const absl::Time until = absl::FromCivil(period->end + 1, utc);
  TaxReport report{*period, {}};
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    // One snapshot: the notes, rates and invoices agree with each other.
    ASSIGN_OR_RETURN(std::vector<domain::CreditNote> notes,
                     tx.credit_notes().ListAll(ctx.account_id, ""));
    const NotesByInvoice notes_by_invoice(std::move(notes));
    std::map<std::string, std::string, std::less<>> rate_countries;
    domain::TaxReportAccumulator accumulator(period->start, period->end);
    RETURN_IF_ERROR(tx.invoices().ForEachProcessedActiveIn(
        ctx.account_id, from, until, [&](const domain::Invoice& invoice) -> absl::Status {
          for (const std::string& id : domain::TaxRateIdsOf(invoice)) {
            if (rate_countries.contains(id)) continue;
            absl::StatusOr<domain::TaxRate> rate = tx.tax_rates().Get(ctx.account_id, id);
            if (!rate.ok() && domain::ErrorCodeOf(rate.status()) !=
                                  domain::ErrorCode::kTaxRateNotFound) {
              return rate.status();
            }
            rate_countries[id] = rate.ok() ? rate->country : "";
          }
          ASSIGN_OR_RETURN(std::vector<domain::TaxReportRecord> records,
                           domain::TaxReportRecords(invoice, notes_by_invoice.Of(invoice.id),
                                                    rate_countries));
          for (const domain::TaxReportRecord& record : records) {
            RETURN_IF_ERROR(accumulator.Add(record));
          }
          return absl::OkStatus();
        }));
    report.results = accumulator.Results();
    return absl::OkStatus();
  }));
  return report;
}

absl::StatusOr<ReceivablesAging> RevenueCalculations::GetReceivablesAging(
    const CallContext& ctx, std::string_view as_of, std::string_view currency) {
  domain::ViolationCollector violations;
  std::optional<absl::CivilDay> day;
  if (as_of.empty()) {
    violations.Add("as_of", "is required (YYYY-MM-DD)");
  } else if (absl::StatusOr<absl::CivilDay> parsed = domain::ParseDate(as_of); parsed.ok()) {
    day = *parsed;
  } else {
    violations.AddStatus("as_of", parsed.status());
  }
  if (!currency.empty()) violations.AddStatus("currency", domain::FindCurrency(currency).status());
  RETURN_IF_ERROR(violations.ToStatus());
  ReceivablesAging report{*day, {}};
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    // One snapshot: the zone and the entries agree with each other.
    ASSIGN_OR_RETURN(absl::TimeZone zone, OrganizationZone(tx, ctx.account_id));
    ASSIGN_OR_RETURN(std::vector<domain::OpenItem> items,
                     tx.ledger().OpenAmountsBefore(ctx.account_id, domain::EndOfDay(*day, zone)));
    ASSIGN_OR_RETURN(report.results, domain::AgingReport(items, *day, currency));
    return absl::OkStatus();
  }));
  return report;
}

}  // namespace billing::app
