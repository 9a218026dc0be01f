// Webhook endpoints and their deliveries.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/text.h"
#include "storage/sql/list_paging.h"
#include "storage/sql/repositories.h"

namespace billing::storage::sql {
namespace {

using domain::ErrorCode;

#define ENDPOINT_COLUMNS                                                                 \
  "account_id, id, url, event_types, description, enabled, secret, previous_secret, "   \
  "{micros:previous_secret_expire_time}, {micros:failing_since}, disabled_reason, "     \
  "{micros:disable_time}, {micros:create_time}, {micros:update_time}"

#define DELIVERY_COLUMNS                                                                   \
  "account_id, id, endpoint_id, event_id, event_type, status, attempts, last_status_code, " \
  "last_error, {micros:next_attempt_time}, {micros:create_time}, {micros:complete_time}"

absl::Status EndpointNotFound(std::string_view id) {
  return domain::Error(ErrorCode::kWebhookEndpointNotFound,
                       absl::StrCat("webhook endpoint ", domain::Av(id), " not found"));
}

// Binds every column of ENDPOINT_COLUMNS as ?1..?14.
void BindEndpoint(Statement& s, const domain::WebhookEndpoint& e) {
  s.BindText(1, e.account_id)
      .BindText(2, e.id)
      .BindText(3, e.url)
      .BindText(4, absl::StrJoin(e.event_types, ","))
      .BindText(5, e.description)
      .BindBool(6, e.enabled)
      .BindText(7, e.secret)
      .BindText(8, e.previous_secret)
      .BindOptionalTime(9, e.previous_secret_expire_time)
      .BindOptionalTime(10, e.failing_since)
      .BindText(11, e.disabled_reason)
      .BindOptionalTime(12, e.disable_time)
      .BindTime(13, e.create_time)
      .BindTime(14, e.update_time);
}

absl::StatusOr<domain::WebhookEndpoint> ReadEndpoint(const Statement& row) {
  return domain::WebhookEndpoint{
      .account_id = row.Text(0),
      .id = row.Text(1),
      .url = row.Text(2),
      .event_types = absl::StrSplit(row.Text(3), ',', absl::SkipEmpty()),
      .description = row.Text(4),
      .enabled = row.Bool(5),
      .secret = row.Text(6),
      .previous_secret = row.Text(7),
      .previous_secret_expire_time = row.OptionalTime(8),
      .failing_since = row.OptionalTime(9),
      .disabled_reason = row.Text(10),
      .disable_time = row.OptionalTime(11),
      .create_time = row.Time(12),
      .update_time = row.Time(13),
  };
}

// Binds every column of DELIVERY_COLUMNS as ?1..?12.
void BindDelivery(Statement& s, const domain::WebhookDelivery& d) {
  s.BindText(1, d.account_id)
      .BindText(2, d.id)
      .BindText(3, d.endpoint_id)
      .BindText(4, d.event_id)
      .BindText(5, d.event_type)
      .BindText(6, domain::DeliveryStatusName(d.status))
      .BindInt64(7, d.attempts)
      .BindInt64(8, d.last_status_code)
      .BindText(9, d.last_error)
      .BindOptionalTime(10, d.next_attempt_time)
      .BindTime(11, d.create_time)
      .BindOptionalTime(12, d.complete_time);
}

absl::StatusOr<domain::WebhookDelivery> ReadDelivery(const Statement& row) {
  return domain::WebhookDelivery{
      .account_id = row.Text(0),
      .id = row.Text(1),
      .endpoint_id = row.Text(2),
      .event_id = row.Text(3),
      .event_type = row.Text(4),
      .status = domain::DeliveryStatusFromName(row.Text(5))
                    .value_or(domain::DeliveryStatus::kFailed),
      .attempts = static_cast<int>(row.Int64(6)),
      .last_status_code = static_cast<int>(row.Int64(7)),
      .last_error = row.Text(8),
      .next_attempt_time = row.OptionalTime(9),
      .create_time = row.Time(10),
      .complete_time = row.OptionalTime(11),
  };
}

}  // namespace

absl::Status Webhooks::InsertEndpoint(const domain::WebhookEndpoint& endpoint) {
  enabled_.reset();
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> insert,
                   s_.Prepare("INSERT INTO webhook_endpoints (account_id, id, url, event_types, "
                              "description, enabled, secret, previous_secret, "
                              "{time:previous_secret_expire_time}, {time:failing_since}, "
                              "disabled_reason, {time:disable_time}, {time:create_time}, "
                              "{time:update_time}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                              "?10, ?11, ?12, ?13, ?14)"));
  BindEndpoint(*insert, endpoint);
  absl::Status status = insert->Run();
  if (s_.dialect().IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("webhook endpoint ", endpoint.id, " already exists"));
  }
  return status;
}

