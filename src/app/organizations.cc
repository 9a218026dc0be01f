#include "app/organizations.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/idempotency.h"
#include "common/status_macros.h"

namespace billing::app {

using domain::Organization;

absl::StatusOr<Organization> LoadOrganization(Transaction& tx, std::string_view account_id) {
  ASSIGN_OR_RETURN(std::optional<Organization> stored, tx.organizations().Find(account_id));
  if (stored.has_value()) return *std::move(stored);
  return domain::DefaultOrganization(std::string(account_id));
}

absl::StatusOr<Organization> Organizations::Get(const CallContext& ctx) {
  std::optional<Organization> result;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(result, LoadOrganization(tx, ctx.account_id));
    return absl::OkStatus();
  }));
  return *std::move(result);
}

absl::StatusOr<Organization> Organizations::Update(const CallContext& ctx,
                                                   const domain::OrganizationInput& input,
                                                   const std::vector<std::string>& paths) {
  std::optional<Organization> result;
  RETURN_IF_ERROR(WriteOnce(store_, ctx, result, [&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(Organization current, LoadOrganization(tx, ctx.account_id));
    RETURN_IF_ERROR(CheckIfMatch(ctx, "organization", current));
    ASSIGN_OR_RETURN(result, domain::UpdateOrganization(current, input, paths, clock_()));
    RETURN_IF_ERROR(tx.organizations().Save(*result));
    // The sequences carry the prefix the next number is issued with.
    if (result->invoice_number_prefix != current.invoice_number_prefix) {
      RETURN_IF_ERROR(tx.document_numbers().SetPrefix(
          ctx.account_id, domain::DocumentKind::kInvoice, result->invoice_number_prefix));
    }
    if (result->credit_note_number_prefix != current.credit_note_number_prefix) {
      RETURN_IF_ERROR(tx.document_numbers().SetPrefix(
          ctx.account_id, domain::DocumentKind::kCreditNote, result->credit_note_number_prefix));
    }
    return absl::OkStatus();
  }));
  return *std::move(result);
}

}  // namespace billing::app
