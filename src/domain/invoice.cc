#include "domain/invoice.h"

#include "absl/status/status.h"

namespace billing::domain {

// Placeholder so billing_domain links; the real rules land next.
std::string_view InvoiceStatusName(InvoiceStatus status) {
  switch (status) {
    case InvoiceStatus::kDraft: return "draft";
    case InvoiceStatus::kPending: return "pending";
    case InvoiceStatus::kPaid: return "paid";
    case InvoiceStatus::kCancelled: return "cancelled";
  }
  return "draft";
}
std::optional<InvoiceStatus> InvoiceStatusFromName(std::string_view) { return std::nullopt; }
absl::Status CheckTransition(InvoiceStatus, InvoiceStatus) {
  return absl::UnimplementedError("CheckTransition");
}
absl::StatusOr<Invoice> NewInvoice(std::string, std::string, const InvoiceInput&,
                                   std::string_view, absl::Time) {
  return absl::UnimplementedError("NewInvoice");
}
absl::StatusOr<Invoice> ReplaceInvoice(const Invoice&, const InvoiceInput&, std::string_view,
                                       absl::Time) {
  return absl::UnimplementedError("ReplaceInvoice");
}
absl::StatusOr<InvoiceUpdate> UpdateInvoice(const Invoice&, const InvoiceInput&,
                                            const std::vector<std::string>&, absl::Time) {
  return absl::UnimplementedError("UpdateInvoice");
}
absl::Status ApplyTransition(Invoice&, InvoiceStatus, absl::Time) {
  return absl::UnimplementedError("ApplyTransition");
}
absl::Status CheckDeletable(const Invoice&) { return absl::UnimplementedError("CheckDeletable"); }

}  // namespace billing::domain
