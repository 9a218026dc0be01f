// Port: each account's organization (the seller), one per account.
#ifndef BILLING_APP_PORTS_ORGANIZATION_REPOSITORY_H_
#define BILLING_APP_PORTS_ORGANIZATION_REPOSITORY_H_

#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/organization.h"

namespace billing::app {

class OrganizationRepository {
 public:
  virtual ~OrganizationRepository() = default;

  // None when the account never wrote its organization. Inside Store::Write
  // the row, when there is one, stays locked until the transaction ends.
  virtual absl::StatusOr<std::optional<domain::Organization>> Find(
      std::string_view account_id) = 0;
  // As Find, for a write that only copies it (processing an invoice): an
  // update waits until that transaction ends, but concurrent processings of
  // the account do not queue on the row.
  virtual absl::StatusOr<std::optional<domain::Organization>> FindToReference(
      std::string_view account_id) {
    return Find(account_id);
  }
  // Inserts or replaces the account's row.
  virtual absl::Status Save(const domain::Organization& organization) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_ORGANIZATION_REPOSITORY_H_
