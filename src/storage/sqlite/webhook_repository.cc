#include "storage/sqlite/webhook_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "storage/sqlite/absl_string_view.h"
#include "storage/sqlite/list_paging.h"
#include "storage/sqlite/row_values.h"
#include "storage/sqlite/sqlite_error.h"
#include "storage/sqlite/statement.h"

namespace billing::storage {
namespace {

using domain::ErrorCode;

constexpr char kEndpointColumns[] =
    "account_id, id, url, event_types, description, enabled, secret, previous_secret, "
    "previous_secret_expire_time_us, failing_since_us, disabled_reason, disable_time_us, "
    "create_time_us, update_time_us";

constexpr char kDeliveryColumns[] =
    "account_id, id, endpoint_id, event_id, event_type, status, attempts, last_status_code, "
    "last_error, next_attempt_time_us, create_time_us, complete_time_us";

absl::Status EndpointNotFound(std::string_view id) {
  return domain::Error(ErrorCode::kWebhookEndpointNotFound,
                       absl::StrCat("webhook endpoint ", Av(id), " not found"));
}

// Binds every column of kEndpointColumns as ?1..?14.
void BindEndpoint(Statement& s, const domain::WebhookEndpoint& e) {
  s.BindText(1, e.account_id)
      .BindText(2, e.id)
      .BindText(3, e.url)
      .BindText(4, absl::StrJoin(e.event_types, ","))
      .BindText(5, e.description)
      .BindInt64(6, e.enabled ? 1 : 0)
      .BindText(7, e.secret)
      .BindText(8, e.previous_secret)
      .BindOptionalInt64(9, TimeToMicros(e.previous_secret_expire_time))
      .BindOptionalInt64(10, TimeToMicros(e.failing_since))
      .BindText(11, e.disabled_reason)
      .BindOptionalInt64(12, TimeToMicros(e.disable_time))
      .BindInt64(13, TimeToMicros(e.create_time))
      .BindInt64(14, TimeToMicros(e.update_time));
}

domain::WebhookEndpoint ReadEndpoint(const Statement& row) {
  return domain::WebhookEndpoint{
      .account_id = row.ColumnText(0),
      .id = row.ColumnText(1),
      .url = row.ColumnText(2),
      .event_types = absl::StrSplit(row.ColumnText(3), ',', absl::SkipEmpty()),
      .description = row.ColumnText(4),
      .enabled = row.ColumnInt64(5) != 0,
      .secret = row.ColumnText(6),
      .previous_secret = row.ColumnText(7),
      .previous_secret_expire_time = TimeFromMicros(row.ColumnOptionalInt64(8)),
      .failing_since = TimeFromMicros(row.ColumnOptionalInt64(9)),
      .disabled_reason = row.ColumnText(10),
      .disable_time = TimeFromMicros(row.ColumnOptionalInt64(11)),
      .create_time = TimeFromMicros(row.ColumnInt64(12)),
      .update_time = TimeFromMicros(row.ColumnInt64(13)),
  };
}

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
      .BindOptionalInt64(10, TimeToMicros(d.next_attempt_time))
      .BindInt64(11, TimeToMicros(d.create_time))
      .BindOptionalInt64(12, TimeToMicros(d.complete_time));
}

domain::WebhookDelivery ReadDelivery(const Statement& row) {
  return domain::WebhookDelivery{
      .account_id = row.ColumnText(0),
      .id = row.ColumnText(1),
      .endpoint_id = row.ColumnText(2),
      .event_id = row.ColumnText(3),
      .event_type = row.ColumnText(4),
      .status = domain::DeliveryStatusFromName(row.ColumnText(5))
                    .value_or(domain::DeliveryStatus::kFailed),
      .attempts = static_cast<int>(row.ColumnInt64(6)),
      .last_status_code = static_cast<int>(row.ColumnInt64(7)),
      .last_error = row.ColumnText(8),
      .next_attempt_time = TimeFromMicros(row.ColumnOptionalInt64(9)),
      .create_time = TimeFromMicros(row.ColumnInt64(10)),
      .complete_time = TimeFromMicros(row.ColumnOptionalInt64(11)),
  };
}

}  // namespace

