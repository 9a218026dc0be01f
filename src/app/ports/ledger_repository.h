// Port: the receivables ledger, written with the transition that causes it.
#ifndef BILLING_APP_PORTS_LEDGER_REPOSITORY_H_
#define BILLING_APP_PORTS_LEDGER_REPOSITORY_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/aging.h"
#include "domain/ledger.h"
#include "domain/paging.h"

namespace billing::app {

class LedgerRepository {
 public:
  virtual ~LedgerRepository() = default;

  // ALREADY_EXISTS on a taken id.
  virtual absl::Status Insert(const domain::LedgerEntry& entry) = 0;
  // The invoice's entries in the order they were written.
  virtual absl::StatusOr<std::vector<domain::LedgerEntry>> ListForInvoice(
      std::string_view account_id, std::string_view invoice_id) = 0;
  // A page of the customer's entries in the order they were written.
  virtual absl::StatusOr<domain::Page<domain::LedgerEntry>> ListForCustomer(
      std::string_view account_id, std::string_view customer_id,
      const domain::PageRequest& page) = 0;
  // The sums per currency (by currency code) of the customer's first
  // `first_entries` entries in the order they were written: the opening
  // balances of a statement page. kAllEntries: the customer's balances.
  static constexpr int64_t kAllEntries = INT64_MAX;
  virtual absl::StatusOr<std::vector<domain::CurrencyBalance>> Balances(
      std::string_view account_id, std::string_view customer_id,
      int64_t first_entries = kAllEntries) = 0;
  // What the aging report (domain::AgingReport) needs of the open items as
  // of `cutoff`: per invoice the sum of its entries written before it, then
  // added up per customer, currency and due date, the positive sums apart
  // from the negative ones (which age alike), without invoice ids; zero
  // sums left out, in no particular order. Summed in SQL so that 100k
  // invoices cross no wire one by one.
  virtual absl::StatusOr<std::vector<domain::OpenItem>> OpenAmountsBefore(
      std::string_view account_id, absl::Time cutoff) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_LEDGER_REPOSITORY_H_
