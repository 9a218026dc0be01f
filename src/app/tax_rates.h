// Use cases: the account's tax rates (created, read, listed, updated by
// mask; archived with active false, never deleted).
#ifndef BILLING_APP_TAX_RATES_H_
#define BILLING_APP_TAX_RATES_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "app/call_context.h"
#include "app/ports/store.h"
#include "domain/paging.h"
#include "domain/tax_rate_resource.h"

namespace billing::app {

class TaxRates {
 public:
  TaxRates(Store& store, Clock clock) : store_(store), clock_(std::move(clock)) {}

  // A new rate under a server-generated id (`txr_`); `active` unset: true.
  absl::StatusOr<domain::TaxRate> Create(const CallContext& ctx,
                                         const domain::TaxRateInput& input,
                                         std::optional<bool> active);
  // TAX_RATE_NOT_FOUND for an unknown id or another account's rate.
  absl::StatusOr<domain::TaxRate> Get(const CallContext& ctx, std::string_view tax_rate_id);
  // Oldest first; `active` set: only active (true) or archived (false) rates.
  absl::StatusOr<domain::Page<domain::TaxRate>> List(const CallContext& ctx, int page,
                                                     int page_size, std::string_view page_token,
                                                     std::optional<bool> active);
  // Changes the fields named in `paths` (domain::UpdateTaxRate).
  absl::StatusOr<domain::TaxRate> Update(const CallContext& ctx, std::string_view tax_rate_id,
                                         const domain::TaxRateInput& input,
                                         std::optional<bool> active,
                                         const std::vector<std::string>& paths);

 private:
  Store& store_;
  Clock clock_;
};

}  // namespace billing::app

#endif  // BILLING_APP_TAX_RATES_H_