absl::Status Webhooks::UpdateEndpoint(const domain::WebhookEndpoint& endpoint) {
  enabled_.reset();
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> update,
      s_.Prepare("UPDATE webhook_endpoints SET url = ?3, event_types = ?4, description = ?5, "
                 "enabled = ?6, secret = ?7, previous_secret = ?8, "
                 "{time:previous_secret_expire_time} = ?9, {time:failing_since} = ?10, "
                 "disabled_reason = ?11, {time:disable_time} = ?12, {time:create_time} = ?13, "
                 "{time:update_time} = ?14 WHERE account_id = ?1 AND id = ?2"));
  BindEndpoint(*update, endpoint);
  RETURN_IF_ERROR(update->Run());
  if (update->changed_rows() == 0) return EndpointNotFound(endpoint.id);
  return absl::OkStatus();
}

absl::StatusOr<domain::WebhookEndpoint> Webhooks::GetEndpoint(std::string_view account_id,
                                                              std::string_view endpoint_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT " ENDPOINT_COLUMNS " FROM webhook_endpoints "
                              "WHERE account_id = ?1 AND id = ?2{lock:no_key_update}"));
  query->BindText(1, account_id).BindText(2, endpoint_id);
  ASSIGN_OR_RETURN(bool row, query->Step());
  if (!row) return EndpointNotFound(endpoint_id);
  return ReadEndpoint(*query);
}

absl::Status Webhooks::DeleteEndpoint(std::string_view account_id, std::string_view endpoint_id) {
  enabled_.reset();
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> remove,
                   s_.Prepare("DELETE FROM webhook_endpoints WHERE account_id = ?1 AND id = ?2"));
  remove->BindText(1, account_id).BindText(2, endpoint_id);
  RETURN_IF_ERROR(remove->Run());
  if (remove->changed_rows() == 0) return EndpointNotFound(endpoint_id);
  return absl::OkStatus();
}

absl::StatusOr<domain::Page<domain::WebhookEndpoint>> Webhooks::ListEndpoints(
    std::string_view account_id, const domain::PageRequest& page) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT " ENDPOINT_COLUMNS " FROM webhook_endpoints"
                              " WHERE account_id = ?1 ORDER BY {time:create_time}, id"
                              " LIMIT ?2 OFFSET ?3"));
  query->BindText(1, account_id).BindInt64(2, page.page_size).BindInt64(3, page.offset());
  domain::Page<domain::WebhookEndpoint> result{.request = page};
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) break;
    ASSIGN_OR_RETURN(domain::WebhookEndpoint endpoint, ReadEndpoint(*query));
    result.items.push_back(std::move(endpoint));
  }
  Params params;
  const std::string where = absl::StrCat(" WHERE account_id = ", params.Text(account_id));
  ASSIGN_OR_RETURN(result.total_items, CountRows(s_, "webhook_endpoints", where, params));
  return result;
}

