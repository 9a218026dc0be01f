// Writes a tax rate straight through a store, as the tax-rates API would,
// for tests about what uses rates rather than about the rates route.
#ifndef BILLING_TESTS_SUPPORT_TAX_RATE_SEED_H_
#define BILLING_TESTS_SUPPORT_TAX_RATE_SEED_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "app/ports/store.h"
#include "domain/ids.h"
#include "domain/tax_rate_resource.h"
#include "gtest/gtest.h"

namespace billing::testing {

// The new rate's id; a refused input or write fails the test.
inline std::string SeedTaxRate(app::Store& store, const std::string& account,
                               const domain::TaxRateInput& input) {
  absl::StatusOr<domain::TaxRate> rate =
      domain::NewTaxRate(account, domain::NewId(domain::kTaxRateIdPrefix), input, absl::Now());
  EXPECT_TRUE(rate.ok()) << rate.status();
  if (!rate.ok()) return "";
  absl::Status written =
      store.Write([&](app::Transaction& tx) { return tx.tax_rates().Insert(*rate); });
  EXPECT_TRUE(written.ok()) << written;
  return rate->id;
}

}  // namespace billing::testing

#endif  // BILLING_TESTS_SUPPORT_TAX_RATE_SEED_H_
