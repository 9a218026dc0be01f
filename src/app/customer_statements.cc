#include "app/customer_statements.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "app/customers.h"
#include "app/page_tokens.h"
#include "common/status_macros.h"
#include "domain/text.h"

namespace billing::app {

absl::StatusOr<domain::Page<domain::StatementLine>> CustomerStatements::List(
    const CallContext& ctx, std::string_view customer_id, int page, int page_size,
    std::string_view page_token) {
  RETURN_IF_ERROR(RequireId("customer_id", customer_id));
  const std::string list_key = absl::StrCat("ledger_entries/c=", domain::Av(customer_id));
  ASSIGN_OR_RETURN(domain::PageRequest request,
                   MakeListPageRequest(store_, ctx, page, page_size, page_token, list_key));
  std::optional<domain::Page<domain::StatementLine>> result;
  // One snapshot: the opening balances and the page agree.
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(tx.customers().Get(ctx.account_id, customer_id).status());
    ASSIGN_OR_RETURN(domain::Page<domain::LedgerEntry> entries,
                     tx.ledger().ListForCustomer(ctx.account_id, customer_id, request));
    ASSIGN_OR_RETURN(std::vector<domain::CurrencyBalance> opening,
                     tx.ledger().Balances(ctx.account_id, customer_id, request.offset()));
    result.emplace();
    result->request = request;
    result->total_items = entries.total_items;
    result->next = entries.next;
    ASSIGN_OR_RETURN(result->items, domain::Statement(std::move(entries.items), opening));
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(SetSealedNextPageToken(store_, ctx, *result, list_key));
  return *std::move(result);
}

}  // namespace billing::app
