// Port: the receivables ledger, written with the transition that causes it.
#ifndef BILLING_APP_PORTS_LEDGER_REPOSITORY_H_
#define BILLING_APP_PORTS_LEDGER_REPOSITORY_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/ledger.h"

namespace billing::app {

class LedgerRepository {
 public:
  virtual ~LedgerRepository() = default;

  // ALREADY_EXISTS on a taken id.
  virtual absl::Status Insert(const domain::LedgerEntry& entry) = 0;
  // The invoice's entries in the order they were written.
  virtual absl::StatusOr<std::vector<domain::LedgerEntry>> ListForInvoice(
      std::string_view account_id, std::string_view invoice_id) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_LEDGER_REPOSITORY_H_
