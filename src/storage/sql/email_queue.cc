#include "storage/sql/email_queue.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/text.h"

namespace billing::storage::sql {
namespace {

constexpr std::string_view kDeliveryColumns =
    "status, attempts, {micros:queue_time}, {micros:next_attempt_time}, {micros:sent_time}, "
    "last_error";

// kDeliveryColumns from the row's column `first` on.
absl::StatusOr<domain::InvoiceDelivery> ReadDelivery(const Statement& row, int first,
                                                     const EmailQueue& queue,
                                                     std::string_view id) {
  std::optional<domain::InvoiceDeliveryStatus> status =
      domain::InvoiceDeliveryStatusFromName(row.Text(first));
  if (!status.has_value()) {
    return absl::DataLossError(absl::StrCat(domain::Av(queue.document), " ", domain::Av(id),
                                            " has an unknown email status"));
  }
  return domain::InvoiceDelivery{
      .status = *status,
      .attempts = static_cast<int>(row.Int64(first + 1)),
      .queue_time = row.OptionalTime(first + 2),
      .next_attempt_time = row.OptionalTime(first + 3),
      .sent_time = row.OptionalTime(first + 4),
      .last_error = row.Text(first + 5),
  };
}

}  // namespace

absl::StatusOr<std::optional<domain::InvoiceDelivery>> LoadDelivery(Session& s,
                                                                    const EmailQueue& queue,
                                                                    std::string_view account_id,
                                                                    std::string_view id,
                                                                    bool lock) {
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> query,
      s.Prepare(absl::StrCat("SELECT ", domain::Av(kDeliveryColumns), " FROM ",
                             domain::Av(queue.table), " WHERE account_id = ?1 AND ",
                             domain::Av(queue.id_column), " = ?2",
                             lock ? "{lock:no_key_update}" : "")));
  query->BindText(1, account_id).BindText(2, id);
  ASSIGN_OR_RETURN(bool row, query->Step());
  if (!row) return std::nullopt;
  return ReadDelivery(*query, 0, queue, id);
}

absl::StatusOr<DeliveriesById> LoadDeliveries(Session& s, const EmailQueue& queue,
                                              std::string_view account_id, std::string_view ids) {
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> query,
      s.Prepare(absl::StrCat("SELECT ", domain::Av(queue.id_column), ", ",
                             domain::Av(kDeliveryColumns), " FROM ", domain::Av(queue.table),
                             " WHERE account_id = ?1 AND {in_json_list:",
                             domain::Av(queue.id_column), ":2}")));
  query->BindText(1, account_id).BindText(2, ids);
  DeliveriesById deliveries;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return deliveries;
    std::string id = query->Text(0);
    ASSIGN_OR_RETURN(domain::InvoiceDelivery delivery, ReadDelivery(*query, 1, queue, id));
    deliveries.emplace(std::move(id), std::move(delivery));
  }
}

absl::Status StoreDelivery(Session& s, const EmailQueue& queue, std::string_view account_id,
                           std::string_view id, const domain::InvoiceDelivery& delivery) {
  if (delivery.status == domain::InvoiceDeliveryStatus::kNone) return absl::OkStatus();
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> upsert,
      s.Prepare(absl::StrCat(
          "INSERT INTO ", domain::Av(queue.table), " (account_id, ", domain::Av(queue.id_column),
          ", status, attempts, {time:queue_time}, {time:next_attempt_time}, {time:sent_time}, "
          "last_error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (account_id, ",
          domain::Av(queue.id_column),
          ") DO UPDATE SET status = excluded.status, attempts = excluded.attempts, "
          "{time:queue_time} = excluded.{time:queue_time}, "
          "{time:next_attempt_time} = excluded.{time:next_attempt_time}, "
          "{time:sent_time} = excluded.{time:sent_time}, last_error = excluded.last_error")));
  upsert->BindText(1, account_id)
      .BindText(2, id)
      .BindText(3, domain::InvoiceDeliveryStatusName(delivery.status))
      .BindInt64(4, delivery.attempts)
      .BindOptionalTime(5, delivery.queue_time)
      .BindOptionalTime(6, delivery.next_attempt_time)
      .BindOptionalTime(7, delivery.sent_time)
      .BindText(8, delivery.last_error);
  return upsert->Run();
}

absl::Status LeaseDelivery(Session& s, const EmailQueue& queue, std::string_view account_id,
                           std::string_view id, absl::Time lease_until) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> lease,
                   s.Prepare(absl::StrCat("UPDATE ", domain::Av(queue.table),
                                          " SET {time:next_attempt_time} = ?3 "
                                          "WHERE account_id = ?1 AND ",
                                          domain::Av(queue.id_column), " = ?2")));
  lease->BindText(1, account_id).BindText(2, id).BindTime(3, lease_until);
  return lease->Run();
}

std::string JsonIdArray(const std::vector<std::string_view>& ids) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string json = "[";
  for (std::string_view id : ids) {
    if (json.size() > 1) json += ',';
    json += '"';
    for (char ch : id) {  // ids are [A-Za-z0-9_-]; escaped all the same
      const auto byte = static_cast<unsigned char>(ch);
      if (ch == '"' || ch == '\\') {
        json += '\\';
        json += ch;
      } else if (byte < 0x20) {
        json += "\\u00";
        json += kHex[byte >> 4];
        json += kHex[byte & 0xf];
      } else {
        json += ch;
      }
    }
    json += '"';
  }
  json += ']';
  return json;
}

}  // namespace billing::storage::sql
