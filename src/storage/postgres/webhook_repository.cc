// Webhook endpoints and deliveries in PostgreSQL.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
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

#define ENDPOINT_COLUMNS                                                                  \
  "account_id, id, url, event_types, description, enabled, secret, previous_secret, "    \
  BILLING_PG_MICROS("previous_secret_expire_time") ", " BILLING_PG_MICROS(               \
      "failing_since") ", disabled_reason, " BILLING_PG_MICROS("disable_time") ", "       \
      BILLING_PG_MICROS("create_time") ", " BILLING_PG_MICROS("update_time")

#define DELIVERY_COLUMNS                                                                   \
  "account_id, id, endpoint_id, event_id, event_type, status, attempts, last_status_code, " \
  "last_error, " BILLING_PG_MICROS("next_attempt_time") ", " BILLING_PG_MICROS(            \
      "create_time") ", " BILLING_PG_MICROS("complete_time")

absl::Status EndpointNotFound(std::string_view id) {
  return domain::Error(ErrorCode::kWebhookEndpointNotFound,
                       absl::StrCat("webhook endpoint ", domain::Av(id), " not found"));
}

Params EndpointParams(const domain::WebhookEndpoint& e) {
  return {Text(e.account_id),
          Text(e.id),
          Text(e.url),
          Text(absl::StrJoin(e.event_types, ",")),
          Text(e.description),
          Text(e.enabled ? "true" : "false"),
          Text(e.secret),
          Text(e.previous_secret),
          OptionalTime(e.previous_secret_expire_time),
          OptionalTime(e.failing_since),
          Text(e.disabled_reason),
          OptionalTime(e.disable_time),
          Time(e.create_time),
          Time(e.update_time)};
}

domain::WebhookEndpoint ReadEndpoint(const PgResult& r, int row) {
  return domain::WebhookEndpoint{
      .account_id = r.Text(row, 0),
      .id = r.Text(row, 1),
      .url = r.Text(row, 2),
      .event_types = absl::StrSplit(r.Text(row, 3), ',', absl::SkipEmpty()),
      .description = r.Text(row, 4),
      .enabled = r.Text(row, 5) == "t",
      .secret = r.Text(row, 6),
      .previous_secret = r.Text(row, 7),
      .previous_secret_expire_time = TimeFromMicros(r.OptionalInt64(row, 8)),
      .failing_since = TimeFromMicros(r.OptionalInt64(row, 9)),
      .disabled_reason = r.Text(row, 10),
      .disable_time = TimeFromMicros(r.OptionalInt64(row, 11)),
      .create_time = TimeFromMicros(r.Int64(row, 12)),
      .update_time = TimeFromMicros(r.Int64(row, 13)),
  };
}

Params DeliveryParams(const domain::WebhookDelivery& d) {
  return {Text(d.account_id),
          Text(d.id),
          Text(d.endpoint_id),
          Text(d.event_id),
          Text(d.event_type),
          Text(domain::DeliveryStatusName(d.status)),
          Int(d.attempts),
          Int(d.last_status_code),
          Text(d.last_error),
          OptionalTime(d.next_attempt_time),
          Time(d.create_time),
          OptionalTime(d.complete_time)};
}

domain::WebhookDelivery ReadDelivery(const PgResult& r, int row) {
  return domain::WebhookDelivery{
      .account_id = r.Text(row, 0),
      .id = r.Text(row, 1),
      .endpoint_id = r.Text(row, 2),
      .event_id = r.Text(row, 3),
      .event_type = r.Text(row, 4),
      .status = domain::DeliveryStatusFromName(r.Text(row, 5))
                    .value_or(domain::DeliveryStatus::kFailed),
      .attempts = static_cast<int>(r.Int64(row, 6)),
      .last_status_code = static_cast<int>(r.Int64(row, 7)),
      .last_error = r.Text(row, 8),
      .next_attempt_time = TimeFromMicros(r.OptionalInt64(row, 9)),
      .create_time = TimeFromMicros(r.Int64(row, 10)),
      .complete_time = TimeFromMicros(r.OptionalInt64(row, 11)),
  };
}

}  // namespace

absl::Status PgWebhooks::InsertEndpoint(const domain::WebhookEndpoint& endpoint) {
  absl::Status status =
      c_.Query("INSERT INTO webhook_endpoints (account_id, id, url, event_types, description, "
               "enabled, secret, previous_secret, previous_secret_expire_time, failing_since, "
               "disabled_reason, disable_time, create_time, update_time) VALUES ($1, $2, $3, "
               "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
               EndpointParams(endpoint))
          .status();
  if (IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("webhook endpoint ", endpoint.id, " already exists"));
  }
  return status;
}

absl::Status PgWebhooks::UpdateEndpoint(const domain::WebhookEndpoint& endpoint) {
  ASSIGN_OR_RETURN(
      PgResult r,
      c_.Query("UPDATE webhook_endpoints SET url = $3, event_types = $4, description = $5, "
               "enabled = $6, secret = $7, previous_secret = $8, "
               "previous_secret_expire_time = $9, failing_since = $10, disabled_reason = $11, "
               "disable_time = $12, create_time = $13, update_time = $14 "
               "WHERE account_id = $1 AND id = $2",
               EndpointParams(endpoint)));
  if (r.affected() == 0) return EndpointNotFound(endpoint.id);
  return absl::OkStatus();
}

