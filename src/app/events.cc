#include "app/events.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "app/customers.h"
#include "app/idempotency.h"
#include "app/page_tokens.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/ids.h"
#include "domain/webhook.h"

namespace billing::app {

absl::StatusOr<int> QueueDeliveries(Transaction& tx, const domain::Event& event, absl::Time now) {
  ASSIGN_OR_RETURN(std::vector<domain::WebhookEndpoint> endpoints,
                   tx.webhooks().ListEnabledEndpoints(event.account_id));
  int queued = 0;
  for (const domain::WebhookEndpoint& endpoint : endpoints) {
    if (!domain::Subscribes(endpoint, event.type)) continue;
    RETURN_IF_ERROR(tx.webhooks().InsertDelivery(domain::WebhookDelivery{
        .account_id = event.account_id,
        .id = domain::NewId(domain::kWebhookDeliveryIdPrefix),
        .endpoint_id = endpoint.id,
        .event_id = event.id,
        .event_type = event.type,
        .status = domain::DeliveryStatus::kPending,
        .next_attempt_time = now,
        .create_time = now,
    }));
    ++queued;
  }
  return queued;
}

absl::Status RecordEvent(Transaction& tx, const ResourceEncoder& encoder,
                         std::string_view account_id, std::string_view type,
                         std::string_view resource_id, const EncodedResource& resource,
                         absl::Time now) {
  return RecordEvent(tx, account_id, type, resource_id, encoder.RestJson(resource), now);
}

absl::Status RecordEvent(Transaction& tx, std::string_view account_id, std::string_view type,
                         std::string_view resource_id, std::string data_json, absl::Time now) {
  const domain::Event event{
      .account_id = std::string(account_id),
      .id = domain::NewId(domain::kEventIdPrefix),
      .type = std::string(type),
      .resource_id = std::string(resource_id),
      .data_json = std::move(data_json),
      .create_time = now,
  };
  RETURN_IF_ERROR(tx.events().Insert(event));
  // In the same transaction: an event that commits is sure to be delivered.
  return QueueDeliveries(tx, event, now).status();
}

absl::StatusOr<domain::Event> Events::Get(const CallContext& ctx, std::string_view event_id) {
  RETURN_IF_ERROR(RequireId("event_id", event_id, domain::kEventIdPrefix));
  std::optional<domain::Event> event;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(event, tx.events().Get(ctx.account_id, event_id));
    return absl::OkStatus();
  }));
  return *std::move(event);
}

absl::StatusOr<domain::Page<domain::Event>> Events::List(const CallContext& ctx, int page,
                                                         int page_size, const EventFilter& filter,
                                                         std::string_view page_token) {
  if (!filter.type.empty() && !domain::IsEventType(filter.type)) {
    return domain::ValidationError("type", "is not an event type (for example invoice.processed)");
  }
  if (!filter.resource_id.empty()) RETURN_IF_ERROR(RequireId("resource_id", filter.resource_id));
  // A token continues only the list it was made for: same filters. Both
  // are checked above, so neither holds the '/' that separates them.
  const std::string list_key =
      absl::StrCat("events/t=", filter.type, "/r=", filter.resource_id);
  ASSIGN_OR_RETURN(domain::PageRequest request,
                   MakeListPageRequest(store_, ctx, page, page_size, page_token, list_key));
  std::optional<domain::Page<domain::Event>> result;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(result, tx.events().List(ctx.account_id, filter, request));
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(SetSealedNextPageToken(store_, ctx, *result, list_key));
  return *std::move(result);
}

absl::StatusOr<RedeliveredEvent> Events::Redeliver(const CallContext& ctx,
                                                   std::string_view event_id) {
  RETURN_IF_ERROR(RequireId("event_id", event_id, domain::kEventIdPrefix));
  std::optional<RedeliveredEvent> result;
  // A retry with its key returns here: nothing queued twice, no wake-up.
  RETURN_IF_ERROR(WriteOnce(store_, ctx, result, [&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(domain::Event event, tx.events().Get(ctx.account_id, event_id));
    ASSIGN_OR_RETURN(int queued, QueueDeliveries(tx, event, clock_()));
    result = RedeliveredEvent{std::move(event), queued};
    return absl::OkStatus();
  }));
  if (on_queued_) on_queued_();
  return *std::move(result);
}

absl::StatusOr<int64_t> Events::Purge(absl::Time cutoff, int batch) {
  int64_t total = 0;
  while (true) {
    int64_t deleted = 0;
    RETURN_IF_ERROR(store_.Write([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(deleted, tx.events().DeleteCreatedBefore(cutoff, batch));
      return absl::OkStatus();
    }));
    total += deleted;
    if (deleted < batch) return total;
  }
}

absl::Status RecordInvoiceAmountsChanged(Transaction& tx, const ResourceEncoder& encoder,
                                         const domain::Invoice& invoice,
                                         domain::InvoiceStatus before, absl::Time now) {
  const bool settled = invoice.status == domain::InvoiceStatus::kPaid && before != invoice.status;
  return RecordEvent(tx, encoder, invoice.account_id,
                     settled ? domain::kInvoicePaid : domain::kInvoiceUpdated, invoice.id,
                     encoder.Encode(invoice), now);
}

}  // namespace billing::app
