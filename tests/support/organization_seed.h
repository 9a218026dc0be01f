// Gives a test account a complete organization (the seller), which
// processing an invoice needs, straight through a store.
#ifndef BILLING_TESTS_SUPPORT_ORGANIZATION_SEED_H_
#define BILLING_TESTS_SUPPORT_ORGANIZATION_SEED_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "app/ports/store.h"
#include "domain/organization.h"

namespace billing::testing {

inline constexpr char kSeededLegalName[] = "Test Seller GmbH";
inline constexpr char kSeededLine1[] = "Unter den Linden 1";
inline constexpr char kSeededCountry[] = "DE";

// Writes the seeded organization as `account`'s unless it has one.
inline absl::Status SeedOrganization(app::Store& store, const std::string& account) {
  domain::OrganizationInput input;
  input.legal_name = kSeededLegalName;
  input.address = {.line1 = kSeededLine1, .city = "Berlin", .postal_code = "10117",
                   .country = kSeededCountry};
  absl::StatusOr<domain::Organization> organization =
      domain::ValidateOrganization(account, input, absl::Now());
  if (!organization.ok()) return organization.status();
  return store.Write([&](app::Transaction& tx) -> absl::Status {
    absl::StatusOr<std::optional<domain::Organization>> stored =
        tx.organizations().Find(account);
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) return absl::OkStatus();
    return tx.organizations().Save(*organization);
  });
}

}  // namespace billing::testing

#endif  // BILLING_TESTS_SUPPORT_ORGANIZATION_SEED_H_
