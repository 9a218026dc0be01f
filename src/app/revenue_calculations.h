// Revenue calculations: queued by a call, run by a background worker.
#ifndef BILLING_APP_REVENUE_CALCULATIONS_H_
#define BILLING_APP_REVENUE_CALCULATIONS_H_

#include <string>
#include <string_view>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "app/call_context.h"
#include "domain/paging.h"
#include "domain/revenue.h"
#include "app/ports/store.h"

namespace billing::app {

// Runs queued calculations one at a time, oldest first. Because the queue is
// the database itself, calculations queued before a restart (or left running
// by a crash) are picked up when the worker starts again, and workers of
// several replicas on one database share it without running one twice.
class RevenueWorker {
 public:
  RevenueWorker(Store& store, Clock clock,
                absl::Duration poll_interval = absl::Seconds(1));
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
  // Runs the oldest unfinished calculation; false when there was none.
  absl::StatusOr<bool> RunNext();
  // Stores the calculation as failed because of `cause` (not a transient
  // one), in a transaction of its own since the one that failed is undone.
  absl::StatusOr<bool> StoreFailure(const std::string& account_id, const std::string& id,
                                    const absl::Status& cause);
  void Loop();

  Store& store_;
  Clock clock_;
  absl::Duration poll_interval_;
  absl::Mutex mu_;
  bool wake_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

class RevenueCalculations {
 public:
  RevenueCalculations(Store& store, Clock clock, RevenueWorker* worker)
      : store_(store), clock_(std::move(clock)), worker_(worker) {}

  // Stores the calculation as queued and wakes the worker.
  absl::StatusOr<domain::RevenueCalculation> Create(
      const CallContext& ctx, const domain::RevenueCalculationInput& input);
  absl::StatusOr<domain::RevenueCalculation> Get(const CallContext& ctx, std::string_view id);
  absl::StatusOr<domain::Page<domain::RevenueCalculation>> List(const CallContext& ctx,
                                                                int page, int page_size);

 private:
  Store& store_;
  Clock clock_;
  RevenueWorker* worker_;  // may be null (tests run the queue by hand)
};

}  // namespace billing::app

#endif  // BILLING_APP_REVENUE_CALCULATIONS_H_