absl::Status SqliteWebhooks::InsertEndpoint(const domain::WebhookEndpoint& endpoint) {
  ASSIGN_OR_RETURN(Statement insert,
                   c_.Prepare(absl::StrCat("INSERT INTO webhook_endpoints (", kEndpointColumns,
                                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                                           "?11, ?12, ?13, ?14)")));
  BindEndpoint(insert, endpoint);
  absl::Status status = insert.Run();
  if (IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("webhook endpoint ", endpoint.id, " already exists"));
  }
  return status;
}

absl::Status SqliteWebhooks::UpdateEndpoint(const domain::WebhookEndpoint& endpoint) {
  ASSIGN_OR_RETURN(
      Statement update,
      c_.Prepare("UPDATE webhook_endpoints SET url = ?3, event_types = ?4, description = ?5, "
                 "enabled = ?6, secret = ?7, previous_secret = ?8, "
                 "previous_secret_expire_time_us = ?9, failing_since_us = ?10, "
                 "disabled_reason = ?11, disable_time_us = ?12, create_time_us = ?13, "
                 "update_time_us = ?14 WHERE account_id = ?1 AND id = ?2"));
  BindEndpoint(update, endpoint);
  RETURN_IF_ERROR(update.Run());
  if (c_.ChangedRows() == 0) return EndpointNotFound(endpoint.id);
  return absl::OkStatus();
}

absl::StatusOr<domain::WebhookEndpoint> SqliteWebhooks::GetEndpoint(
    std::string_view account_id, std::string_view endpoint_id) {
  ASSIGN_OR_RETURN(Statement query,
                   c_.Prepare(absl::StrCat("SELECT ", kEndpointColumns,
                                           " FROM webhook_endpoints WHERE account_id = ?1 AND "
                                           "id = ?2")));
  query.BindText(1, account_id).BindText(2, endpoint_id);
  ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return EndpointNotFound(endpoint_id);
  return ReadEndpoint(query);
}

absl::Status SqliteWebhooks::DeleteEndpoint(std::string_view account_id,
                                            std::string_view endpoint_id) {
  ASSIGN_OR_RETURN(Statement remove,
                   c_.Prepare("DELETE FROM webhook_endpoints WHERE account_id = ?1 AND id = ?2"));
  remove.BindText(1, account_id).BindText(2, endpoint_id);
  RETURN_IF_ERROR(remove.Run());
  if (c_.ChangedRows() == 0) return EndpointNotFound(endpoint_id);
  return absl::OkStatus();
}

absl::StatusOr<domain::Page<domain::WebhookEndpoint>> SqliteWebhooks::ListEndpoints(
    std::string_view account_id, const domain::PageRequest& page) {
  ASSIGN_OR_RETURN(Statement query,
                   c_.Prepare(absl::StrCat("SELECT ", kEndpointColumns,
                                           " FROM webhook_endpoints WHERE account_id = ?1"
                                           " ORDER BY create_time_us, id LIMIT ?2 OFFSET ?3")));
  query.BindText(1, account_id).BindInt64(2, page.page_size).BindInt64(3, page.offset());
  domain::Page<domain::WebhookEndpoint> result{.request = page};
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    result.items.push_back(ReadEndpoint(query));
  }
  ASSIGN_OR_RETURN(Statement count,
                   c_.Prepare("SELECT COUNT(*) FROM webhook_endpoints WHERE account_id = ?1"));
  count.BindText(1, account_id);
  ASSIGN_OR_RETURN(bool counted, count.Step());
  if (counted) result.total_items = count.ColumnInt64(0);
  return result;
}