absl::StatusOr<domain::WebhookEndpoint> PgWebhooks::GetEndpoint(std::string_view account_id,
                                                                std::string_view endpoint_id) {
  ASSIGN_OR_RETURN(
      PgResult r,
      c_.Query(lock_ ? "SELECT " ENDPOINT_COLUMNS
                       " FROM webhook_endpoints WHERE account_id = $1 AND id = $2"
                       " FOR NO KEY UPDATE"
                     : "SELECT " ENDPOINT_COLUMNS
                       " FROM webhook_endpoints WHERE account_id = $1 AND id = $2",
               {Text(account_id), Text(endpoint_id)}));
  if (r.rows() == 0) return EndpointNotFound(endpoint_id);
  return ReadEndpoint(r, 0);
}

absl::Status PgWebhooks::DeleteEndpoint(std::string_view account_id,
                                        std::string_view endpoint_id) {
  ASSIGN_OR_RETURN(PgResult r,
                   c_.Query("DELETE FROM webhook_endpoints WHERE account_id = $1 AND id = $2",
                            {Text(account_id), Text(endpoint_id)}));
  if (r.affected() == 0) return EndpointNotFound(endpoint_id);
  return absl::OkStatus();
}

absl::StatusOr<domain::Page<domain::WebhookEndpoint>> PgWebhooks::ListEndpoints(
    std::string_view account_id, const domain::PageRequest& page) {
  ASSIGN_OR_RETURN(OffsetPage found,
                   SelectOffsetPage(c_, ENDPOINT_COLUMNS, "webhook_endpoints",
                                    " WHERE account_id = $1", "create_time, id",
                                    {Text(account_id)}, page));
  domain::Page<domain::WebhookEndpoint> result{.request = page,
                                               .total_items = found.total_items};
  for (int row = 0; row < found.result.rows(); ++row) {
    result.items.push_back(ReadEndpoint(found.result, row));
  }
  return result;
}

absl::StatusOr<std::vector<domain::WebhookEndpoint>> PgWebhooks::ListEnabledEndpoints(
    std::string_view account_id) {
  ASSIGN_OR_RETURN(PgResult r, c_.Query("SELECT " ENDPOINT_COLUMNS
                                        " FROM webhook_endpoints WHERE account_id = $1 AND "
                                        "enabled ORDER BY create_time, id",
                                        {Text(account_id)}));
  std::vector<domain::WebhookEndpoint> endpoints;
  for (int row = 0; row < r.rows(); ++row) endpoints.push_back(ReadEndpoint(r, row));
  return endpoints;
}

absl::Status PgWebhooks::InsertDelivery(const domain::WebhookDelivery& delivery) {
  return c_
      .Query("INSERT INTO webhook_deliveries (account_id, id, endpoint_id, event_id, event_type, "
             "status, attempts, last_status_code, last_error, next_attempt_time, create_time, "
             "complete_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
             DeliveryParams(delivery))
      .status();
}

absl::Status PgWebhooks::UpdateDelivery(const domain::WebhookDelivery& delivery) {
  return c_
      .Query("UPDATE webhook_deliveries SET endpoint_id = $3, event_id = $4, event_type = $5, "
             "status = $6, attempts = $7, last_status_code = $8, last_error = $9, "
             "next_attempt_time = $10, create_time = $11, complete_time = $12 "
             "WHERE account_id = $1 AND id = $2",
             DeliveryParams(delivery))
      .status();
}

absl::StatusOr<domain::Page<domain::WebhookDelivery>> PgWebhooks::ListDeliveries(
    std::string_view account_id, std::string_view endpoint_id, const domain::PageRequest& page) {
  ASSIGN_OR_RETURN(OffsetPage found,
                   SelectPage(c_, DELIVERY_COLUMNS, "webhook_deliveries",
                              " WHERE account_id = $1 AND endpoint_id = $2",
                              /*newest_first=*/true, {Text(account_id), Text(endpoint_id)}, page,
                              TieBreak::kWriteOrder));
  domain::Page<domain::WebhookDelivery> result{.request = page,
                                               .total_items = found.total_items};
  for (int row = 0; row < found.result.rows(); ++row) {
    result.items.push_back(ReadDelivery(found.result, row));
  }
  FinishPage(result);
  return result;
}

absl::StatusOr<std::optional<domain::WebhookDelivery>> PgWebhooks::ClaimDueDelivery(
    absl::Time now, absl::Time lease_until, const std::vector<std::string>& busy_endpoint_ids) {
  // SKIP LOCKED: a row another replica is claiming right now is passed
  // over, never waited for.
  ASSIGN_OR_RETURN(
      PgResult r,
      c_.Query("SELECT d.account_id, d.id, d.endpoint_id, d.event_id, d.event_type, d.status, "
               "d.attempts, d.last_status_code, d.last_error, "
               BILLING_PG_MICROS("d.next_attempt_time") ", " BILLING_PG_MICROS(
                   "d.create_time") ", " BILLING_PG_MICROS("d.complete_time")
               " FROM webhook_deliveries d "
               "WHERE d.status = 'pending' AND d.next_attempt_time <= $1 "
               "AND NOT (d.endpoint_id = ANY (string_to_array($2, ','))) "
               "ORDER BY d.next_attempt_time LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED",
               {Time(now), Text(absl::StrJoin(busy_endpoint_ids, ","))}));
  if (r.rows() == 0) return std::nullopt;
  domain::WebhookDelivery delivery = ReadDelivery(r, 0);
  delivery.next_attempt_time = lease_until;
  RETURN_IF_ERROR(UpdateDelivery(delivery));
  return delivery;
}

}  // namespace billing::storage::postgres
