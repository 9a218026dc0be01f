// The email queues of issued documents: invoice_emails and credit_note_emails
// have one shape (one delivery row per document, claimed by the mail
// worker), so their rows are read and written here once, named by queue.
#ifndef BILLING_STORAGE_SQL_EMAIL_QUEUE_H_
#define BILLING_STORAGE_SQL_EMAIL_QUEUE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/invoice.h"
#include "storage/sql/session.h"

namespace billing::storage::sql {

struct EmailQueue {
  std::string_view table;      // "invoice_emails"
  std::string_view id_column;  // the document's id: "invoice_id"
  std::string_view document;   // in errors: "invoice"
};

inline constexpr EmailQueue kInvoiceEmailQueue{"invoice_emails", "invoice_id", "invoice"};
inline constexpr EmailQueue kCreditNoteEmailQueue{"credit_note_emails", "credit_note_id",
                                                  "credit note"};

// The document's row, if it has one; `lock`: row-locked when in a write.
absl::StatusOr<std::optional<domain::InvoiceDelivery>> LoadDelivery(Session& s,
                                                                    const EmailQueue& queue,
                                                                    std::string_view account_id,
                                                                    std::string_view id,
                                                                    bool lock);

using DeliveriesById = absl::flat_hash_map<std::string, domain::InvoiceDelivery>;

// The rows of several documents of one account, by document id; `ids` as
// JsonIdArray makes them.
absl::StatusOr<DeliveriesById> LoadDeliveries(Session& s, const EmailQueue& queue,
                                              std::string_view account_id, std::string_view ids);

// Writes the document's row; nothing for a delivery of status kNone.
absl::Status StoreDelivery(Session& s, const EmailQueue& queue, std::string_view account_id,
                           std::string_view id, const domain::InvoiceDelivery& delivery);

// A claimed row is due again at `lease_until` (if its worker vanishes).
absl::Status LeaseDelivery(Session& s, const EmailQueue& queue, std::string_view account_id,
                           std::string_view id, absl::Time lease_until);

// The ids as a JSON array, for {in_json_list}: one statement text however
// many documents, so the statement caches stay small.
std::string JsonIdArray(const std::vector<std::string_view>& ids);

template <typename Document>
std::string JsonIdArray(const std::vector<Document>& documents) {
  std::vector<std::string_view> ids;
  ids.reserve(documents.size());
  for (const Document& document : documents) ids.push_back(document.id);
  return JsonIdArray(ids);
}

}  // namespace billing::storage::sql

#endif  // BILLING_STORAGE_SQL_EMAIL_QUEUE_H_
