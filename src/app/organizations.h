// Use cases: the account's organization, the seller every invoice names
// (a singleton per account, AIP-156).
#ifndef BILLING_APP_ORGANIZATIONS_H_
#define BILLING_APP_ORGANIZATIONS_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "app/call_context.h"
#include "app/ports/store.h"
#include "domain/organization.h"

namespace billing::app {

class Organizations {
 public:
  Organizations(Store& store, Clock clock) : store_(store), clock_(std::move(clock)) {}

  // The account's organization; before its first update, the defaults.
  absl::StatusOr<domain::Organization> Get(const CallContext& ctx);
  // Changes the fields named in `paths` (domain::UpdateOrganization). New
  // number prefixes apply to the numbers issued from now on.
  absl::StatusOr<domain::Organization> Update(const CallContext& ctx,
                                              const domain::OrganizationInput& input,
                                              const std::vector<std::string>& paths);

 private:
  Store& store_;
  Clock clock_;
};

// The account's organization as stored, or the defaults, read (and locked,
// when there is a row) in the caller's transaction.
absl::StatusOr<domain::Organization> LoadOrganization(Transaction& tx,
                                                      std::string_view account_id);

}  // namespace billing::app

#endif  // BILLING_APP_ORGANIZATIONS_H_
