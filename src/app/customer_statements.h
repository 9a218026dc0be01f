// Use case: a customer's statement, a page of their ledger entries with
// running balances.
#ifndef BILLING_APP_CUSTOMER_STATEMENTS_H_
#define BILLING_APP_CUSTOMER_STATEMENTS_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "app/call_context.h"
#include "app/ports/store.h"
#include "domain/ledger.h"
#include "domain/paging.h"

namespace billing::app {

class CustomerStatements {
 public:
  explicit CustomerStatements(Store& store) : store_(store) {}

  // Oldest first; each page's running balances carry on from the entries
  // before it. CUSTOMER_NOT_FOUND if the customer does not exist.
  // page_token: a previous page's next_page_token (app/page_tokens.h).
  absl::StatusOr<domain::Page<domain::StatementLine>> List(const CallContext& ctx,
                                                           std::string_view customer_id,
                                                           int page, int page_size,
                                                           std::string_view page_token = {});

 private:
  Store& store_;
};

}  // namespace billing::app

#endif  // BILLING_APP_CUSTOMER_STATEMENTS_H_
