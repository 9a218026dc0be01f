// Events: recorded by every use case that changes state, in its own
// transaction (RecordEvent), read back by the API (Events), and purged once
// older than the retention period.
#ifndef BILLING_APP_EVENTS_H_
#define BILLING_APP_EVENTS_H_

#include <cstdint>
#include <functional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/call_context.h"
#include "app/ports/event_repository.h"
#include "app/ports/resource_encoder.h"
#include "app/ports/store.h"
#include "domain/event.h"
#include "domain/invoice.h"
#include "domain/paging.h"

namespace billing::app {

// Writes a `type` event about `resource` (as the API shows it, through
// `encoder`) into `tx`, so that it commits or rolls back with the change.
absl::Status RecordEvent(Transaction& tx, const ResourceEncoder& encoder,
                         std::string_view account_id, std::string_view type,
                         std::string_view resource_id, const EncodedResource& resource,
                         absl::Time now);

// The same with the resource's REST JSON already made (`data_json`).
absl::Status RecordEvent(Transaction& tx, std::string_view account_id, std::string_view type,
                         std::string_view resource_id, std::string data_json, absl::Time now);

// After a payment or credit note changed `invoice`'s amounts: invoice.paid
// when that settled it (it was `before`, it is paid now), invoice.updated
// otherwise, so that a subscriber mirroring invoices sees every amountDue.
absl::Status RecordInvoiceAmountsChanged(Transaction& tx, const ResourceEncoder& encoder,
                                         const domain::Invoice& invoice,
                                         domain::InvoiceStatus before, absl::Time now);

// Queues `event` to every enabled endpoint of its account subscribed to its
// type, due `now`; how many.
absl::StatusOr<int> QueueDeliveries(Transaction& tx, const domain::Event& event, absl::Time now);

struct RedeliveredEvent {
  domain::Event event;
  int queued_deliveries = 0;
};

class Events {
 public:
  // `on_queued`, when set, is called after a redelivery commits (it wakes
  // the webhook dispatcher).
  explicit Events(Store& store, Clock clock = SystemClock(),
                  std::function<void()> on_queued = nullptr)
      : store_(store), clock_(std::move(clock)), on_queued_(std::move(on_queued)) {}

  absl::StatusOr<domain::Event> Get(const CallContext& ctx, std::string_view event_id);
  // Newest first (events of one transaction: the last written first).
  // VALIDATION_ERROR on "type" for an unknown type, on "resource_id" for a
  // value that cannot be an id, on "page_token" for a token this list with
  // these filters and page size did not give out (domain::MakePageRequest).
  absl::StatusOr<domain::Page<domain::Event>> List(const CallContext& ctx, int page,
                                                   int page_size, const EventFilter& filter,
                                                   std::string_view page_token = {});
  // Queues the event again to its subscribed endpoints, due now.
  absl::StatusOr<RedeliveredEvent> Redeliver(const CallContext& ctx, std::string_view event_id);
  // Deletes every account's events created before `cutoff`, in batches of
  // `batch` rows (one short write transaction each); how many in all.
  absl::StatusOr<int64_t> Purge(absl::Time cutoff, int batch = 500);

 private:
  Store& store_;
  Clock clock_;
  std::function<void()> on_queued_;
};

}  // namespace billing::app

#endif  // BILLING_APP_EVENTS_H_