absl::StatusOr<std::vector<domain::WebhookEndpoint>> SqliteWebhooks::ListEnabledEndpoints(
    std::string_view account_id) {
  ASSIGN_OR_RETURN(Statement query,
                   c_.Prepare(absl::StrCat("SELECT ", kEndpointColumns,
                                           " FROM webhook_endpoints WHERE account_id = ?1 AND "
                                           "enabled = 1 ORDER BY create_time_us, id")));
  query.BindText(1, account_id);
  std::vector<domain::WebhookEndpoint> endpoints;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return endpoints;
    endpoints.push_back(ReadEndpoint(query));
  }
}

absl::Status SqliteWebhooks::InsertDelivery(const domain::WebhookDelivery& delivery) {
  ASSIGN_OR_RETURN(Statement insert,
                   c_.Prepare(absl::StrCat("INSERT INTO webhook_deliveries (", kDeliveryColumns,
                                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                                           "?11, ?12)")));
  BindDelivery(insert, delivery);
  return insert.Run();
}

absl::Status SqliteWebhooks::UpdateDelivery(const domain::WebhookDelivery& delivery) {
  ASSIGN_OR_RETURN(
      Statement update,
      c_.Prepare("UPDATE webhook_deliveries SET endpoint_id = ?3, event_id = ?4, "
                 "event_type = ?5, status = ?6, attempts = ?7, last_status_code = ?8, "
                 "last_error = ?9, next_attempt_time_us = ?10, create_time_us = ?11, "
                 "complete_time_us = ?12 WHERE account_id = ?1 AND id = ?2"));
  BindDelivery(update, delivery);
  return update.Run();
}

absl::StatusOr<domain::Page<domain::WebhookDelivery>> SqliteWebhooks::ListDeliveries(
    std::string_view account_id, std::string_view endpoint_id, const domain::PageRequest& page) {
  ASSIGN_OR_RETURN(Statement query,
                   c_.Prepare(PagedSelect(kDeliveryColumns, "webhook_deliveries",
                                          " WHERE account_id = ?1 AND endpoint_id = ?2",
                                          /*newest_first=*/true, page, TieBreak::kWriteOrder)));
  query.BindText(1, account_id).BindText(2, endpoint_id);
  BindPage(query, page);
  domain::Page<domain::WebhookDelivery> result{.request = page};
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    result.items.push_back(ReadDelivery(query));
  }
  FinishPage(result);
  ASSIGN_OR_RETURN(Statement count,
                   c_.Prepare("SELECT COUNT(*) FROM webhook_deliveries WHERE account_id = ?1 "
                              "AND endpoint_id = ?2"));
  count.BindText(1, account_id).BindText(2, endpoint_id);
  ASSIGN_OR_RETURN(bool counted, count.Step());
  if (counted) result.total_items = count.ColumnInt64(0);
  return result;
}

absl::StatusOr<std::optional<domain::WebhookDelivery>> SqliteWebhooks::ClaimDueDelivery(
    absl::Time now, absl::Time lease_until, const std::vector<std::string>& busy_endpoint_ids) {
  // One process is the only writer of a SQLite file, and this runs inside
  // its write transaction: nothing else can claim meanwhile.
  ASSIGN_OR_RETURN(
      Statement query,
      c_.Prepare(absl::StrCat(
          "SELECT d.account_id, d.id, d.endpoint_id, d.event_id, d.event_type, d.status, "
          "d.attempts, d.last_status_code, d.last_error, d.next_attempt_time_us, "
          "d.create_time_us, d.complete_time_us FROM webhook_deliveries d "
          "WHERE d.status = 'pending' AND d.next_attempt_time_us <= ?1 "
          "AND instr(',' || ?2 || ',', ',' || d.endpoint_id || ',') = 0 "
          "ORDER BY d.next_attempt_time_us LIMIT 1")));
  query.BindInt64(1, TimeToMicros(now)).BindText(2, absl::StrJoin(busy_endpoint_ids, ","));
  ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return std::nullopt;
  domain::WebhookDelivery delivery = ReadDelivery(query);
  delivery.next_attempt_time = lease_until;
  RETURN_IF_ERROR(UpdateDelivery(delivery));
  return delivery;
}

}  // namespace billing::storage