absl::StatusOr<std::vector<domain::WebhookEndpoint>> Webhooks::ListEnabledEndpoints(
    std::string_view account_id) {
  // Every event of a transaction asks: one round trip, not one per event
  // (processing records two while it holds the customer's balance).
  if (enabled_.has_value() && enabled_->first == account_id) return enabled_->second;
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT " ENDPOINT_COLUMNS " FROM webhook_endpoints"
                              " WHERE account_id = ?1 AND enabled = TRUE"
                              " ORDER BY {time:create_time}, id"));
  query->BindText(1, account_id);
  std::vector<domain::WebhookEndpoint> endpoints;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) break;
    ASSIGN_OR_RETURN(domain::WebhookEndpoint endpoint, ReadEndpoint(*query));
    endpoints.push_back(std::move(endpoint));
  }
  enabled_.emplace(std::string(account_id), endpoints);
  return endpoints;
}

absl::Status Webhooks::InsertDelivery(const domain::WebhookDelivery& delivery) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> insert,
                   s_.Prepare("INSERT INTO webhook_deliveries (account_id, id, endpoint_id, "
                              "event_id, event_type, status, attempts, last_status_code, "
                              "last_error, {time:next_attempt_time}, {time:create_time}, "
                              "{time:complete_time}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                              "?9, ?10, ?11, ?12)"));
  BindDelivery(*insert, delivery);
  return insert->Run();
}

absl::Status Webhooks::UpdateDelivery(const domain::WebhookDelivery& delivery) {
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> update,
      s_.Prepare("UPDATE webhook_deliveries SET endpoint_id = ?3, event_id = ?4, "
                 "event_type = ?5, status = ?6, attempts = ?7, last_status_code = ?8, "
                 "last_error = ?9, {time:next_attempt_time} = ?10, {time:create_time} = ?11, "
                 "{time:complete_time} = ?12 WHERE account_id = ?1 AND id = ?2"));
  BindDelivery(*update, delivery);
  return update->Run();
}

absl::StatusOr<domain::Page<domain::WebhookDelivery>> Webhooks::ListDeliveries(
    std::string_view account_id, std::string_view endpoint_id, const domain::PageRequest& page) {
  Params params;
  std::string where = absl::StrCat(" WHERE account_id = ", params.Text(account_id));
  absl::StrAppend(&where, " AND endpoint_id = ", params.Text(endpoint_id));
  return SelectPage<domain::WebhookDelivery>(s_, DELIVERY_COLUMNS, "webhook_deliveries", where,
                                             /*newest_first=*/true, std::move(params), page,
                                             ReadDelivery, TieBreak::kWriteOrder);
}

absl::StatusOr<std::optional<domain::WebhookDelivery>> Webhooks::ClaimDueDelivery(
    absl::Time now, absl::Time lease_until, const std::vector<std::string>& busy_endpoint_ids) {
  // SKIP LOCKED: a row another replica is claiming right now is passed over,
  // never waited for (SQLite's one writer: nothing else can claim meanwhile).
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> query,
      s_.Prepare("SELECT d.account_id, d.id, d.endpoint_id, d.event_id, d.event_type, d.status, "
                 "d.attempts, d.last_status_code, d.last_error, {micros:d.next_attempt_time}, "
                 "{micros:d.create_time}, {micros:d.complete_time} FROM webhook_deliveries d "
                 "WHERE d.status = 'pending' AND {time:d.next_attempt_time} <= ?1 "
                 "AND {not_in_list:d.endpoint_id:2} "
                 "ORDER BY {time:d.next_attempt_time} LIMIT 1{lock:no_key_update_skip_locked}"));
  query->BindTime(1, now).BindText(2, absl::StrJoin(busy_endpoint_ids, ","));
  ASSIGN_OR_RETURN(bool row, query->Step());
  if (!row) return std::nullopt;
  ASSIGN_OR_RETURN(domain::WebhookDelivery delivery, ReadDelivery(*query));
  delivery.next_attempt_time = lease_until;
  RETURN_IF_ERROR(UpdateDelivery(delivery));
  return delivery;
}

}  // namespace billing::storage::sql
