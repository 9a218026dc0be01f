// Port: the account's tax rates. Every call is scoped by account; a rate is
// never deleted (archived with active false), since invoices point at it.
#ifndef BILLING_APP_PORTS_TAX_RATE_REPOSITORY_H_
#define BILLING_APP_PORTS_TAX_RATE_REPOSITORY_H_

#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/paging.h"
#include "domain/tax_rate_resource.h"

namespace billing::app {

class TaxRateRepository {
 public:
  virtual ~TaxRateRepository() = default;

  // ALREADY_EXISTS on a taken id.
  virtual absl::Status Insert(const domain::TaxRate& rate) = 0;
  // TAX_RATE_NOT_FOUND when the account has no such rate (another
  // account's rate included). In a write, the row stays locked until commit.
  virtual absl::StatusOr<domain::TaxRate> Get(std::string_view account_id,
                                              std::string_view tax_rate_id) = 0;
  // Oldest first (create_time, then id); `active` set: only the rates with
  // that value.
  virtual absl::StatusOr<domain::Page<domain::TaxRate>> List(
      std::string_view account_id, const domain::PageRequest& page,
      std::optional<bool> active) = 0;
  // Writes every field but the id and create_time; TAX_RATE_NOT_FOUND when
  // absent.
  virtual absl::Status Update(const domain::TaxRate& rate) = 0;
  // Whether an invoice names the rate, on a line or as its default: from
  // then on its terms are fixed (TAX_RATE_IN_USE).
  virtual absl::StatusOr<bool> IsInUse(std::string_view account_id,
                                       std::string_view tax_rate_id) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_TAX_RATE_REPOSITORY_H_
