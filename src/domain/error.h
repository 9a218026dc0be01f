// The one catalog of error codes (docs/errors.md) and how a domain error
// travels inside an absl::Status until src/api translates it for gRPC.
#ifndef BILLING_DOMAIN_ERROR_H_
#define BILLING_DOMAIN_ERROR_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace billing::domain {

enum class ErrorCode {
  kValidationError,           // INVALID_ARGUMENT
  kCustomerNotFound,          // NOT_FOUND
  kInvoiceNotFound,           // NOT_FOUND
  kRevenueCalculationNotFound,// NOT_FOUND
  kPaymentNotFound,           // NOT_FOUND
  kCreditNoteNotFound,        // NOT_FOUND
  kEventNotFound,             // NOT_FOUND
  kWebhookEndpointNotFound,   // NOT_FOUND
  kInvalidStateTransition,    // FAILED_PRECONDITION
  kInvoiceNotEditable,        // FAILED_PRECONDITION
  kCustomerHasInvoices,       // FAILED_PRECONDITION
  kInvoiceNotPayable,         // FAILED_PRECONDITION
  kPaymentExceedsAmountDue,   // FAILED_PRECONDITION
  kInvoiceNotCreditable,      // FAILED_PRECONDITION
  kCreditExceedsInvoice,      // FAILED_PRECONDITION
  kInvoiceHasPayments,        // FAILED_PRECONDITION
  kInvoiceNotIssued,          // FAILED_PRECONDITION
  kEmailNotConfigured,        // FAILED_PRECONDITION
  kEInvoiceUnsupported,       // FAILED_PRECONDITION
  kAlreadyExists,             // ALREADY_EXISTS
  kDatabaseUnavailable,       // UNAVAILABLE
  kInternal,                  // INTERNAL
  kMissingCredentials,        // UNAUTHENTICATED
  kInvalidCredentials,        // UNAUTHENTICATED
  kTokenExpired,              // UNAUTHENTICATED
  kInsufficientScope,         // PERMISSION_DENIED
  kRateLimited,               // RESOURCE_EXHAUSTED
  kRevenueQueueFull,          // RESOURCE_EXHAUSTED
  kIdempotencyKeyReused,      // FAILED_PRECONDITION (REST 422)
  kIdempotencyKeyInProgress,  // ABORTED (REST 409 + Retry-After)
  kEtagMismatch,              // FAILED_PRECONDITION (REST 412 PRECONDITION_FAILED)
  // Issue 19: tax and legal identity.
  kOrganizationIncomplete,    // FAILED_PRECONDITION
  kTaxExemptionMismatch,      // FAILED_PRECONDITION
  kTaxRateInUse,              // FAILED_PRECONDITION
  kTaxRateNotFound,           // NOT_FOUND
  // Issue 23: invoice documents.
  kInvoiceDocumentUnavailable,  // FAILED_PRECONDITION
};

// The fixed machine-readable name, e.g. "INVOICE_NOT_FOUND".
std::string_view ErrorCodeName(ErrorCode code);
absl::StatusCode CanonicalCode(ErrorCode code);

struct FieldViolation {
  std::string field;  // proto field path relative to the resource,
                      // e.g. "line_items[0].unit_amount"
  std::string description;

  friend bool operator==(const FieldViolation&, const FieldViolation&) = default;
};

// An error with a catalog code; its absl code is CanonicalCode(code).
absl::Status Error(ErrorCode code, std::string_view message);

// INVALID_ARGUMENT / VALIDATION_ERROR naming every bad field, and saying
// that `not_listed` more were found but left out.
absl::Status ValidationError(std::vector<FieldViolation> violations, size_t not_listed = 0);
absl::Status ValidationError(std::string field, std::string description);

// RATE_LIMITED, telling the caller when a retry can succeed.
absl::Status RateLimitedError(std::string_view message, absl::Duration retry_after);
// `status` telling the caller when a retry can succeed (RetryInfo).
absl::Status WithRetryDelay(absl::Status status, absl::Duration retry_after);
// The retry delay carried by a RateLimitedError or WithRetryDelay, if any.
std::optional<absl::Duration> RetryDelayOf(const absl::Status& status);

// ETAG_MISMATCH: the resource is no longer at the version the caller named;
// the error carries its current ETag so the caller can re-read or retry.
absl::Status EtagMismatchError(std::string_view resource, std::string_view current_etag);
// The current ETag carried by an EtagMismatchError ("" otherwise).
std::string CurrentEtagOf(const absl::Status& status);

// The catalog code carried by `status`. A status made elsewhere (SQLite,
// absl) maps by its absl code: UNAVAILABLE -> kDatabaseUnavailable, anything
// unrecognized -> kInternal.
ErrorCode ErrorCodeOf(const absl::Status& status);

// The description of the one entry that stands for `count` violations left
// out of an error ("and 3 more violations not listed; ...").
std::string MoreViolationsDescription(size_t count);

// The field violations carried by a ValidationError (empty otherwise), and
// how many more it found but left out.
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);
size_t NotListedViolationsOf(const absl::Status& status);

// Collects violations while validating a whole input, so that the caller
// learns every bad field at once rather than one per round trip. At most
// kMaxReported are kept; the rest are only counted, and ToStatus says how
// many there were in one more entry, so that hostile input cannot make the
// error (and the memory behind it) grow without bound.
class ViolationCollector {
 public:
  static constexpr size_t kMaxReported = 50;

  void Add(std::string field, std::string description);
  // Adds the violations of a ValidationError, or the message of any other
  // error, under `field`.
  void AddStatus(std::string field, const absl::Status& status);
  bool empty() const { return violations_.empty(); }
  // OkStatus when nothing was added, else a ValidationError.
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
  size_t not_reported_ = 0;
};

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_ERROR_H_
