// Port: credit notes issued against invoices. Every call is scoped by account.
#ifndef BILLING_APP_PORTS_CREDIT_NOTE_REPOSITORY_H_
#define BILLING_APP_PORTS_CREDIT_NOTE_REPOSITORY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/credit_note.h"
#include "domain/paging.h"

namespace billing::app {

// "" = any.
struct CreditNoteFilter {
  std::string invoice_id;
  std::string customer_id;
};

class CreditNoteRepository {
 public:
  virtual ~CreditNoteRepository() = default;

  // ALREADY_EXISTS on a taken id or number. Never changed or deleted but
  // for its email's delivery (kept unless kNone).
  virtual absl::Status Insert(const domain::CreditNote& note) = 0;
  // CREDIT_NOTE_NOT_FOUND when absent. With its delivery; inside
  // Store::Write the email's row stays locked until the transaction ends.
  virtual absl::StatusOr<domain::CreditNote> Get(std::string_view account_id,
                                                 std::string_view credit_note_id) = 0;
  // Oldest first (create_time, then id), each with its delivery.
  virtual absl::StatusOr<domain::Page<domain::CreditNote>> List(
      std::string_view account_id, const CreditNoteFilter& filter,
      const domain::PageRequest& page) = 0;
  // Every credit note of the account (of one customer if customer_id is not
  // empty), oldest first: an input of revenue reports and documents, so
  // without their deliveries.
  virtual absl::StatusOr<std::vector<domain::CreditNote>> ListAll(
      std::string_view account_id, std::string_view customer_id) = 0;

  // Rewrites the note's delivery (the email's state; nothing when kNone).
  // CREDIT_NOTE_NOT_FOUND when the note is absent.
  virtual absl::Status UpdateDelivery(const domain::CreditNote& note) = 0;
  // As InvoiceRepository::ClaimDueEmail: the queued credit note email (of
  // any account) due longest, with its note, its next_attempt_time moved to
  // `lease_until`; nullopt when none is due. Skips rows other replicas are
  // claiming.
  virtual absl::StatusOr<std::optional<domain::CreditNote>> ClaimDueEmail(
      absl::Time now, absl::Time lease_until) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_CREDIT_NOTE_REPOSITORY_H_
