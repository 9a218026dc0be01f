// Delivers queued webhooks: at least once, each attempt signed and bounded
// (the WebhookSender), retried on the domain's schedule for 3 days, state in
// the database so that nothing is lost to a restart or a kill -9.
//
// One scheduler thread claims due deliveries (a short write transaction
// each: the row's next_attempt_time moves to a lease, so another replica
// does not take it, and a worker that dies lets it come due again) and hands
// them to `workers` sender threads; no transaction is open while a request
// is in flight. At most `per_endpoint` attempts run at once for one
// endpoint, so a slow or dead endpoint holds at most that many threads and
// never delays the others.
#ifndef BILLING_APP_WEBHOOK_DISPATCHER_H_
#define BILLING_APP_WEBHOOK_DISPATCHER_H_

#include <deque>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "app/call_context.h"
#include "app/ports/notifications.h"
#include "app/ports/resource_encoder.h"
#include "app/ports/store.h"
#include "domain/retry_schedule.h"
#include "domain/webhook.h"

namespace billing::app {

struct DispatcherOptions {
  int workers = 8;
  int per_endpoint = 2;
  // How often the queue is looked at when nothing woke the dispatcher.
  absl::Duration poll_interval = absl::Milliseconds(500);
  // A claimed delivery is due again after this if its worker vanished;
  // longer than an attempt can take (the sender's 10 s timeout).
  absl::Duration lease = absl::Seconds(60);
  domain::RetryPolicy retry;
  // Every delivery failed for this long: the endpoint is disabled.
  absl::Duration disable_after = domain::kDisableAfterFailing;
};

class WebhookDispatcher {
 public:
  WebhookDispatcher(Store& store, WebhookSender& sender, const ResourceEncoder& encoder,
                    Clock clock, DispatcherOptions options = {});
  ~WebhookDispatcher();  // Stop()

  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  void Start();
  // Looks at the queue now rather than at the next poll.
  void Notify();
  // Waits for the attempts in flight (each bounded by the sender's timeout).
  void Stop();

 private:
  struct Job {
    domain::WebhookDelivery delivery;
  };

  void Schedule();
  void Work();
  // Claims due deliveries while a worker is free; false on a storage error.
  void ClaimDue();
  void Attempt(domain::WebhookDelivery delivery);
  // Stores the attempt's outcome on the delivery and its endpoint.
  absl::Status Record(domain::WebhookDelivery delivery, int status_code, std::string error,
                      bool delivered, bool retryable);

  Store& store_;
  WebhookSender& sender_;
  const ResourceEncoder& encoder_;
  Clock clock_;
  DispatcherOptions options_;

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool wake_ ABSL_GUARDED_BY(mu_) = false;
  std::deque<Job> jobs_ ABSL_GUARDED_BY(mu_);
  int idle_workers_ ABSL_GUARDED_BY(mu_) = 0;
  // Attempts claimed or running, by endpoint id.
  absl::flat_hash_map<std::string, int> in_flight_ ABSL_GUARDED_BY(mu_);
  std::mt19937_64 random_ ABSL_GUARDED_BY(mu_){std::random_device{}()};
  std::vector<std::thread> threads_;
};

}  // namespace billing::app

#endif  // BILLING_APP_WEBHOOK_DISPATCHER_H_
