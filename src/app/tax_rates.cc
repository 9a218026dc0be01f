#include "app/tax_rates.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/customers.h"
#include "app/idempotency.h"
#include "app/page_tokens.h"
#include "common/status_macros.h"
#include "domain/ids.h"

namespace billing::app {

using domain::TaxRate;

absl::StatusOr<TaxRate> TaxRates::Create(const CallContext& ctx,
                                         const domain::TaxRateInput& input,
                                         std::optional<bool> active) {
  ASSIGN_OR_RETURN(TaxRate rate, domain::NewTaxRate(ctx.account_id,
                                                    domain::NewId(domain::kTaxRateIdPrefix),
                                                    input, clock_()));
  rate.active = active.value_or(true);
  RETURN_IF_ERROR(WriteOnce(store_, ctx, rate, [&](Transaction& tx) -> absl::Status {
    return tx.tax_rates().Insert(rate);
  }));
  return rate;
}

absl::StatusOr<TaxRate> TaxRates::Get(const CallContext& ctx, std::string_view tax_rate_id) {
  RETURN_IF_ERROR(RequireId("tax_rate_id", tax_rate_id, domain::kTaxRateIdPrefix));
  std::optional<TaxRate> rate;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(rate, tx.tax_rates().Get(ctx.account_id, tax_rate_id));
    return absl::OkStatus();
  }));
  return *std::move(rate);
}

absl::StatusOr<domain::Page<TaxRate>> TaxRates::List(const CallContext& ctx, int page,
                                                     int page_size, std::string_view page_token,
                                                     std::optional<bool> active) {
  // A token continues only the list it was made for: same filter.
  const std::string list_key =
      absl::StrCat("tax_rates/a=", active.has_value() ? (*active ? "true" : "false") : "");
  ASSIGN_OR_RETURN(domain::PageRequest request,
                   MakeListPageRequest(store_, ctx, page, page_size, page_token, list_key));
  std::optional<domain::Page<TaxRate>> result;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(result, tx.tax_rates().List(ctx.account_id, request, active));
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(SetSealedNextPageToken(store_, ctx, *result, list_key));
  return *std::move(result);
}

absl::StatusOr<TaxRate> TaxRates::Update(const CallContext& ctx, std::string_view tax_rate_id,
                                         const domain::TaxRateInput& input,
                                         std::optional<bool> active,
                                         const std::vector<std::string>& paths) {
  RETURN_IF_ERROR(RequireId("tax_rate_id", tax_rate_id, domain::kTaxRateIdPrefix));
  std::optional<TaxRate> result;
  RETURN_IF_ERROR(WriteOnce(store_, ctx, result, [&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(TaxRate current, tx.tax_rates().Get(ctx.account_id, tax_rate_id));
    RETURN_IF_ERROR(CheckIfMatch(ctx, "tax rate", current));
    ASSIGN_OR_RETURN(bool in_use, tx.tax_rates().IsInUse(ctx.account_id, tax_rate_id));
    ASSIGN_OR_RETURN(result,
                     domain::UpdateTaxRate(current, input, active, paths, in_use, clock_()));
    return tx.tax_rates().Update(*result);
  }));
  return *std::move(result);
}

}  // namespace billing::app
