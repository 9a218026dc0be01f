#include "app/revenue_calculations.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "log/json_log.h"
#include "app/customers.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/ids.h"
#include "storage/customer_repository.h"
#include "storage/invoice_repository.h"
#include "storage/revenue_repository.h"

namespace billing::app {

using domain::CalculationStatus;
using domain::RevenueCalculation;

RevenueWorker::RevenueWorker(storage::Database& db, Clock clock, absl::Duration poll_interval,
                             int workers)
    : db_(db), clock_(std::move(clock)), poll_interval_(poll_interval),
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
  {
    // Calculations a stopped server left running go back in the queue, once:
    // after that, running ones belong to a live worker.
    absl::MutexLock lock(&mu_);
    if (!requeued_) {
      RETURN_IF_ERROR(db_.Write(
          [](storage::Connection& conn) { return storage::RequeueRunningRevenueCalculations(conn); }));
      requeued_ = true;
    }
  }
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return absl::OkStatus();
    }
    absl::StatusOr<bool> ran = RunNext();
    if (!ran.ok()) return ran.status();
    if (!*ran) return absl::OkStatus();
  }
}

absl::StatusOr<bool> RevenueWorker::StoreFailure(RevenueCalculation& calc,
                                                 const absl::Status& cause) {
  // The caller sees that it failed; the cause is for operators.
  log::Error("revenue calculation failed",
             {log::Str("calculation_id", calc.id), log::Str("error", cause.ToString())});
  calc.status = CalculationStatus::kFailed;
  calc.failure_reason = "internal error while reading invoices; see the server log";
  calc.complete_time = clock_();
  absl::Status stored = db_.Write([&](storage::Connection& conn) {
    return storage::UpdateRevenueCalculation(conn, calc);
  });
  if (!stored.ok()) return stored;
  return true;
}

absl::StatusOr<bool> RevenueWorker::RunNext() {
  std::optional<RevenueCalculation> calc;
  std::string after;
  {
    absl::MutexLock lock(&mu_);
    after = last_account_;
  }
  // Claimed inside the single writer's transaction, so two workers never
  // take the same calculation.
  absl::Status claimed = db_.Write([&](storage::Connection& conn) -> absl::Status {
    ASSIGN_OR_RETURN(calc, storage::NextQueuedRevenueCalculationAfter(conn, after));
    if (!calc.has_value()) return absl::OkStatus();
    calc->status = CalculationStatus::kRunning;
    calc->start_time = clock_();
    return storage::UpdateRevenueCalculation(conn, *calc);
  });
  if (!claimed.ok()) return claimed;
  if (!calc.has_value()) return false;
  {
    absl::MutexLock lock(&mu_);
    last_account_ = calc->account_id;
  }

  std::vector<domain::Invoice> invoices;
  absl::Status read = db_.Read([&](storage::Connection& conn) -> absl::Status {
    absl::StatusOr<std::vector<domain::Invoice>> found =
        storage::ListProcessedInvoices(conn, calc->account_id, calc->customer_id);
    if (!found.ok()) return found.status();
    invoices = *std::move(found);
    return absl::OkStatus();
  });
  if (domain::ErrorCodeOf(read) == domain::ErrorCode::kDatabaseUnavailable) {
    return read;  // left running; retried from the start at the next poll
  }
  if (!read.ok()) return StoreFailure(*calc, read);

  std::vector<domain::RecognizableAmount> items;
  for (const domain::Invoice& invoice : invoices) {
    for (domain::RecognizableAmount& item : domain::RecognizableAmounts(invoice)) {
      items.push_back(std::move(item));
    }
  }
  calc->results = domain::CalculateRevenue(items, calc->period_start, calc->period_end);
  calc->status = CalculationStatus::kSucceeded;
  calc->complete_time = clock_();
  absl::Status stored = db_.Write([&](storage::Connection& conn) {
    return storage::UpdateRevenueCalculation(conn, *calc);
  });
  if (!stored.ok()) return stored;
  return true;
}

absl::StatusOr<RevenueCalculation> RevenueCalculations::Create(
    const CallContext& ctx, const domain::RevenueCalculationInput& input) {
  absl::StatusOr<RevenueCalculation> calc = domain::NewRevenueCalculation(
      ctx.account_id, domain::NewId(domain::kRevenueCalculationIdPrefix), input, clock_());
  if (!calc.ok()) return calc.status();
  absl::Status written = db_.Write([&](storage::Connection& conn) -> absl::Status {
    if (!calc->customer_id.empty()) {
      absl::StatusOr<domain::Customer> customer =
          storage::GetCustomer(conn, ctx.account_id, calc->customer_id);
      if (!customer.ok()) return customer.status();
    }
    // Counted in the same transaction as the insert: racing calls cannot
    // both take the last place.
    ASSIGN_OR_RETURN(int64_t unfinished,
                     storage::CountUnfinishedRevenueCalculations(conn, ctx.account_id));
    if (unfinished >= queue_limit_) {
      return domain::Error(
          domain::ErrorCode::kRevenueQueueFull,
          absl::StrCat("this account already has ", unfinished,
                       " revenue calculations queued or running (the limit is ", queue_limit_,
                       "); wait for some to finish"));
    }
    return storage::InsertRevenueCalculation(conn, *calc);
  });
  if (!written.ok()) return written;
  if (worker_ != nullptr) worker_->Notify();
  return calc;
}

absl::StatusOr<RevenueCalculation> RevenueCalculations::Get(const CallContext& ctx,
                                                            std::string_view id) {
  RETURN_IF_ERROR(RequireId("revenue_calculation_id", id, domain::kRevenueCalculationIdPrefix));
  absl::StatusOr<RevenueCalculation> calc;
  absl::Status read = db_.Read([&](storage::Connection& conn) {
    calc = storage::GetRevenueCalculation(conn, ctx.account_id, id);
    return calc.status();
  });
  if (!read.ok()) return read;
  return calc;
}

absl::StatusOr<domain::Page<RevenueCalculation>> RevenueCalculations::List(
    const CallContext& ctx, int page, int page_size) {
  absl::StatusOr<domain::PageRequest> request = domain::MakePageRequest(page, page_size);
  if (!request.ok()) return request.status();
  absl::StatusOr<domain::Page<RevenueCalculation>> result;
  absl::Status read = db_.Read([&](storage::Connection& conn) {
    result = storage::ListRevenueCalculations(conn, ctx.account_id, *request);
    return result.status();
  });
  if (!read.ok()) return read;
  return result;
}

}  // namespace billing::app
