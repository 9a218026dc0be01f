// Revenue calculations: queued by a call, run by a background worker.
#ifndef BILLING_APP_REVENUE_CALCULATIONS_H_
#define BILLING_APP_REVENUE_CALCULATIONS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "app/call_context.h"
#include "app/ports/resource_encoder.h"
#include "domain/aging.h"
#include "domain/paging.h"
#include "domain/revenue.h"
#include "domain/tax_report.h"
#include "app/ports/store.h"

namespace billing::app {

// Runs queued calculations on `workers` threads, fairly across accounts:
// round robin by account (each account's oldest first), so that one
// account's thousand calculations cannot hold back another's one. Because
// the queue is the database itself, calculations queued before a restart are
// picked up when the worker starts again (one left running by a crash once
// its claim runs out, after 5 minutes), and workers of several replicas on
// one database share it without storing one twice. A calculation reads from
// one snapshot outside any write transaction: it never holds up writes.
class RevenueWorker {
 public:
  // Each finished calculation records revenue_calculation.succeeded or
  // .failed through `encoder`, in the transaction that stores the outcome.
  RevenueWorker(Store& store, const ResourceEncoder& encoder, Clock clock,
                absl::Duration poll_interval = absl::Seconds(1), int workers = 1);
  ~RevenueWorker();  // Stops after the calculation in progress, if any.

  RevenueWorker(const RevenueWorker&) = delete;
  RevenueWorker& operator=(const RevenueWorker&) = delete;

  void Start();
  // Wakes the worker now rather than at its next poll.
  void Notify();
  void Stop();

  // Runs every unfinished calculation now, on the calling thread. Returns
  // the first storage error; a calculation that fails on its own is stored
  // as failed and is not an error here.
  absl::Status RunPending();

 private:
  // Runs the next calculation in the round; false when none is queued.
  absl::StatusOr<bool> RunNext();
  // Stores the calculation as failed because of `cause` (not a transient
  // one), in a transaction of its own since the one that failed is undone.
  absl::StatusOr<bool> StoreFailure(const std::string& account_id, const std::string& id,
                                    const absl::Status& cause);
  void Loop();

  Store& store_;
  const ResourceEncoder& encoder_;
  Clock clock_;
  absl::Duration poll_interval_;
  int workers_;
  absl::Mutex mu_;
  uint64_t wake_generation_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // The account served last: the next claim starts after it.
  std::string last_account_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> threads_;
};

// How many queued (or running) calculations one account may have; more is
// REVENUE_QUEUE_FULL.
inline constexpr int kDefaultRevenueQueueLimit = 100;

// The tax report of a period (GetTaxReport).
struct TaxReport {
  domain::ReportPeriod period;
  std::vector<domain::CurrencyTaxReport> results;  // by currency code
};

// The receivables aging report as of a day (GetReceivablesAging).
struct ReceivablesAging {
  absl::CivilDay as_of;
  std::vector<domain::CurrencyAging> results;  // by currency code
};

class RevenueCalculations {
 public:
  RevenueCalculations(Store& store, Clock clock, RevenueWorker* worker,
                      int queue_limit = kDefaultRevenueQueueLimit)
      : store_(store), clock_(std::move(clock)), worker_(worker), queue_limit_(queue_limit) {}

  // Stores the calculation as queued and wakes the worker; REVENUE_QUEUE_FULL
  // when the account already has queue_limit unfinished.
  absl::StatusOr<domain::RevenueCalculation> Create(
      const CallContext& ctx, const domain::RevenueCalculationInput& input);
  absl::StatusOr<domain::RevenueCalculation> Get(const CallContext& ctx, std::string_view id);
  absl::StatusOr<domain::Page<domain::RevenueCalculation>> List(const CallContext& ctx,
                                                                int page, int page_size,
                                                                std::string_view page_token = {});

  // Computed at once from one read snapshot (never holding up writes): the
  // invoices processed, credited or cancelled in the period, each line
  // under its rate's current country. VALIDATION_ERROR naming period_start
  // or period_end as for a calculation.
  absl::StatusOr<TaxReport> GetTaxReport(const CallContext& ctx, std::string_view period_start,
                                         std::string_view period_end);

  // What is open as of the end of `as_of` (YYYY-MM-DD) in the organization's
  // zone, from the ledger alone on one read snapshot (never holding up
  // writes): entries written later, such as a later payment, do not count.
  // Only `currency` when not empty. VALIDATION_ERROR naming as_of or currency.
  absl::StatusOr<ReceivablesAging> GetReceivablesAging(const CallContext& ctx,
                                                       std::string_view as_of,
                                                       std::string_view currency);

 private:
  Store& store_;
  Clock clock_;
  RevenueWorker* worker_;  // may be null (tests run the queue by hand)
  int queue_limit_;
};

}  // namespace billing::app

#endif  // BILLING_APP_REVENUE_CALCULATIONS_H_
