#include "app/webhook_dispatcher.h"

#include <optional>
#include <utility>

#include "common/status_macros.h"
#include "domain/error.h"
#include "log/json_log.h"

namespace billing::app {

WebhookDispatcher::WebhookDispatcher(Store& store, WebhookSender& sender,
                                     const ResourceEncoder& encoder, Clock clock,
                                     DispatcherOptions options)
    : store_(store),
      sender_(sender),
      encoder_(encoder),
      clock_(std::move(clock)),
      options_(std::move(options)) {}

WebhookDispatcher::~WebhookDispatcher() { Stop(); }

void WebhookDispatcher::Start() {
  if (!threads_.empty()) return;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = false;
  }
  threads_.emplace_back([this] { Schedule(); });
  for (int i = 0; i < std::max(1, options_.workers); ++i) {
    threads_.emplace_back([this] { Work(); });
  }
}

void WebhookDispatcher::Notify() {
  absl::MutexLock lock(&mu_);
  wake_ = true;
}

void WebhookDispatcher::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  // Claimed but not attempted: their leases run out and they come due again.
  absl::MutexLock lock(&mu_);
  jobs_.clear();
  in_flight_.clear();
}

void WebhookDispatcher::Schedule() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto woken = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || wake_; };
      mu_.AwaitWithTimeout(absl::Condition(&woken), options_.poll_interval);
      if (stopping_) return;
      wake_ = false;
    }
    ClaimDue();
  }
}

void WebhookDispatcher::ClaimDue() {
  while (true) {
    std::vector<std::string> busy;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_ || idle_workers_ <= static_cast<int>(jobs_.size())) return;
      for (const auto& [endpoint, count] : in_flight_) {
        if (count >= options_.per_endpoint) busy.push_back(endpoint);
      }
    }
    std::optional<domain::WebhookDelivery> claimed;
    const absl::Time now = clock_();
    const absl::Status status = store_.Write([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(claimed,
                       tx.webhooks().ClaimDueDelivery(now, now + options_.lease, busy));
      return absl::OkStatus();
    });
    if (!status.ok()) {
      log::Warning("webhook queue unreadable; retried at the next poll",
                   {log::Str("error", status.ToString())});
      return;
    }
    if (!claimed.has_value()) return;
    absl::MutexLock lock(&mu_);
    ++in_flight_[claimed->endpoint_id];
    jobs_.push_back(Job{*std::move(claimed)});
  }
}

void WebhookDispatcher::Work() {
  while (true) {
    Job job;
    {
      absl::MutexLock lock(&mu_);
      ++idle_workers_;
      wake_ = true;  // a free worker: the scheduler may claim more
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || !jobs_.empty();
      };
      mu_.Await(absl::Condition(&ready));
      --idle_workers_;
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    const std::string endpoint_id = job.delivery.endpoint_id;
    Attempt(std::move(job.delivery));
    absl::MutexLock lock(&mu_);
    if (--in_flight_[endpoint_id] <= 0) in_flight_.erase(endpoint_id);
  }
}

void WebhookDispatcher::Attempt(domain::WebhookDelivery delivery) {
  std::optional<domain::WebhookEndpoint> endpoint;
  std::optional<domain::Event> event;
  absl::Status read = store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(endpoint, tx.webhooks().GetEndpoint(delivery.account_id,
                                                        delivery.endpoint_id));
    absl::StatusOr<domain::Event> found = tx.events().Get(delivery.account_id, delivery.event_id);
    if (found.ok()) event = *std::move(found);
    if (domain::ErrorCodeOf(found.status()) == domain::ErrorCode::kEventNotFound) {
      return absl::OkStatus();
    }
    return found.status();
  });
  if (domain::ErrorCodeOf(read) == domain::ErrorCode::kWebhookEndpointNotFound) return;
  if (!read.ok()) return;  // the lease runs out and it is tried again
  if (!endpoint->enabled) {
    // Disabled (by a person, or for failing 3 days) while this was queued.
    Record(std::move(delivery), 0, "the endpoint is disabled", false, false).IgnoreError();
    return;
  }
  if (!event.has_value()) {
    Record(std::move(delivery), 0, "the event is no longer kept", false, false).IgnoreError();
    return;
  }
  const WebhookMessage message{
      .url = endpoint->url,
      .event_id = event->id,
      .event_type = event->type,
      .body = encoder_.EventJson(*event),
      .secrets = domain::LiveSecrets(*endpoint, clock_()),
  };
  absl::StatusOr<WebhookAttempt> attempt = sender_.Send(message);
  absl::Status recorded;
  if (!attempt.ok()) {
    // The message itself is unusable (for example a URL that no longer
    // parses): retrying cannot help.
    recorded = Record(std::move(delivery), 0, std::string(attempt.status().message()), false,
                      false);
  } else {
    recorded = Record(std::move(delivery), attempt->status_code, attempt->error,
                      attempt->delivered, true);
  }
  if (!recorded.ok()) {
    log::Warning("webhook outcome not stored; the delivery is tried again",
                 {log::Str("error", recorded.ToString())});
  }
}

absl::Status WebhookDispatcher::Record(domain::WebhookDelivery delivery, int status_code,
                                       std::string error, bool delivered, bool retryable) {
  const absl::Time now = clock_();
  delivery.attempts += 1;
  delivery.last_status_code = status_code;
  delivery.last_error = delivered ? "" : std::move(error);
  if (delivered) {
    delivery.status = domain::DeliveryStatus::kSucceeded;
    delivery.next_attempt_time.reset();
    delivery.complete_time = now;
  } else {
    std::optional<absl::Time> next;
    if (retryable) {
      absl::MutexLock lock(&mu_);
      next = domain::NextAttemptTime(options_.retry, delivery.attempts, delivery.create_time, now,
                                     random_);
    }
    delivery.next_attempt_time = next;
    if (!next.has_value()) {
      delivery.status = domain::DeliveryStatus::kFailed;
      delivery.complete_time = now;
    }
  }
  return store_.Write([&](Transaction& tx) -> absl::Status {
    absl::StatusOr<domain::WebhookEndpoint> endpoint =
        tx.webhooks().GetEndpoint(delivery.account_id, delivery.endpoint_id);
    if (domain::ErrorCodeOf(endpoint.status()) == domain::ErrorCode::kWebhookEndpointNotFound) {
      return absl::OkStatus();  // deleted meanwhile, with its deliveries
    }
    RETURN_IF_ERROR(endpoint.status());
    RETURN_IF_ERROR(tx.webhooks().UpdateDelivery(delivery));
    bool changed = false;
    if (delivered) {
      changed = endpoint->failing_since.has_value();
      endpoint->failing_since.reset();
    } else if (!endpoint->failing_since.has_value()) {
      endpoint->failing_since = now;
      changed = true;
    } else if (endpoint->enabled && now - *endpoint->failing_since >= options_.disable_after) {
      endpoint->enabled = false;
      endpoint->disabled_reason = "every delivery failed for 3 days";
      endpoint->disable_time = now;
      changed = true;
      log::Warning("webhook endpoint disabled: every delivery failed for 3 days",
                   {log::Str("webhook_endpoint_id", endpoint->id)});
    }
    if (!changed) return absl::OkStatus();
    return tx.webhooks().UpdateEndpoint(*endpoint);
  });
}

}  // namespace billing::app
