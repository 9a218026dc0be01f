// Port: credit notes issued against invoices. Every call is scoped by account.
#ifndef BILLING_APP_PORTS_CREDIT_NOTE_REPOSITORY_H_
#define BILLING_APP_PORTS_CREDIT_NOTE_REPOSITORY_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
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

  // ALREADY_EXISTS on a taken id or number. Never changed or deleted.
  virtual absl::Status Insert(const domain::CreditNote& note) = 0;
  // CREDIT_NOTE_NOT_FOUND when absent.
  virtual absl::StatusOr<domain::CreditNote> Get(std::string_view account_id,
                                                 std::string_view credit_note_id) = 0;
  // Oldest first (create_time, then id).
  virtual absl::StatusOr<domain::Page<domain::CreditNote>> List(
      std::string_view account_id, const CreditNoteFilter& filter,
      const domain::PageRequest& page) = 0;
  // Every credit note of the account (of one customer if customer_id is not
  // empty), oldest first: an input of revenue reports.
  virtual absl::StatusOr<std::vector<domain::CreditNote>> ListAll(
      std::string_view account_id, std::string_view customer_id) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_CREDIT_NOTE_REPOSITORY_H_
