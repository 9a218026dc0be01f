#include "domain/error.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

// Payload type URLs. The api layer never reads these directly: it goes
// through ErrorCodeOf / FieldViolationsOf, so the encoding is private.
constexpr std::string_view kErrorCodeUrl = "billing/error-code";
constexpr std::string_view kFieldViolationsUrl = "billing/field-violations";
constexpr std::string_view kRetryDelayUrl = "billing/retry-delay-ms";
constexpr std::string_view kNotListedUrl = "billing/violations-not-listed";
constexpr std::string_view kCurrentEtagUrl = "billing/current-etag";

constexpr ErrorCode kAllCodes[] = {
    ErrorCode::kValidationError,       ErrorCode::kCustomerNotFound,
    ErrorCode::kInvoiceNotFound,       ErrorCode::kRevenueCalculationNotFound,
    ErrorCode::kInvalidStateTransition, ErrorCode::kInvoiceNotEditable,
    ErrorCode::kCustomerHasInvoices,   ErrorCode::kAlreadyExists,
    ErrorCode::kDatabaseUnavailable,   ErrorCode::kInternal,
    ErrorCode::kMissingCredentials,    ErrorCode::kInvalidCredentials,
    ErrorCode::kTokenExpired,          ErrorCode::kInsufficientScope,
    ErrorCode::kRateLimited,           ErrorCode::kPaymentNotFound,
    ErrorCode::kCreditNoteNotFound,    ErrorCode::kInvoiceNotPayable,
    ErrorCode::kPaymentExceedsAmountDue, ErrorCode::kInvoiceNotCreditable,
    ErrorCode::kCreditExceedsInvoice,  ErrorCode::kInvoiceHasPayments,
    ErrorCode::kRateLimited,           ErrorCode::kRevenueQueueFull,
    ErrorCode::kEventNotFound,         ErrorCode::kWebhookEndpointNotFound,
    ErrorCode::kIdempotencyKeyReused,  ErrorCode::kIdempotencyKeyInProgress,
    ErrorCode::kEtagMismatch,          ErrorCode::kInvoiceNotIssued,
    ErrorCode::kEmailNotConfigured,    ErrorCode::kEInvoiceUnsupported,
    // Issue 19.
    ErrorCode::kOrganizationIncomplete, ErrorCode::kTaxExemptionMismatch,
    ErrorCode::kTaxRateInUse,          ErrorCode::kTaxRateNotFound,
    // Issue 23.
    ErrorCode::kInvoiceDocumentUnavailable,
};

std::optional<ErrorCode> ErrorCodeFromName(std::string_view name) {
  for (ErrorCode code : kAllCodes) {
    if (ErrorCodeName(code) == name) return code;
  }
  return std::nullopt;
}

// Violations are encoded as a sequence of length-prefixed strings
// ("<len>:<bytes>"), field then description, so that any byte (':', '\n',
// UTF-8) in a description survives the round trip.
void AppendLengthPrefixed(std::string& out, std::string_view text) {
  absl::StrAppend(&out, text.size(), ":", Av(text));
}

std::optional<std::string> ReadLengthPrefixed(std::string_view& in) {
  size_t colon = in.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  size_t size = 0;
  if (!absl::SimpleAtoi(Av(in.substr(0, colon)), &size)) return std::nullopt;
  in.remove_prefix(colon + 1);
  if (size > in.size()) return std::nullopt;
  std::string text(in.substr(0, size));
  in.remove_prefix(size);
  return text;
}

std::string EncodeViolations(const std::vector<FieldViolation>& violations) {
  std::string out;
  for (const FieldViolation& v : violations) {
    AppendLengthPrefixed(out, v.field);
    AppendLengthPrefixed(out, v.description);
  }
  return out;
}

std::vector<FieldViolation> DecodeViolations(std::string_view in) {
  std::vector<FieldViolation> violations;
  while (!in.empty()) {
    std::optional<std::string> field = ReadLengthPrefixed(in);
    if (!field.has_value()) break;
    std::optional<std::string> description = ReadLengthPrefixed(in);
    if (!description.has_value()) break;
    violations.push_back({*std::move(field), *std::move(description)});
  }
  return violations;
}

// "name must not be empty; email must contain @": readable in a log line
// or by a caller that ignores the structured details.
std::string ViolationsMessage(const std::vector<FieldViolation>& violations,
                              size_t not_listed) {
  if (violations.empty()) return "invalid input";
  std::string message =
      absl::StrJoin(violations, "; ", [](std::string* out, const FieldViolation& v) {
        if (v.field.empty()) {
          absl::StrAppend(out, v.description);
        } else {
          absl::StrAppend(out, v.field, ": ", v.description);
        }
      });
  if (not_listed > 0) absl::StrAppend(&message, "; ", MoreViolationsDescription(not_listed));
  return message;
}

// "line_items[2]" + "unit_amount" -> "line_items[2].unit_amount".
std::string JoinFieldPath(std::string_view outer, std::string_view inner) {
  if (outer.empty()) return std::string(inner);
  if (inner.empty()) return std::string(outer);
  if (inner.front() == '[') return absl::StrCat(Av(outer), Av(inner));
  return absl::StrCat(Av(outer), ".", Av(inner));
}

}  // namespace

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidationError: return "VALIDATION_ERROR";
    case ErrorCode::kCustomerNotFound: return "CUSTOMER_NOT_FOUND";
    case ErrorCode::kInvoiceNotFound: return "INVOICE_NOT_FOUND";
    case ErrorCode::kRevenueCalculationNotFound: return "REVENUE_CALCULATION_NOT_FOUND";
    case ErrorCode::kInvalidStateTransition: return "INVALID_STATE_TRANSITION";
    case ErrorCode::kInvoiceNotEditable: return "INVOICE_NOT_EDITABLE";
    case ErrorCode::kCustomerHasInvoices: return "CUSTOMER_HAS_INVOICES";
    case ErrorCode::kAlreadyExists: return "ALREADY_EXISTS";
    case ErrorCode::kDatabaseUnavailable: return "DATABASE_UNAVAILABLE";
    case ErrorCode::kInternal: return "INTERNAL";
    case ErrorCode::kMissingCredentials: return "MISSING_CREDENTIALS";
    case ErrorCode::kInvalidCredentials: return "INVALID_CREDENTIALS";
    case ErrorCode::kTokenExpired: return "TOKEN_EXPIRED";
    case ErrorCode::kInsufficientScope: return "INSUFFICIENT_SCOPE";
    case ErrorCode::kRateLimited: return "RATE_LIMITED";
    case ErrorCode::kPaymentNotFound: return "PAYMENT_NOT_FOUND";
    case ErrorCode::kCreditNoteNotFound: return "CREDIT_NOTE_NOT_FOUND";
    case ErrorCode::kEventNotFound: return "EVENT_NOT_FOUND";
    case ErrorCode::kWebhookEndpointNotFound: return "WEBHOOK_ENDPOINT_NOT_FOUND";
    case ErrorCode::kInvoiceNotPayable: return "INVOICE_NOT_PAYABLE";
    case ErrorCode::kPaymentExceedsAmountDue: return "PAYMENT_EXCEEDS_AMOUNT_DUE";
    case ErrorCode::kInvoiceNotCreditable: return "INVOICE_NOT_CREDITABLE";
    case ErrorCode::kCreditExceedsInvoice: return "CREDIT_EXCEEDS_INVOICE";
    case ErrorCode::kInvoiceHasPayments: return "INVOICE_HAS_PAYMENTS";
    case ErrorCode::kInvoiceNotIssued: return "INVOICE_NOT_ISSUED";
    case ErrorCode::kEmailNotConfigured: return "EMAIL_NOT_CONFIGURED";
    case ErrorCode::kEInvoiceUnsupported: return "E_INVOICE_UNSUPPORTED";
    case ErrorCode::kRevenueQueueFull: return "REVENUE_QUEUE_FULL";
    case ErrorCode::kIdempotencyKeyReused: return "IDEMPOTENCY_KEY_REUSED";
    case ErrorCode::kIdempotencyKeyInProgress: return "IDEMPOTENCY_KEY_IN_PROGRESS";
    case ErrorCode::kEtagMismatch: return "ETAG_MISMATCH";
    case ErrorCode::kOrganizationIncomplete: return "ORGANIZATION_INCOMPLETE";
    case ErrorCode::kTaxExemptionMismatch: return "TAX_EXEMPTION_MISMATCH";
    case ErrorCode::kTaxRateInUse: return "TAX_RATE_IN_USE";
    case ErrorCode::kTaxRateNotFound: return "TAX_RATE_NOT_FOUND";
    case ErrorCode::kInvoiceDocumentUnavailable: return "INVOICE_DOCUMENT_UNAVAILABLE";
  }
  return "INTERNAL";
}

absl::StatusCode CanonicalCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidationError:
      return absl::StatusCode::kInvalidArgument;
    case ErrorCode::kCustomerNotFound:
    case ErrorCode::kInvoiceNotFound:
    case ErrorCode::kRevenueCalculationNotFound:
    case ErrorCode::kPaymentNotFound:
    case ErrorCode::kCreditNoteNotFound:
    case ErrorCode::kEventNotFound:
    case ErrorCode::kWebhookEndpointNotFound:
    case ErrorCode::kTaxRateNotFound:
      return absl::StatusCode::kNotFound;
    case ErrorCode::kInvalidStateTransition:
    case ErrorCode::kInvoiceNotEditable:
    case ErrorCode::kCustomerHasInvoices:
    case ErrorCode::kInvoiceNotPayable:
    case ErrorCode::kPaymentExceedsAmountDue:
    case ErrorCode::kInvoiceNotCreditable:
    case ErrorCode::kCreditExceedsInvoice:
    case ErrorCode::kInvoiceHasPayments:
    case ErrorCode::kInvoiceNotIssued:
    case ErrorCode::kEmailNotConfigured:
    case ErrorCode::kEInvoiceUnsupported:
    case ErrorCode::kIdempotencyKeyReused:
    case ErrorCode::kEtagMismatch:
    case ErrorCode::kOrganizationIncomplete:
    case ErrorCode::kTaxExemptionMismatch:
    case ErrorCode::kTaxRateInUse:
    case ErrorCode::kInvoiceDocumentUnavailable:
      return absl::StatusCode::kFailedPrecondition;
    case ErrorCode::kIdempotencyKeyInProgress:
      return absl::StatusCode::kAborted;
    case ErrorCode::kAlreadyExists:
      return absl::StatusCode::kAlreadyExists;
    case ErrorCode::kDatabaseUnavailable:
      return absl::StatusCode::kUnavailable;
    case ErrorCode::kInternal:
      return absl::StatusCode::kInternal;
    case ErrorCode::kMissingCredentials:
    case ErrorCode::kInvalidCredentials:
    case ErrorCode::kTokenExpired:
      return absl::StatusCode::kUnauthenticated;
    case ErrorCode::kInsufficientScope:
      return absl::StatusCode::kPermissionDenied;
    case ErrorCode::kRateLimited:
    case ErrorCode::kRevenueQueueFull:
      return absl::StatusCode::kResourceExhausted;
  }
  return absl::StatusCode::kInternal;
}

absl::Status Error(ErrorCode code, std::string_view message) {
  absl::Status status(CanonicalCode(code), Av(message));
  status.SetPayload(Av(kErrorCodeUrl), absl::Cord(Av(ErrorCodeName(code))));
  return status;
}

absl::Status ValidationError(std::vector<FieldViolation> violations, size_t not_listed) {
  absl::Status status =
      Error(ErrorCode::kValidationError, ViolationsMessage(violations, not_listed));
  status.SetPayload(Av(kFieldViolationsUrl), absl::Cord(EncodeViolations(violations)));
  if (not_listed > 0) status.SetPayload(Av(kNotListedUrl), absl::Cord(absl::StrCat(not_listed)));
  return status;
}

absl::Status ValidationError(std::string field, std::string description) {
  return ValidationError({FieldViolation{std::move(field), std::move(description)}});
}

absl::Status RateLimitedError(std::string_view message, absl::Duration retry_after) {
  return WithRetryDelay(Error(ErrorCode::kRateLimited, message), retry_after);
}

absl::Status WithRetryDelay(absl::Status status, absl::Duration retry_after) {
  status.SetPayload(Av(kRetryDelayUrl),
                    absl::Cord(absl::StrCat(absl::ToInt64Milliseconds(retry_after))));
  return status;
}

absl::Status EtagMismatchError(std::string_view resource, std::string_view current_etag) {
  absl::Status status =
      Error(ErrorCode::kEtagMismatch,
            absl::StrCat("the ", Av(resource), " has changed since the version named; its current"
                         " etag is \"", Av(current_etag), "\": read it again, then retry"));
  status.SetPayload(Av(kCurrentEtagUrl), absl::Cord(Av(current_etag)));
  return status;
}

std::string CurrentEtagOf(const absl::Status& status) {
  auto payload = status.GetPayload(Av(kCurrentEtagUrl));
  return payload.has_value() ? std::string(*payload) : std::string();
}

std::optional<absl::Duration> RetryDelayOf(const absl::Status& status) {
  auto payload = status.GetPayload(Av(kRetryDelayUrl));
  int64_t millis = 0;
  if (!payload.has_value() || !absl::SimpleAtoi(std::string(*payload), &millis)) {
    return std::nullopt;
  }
  return absl::Milliseconds(millis);
}

ErrorCode ErrorCodeOf(const absl::Status& status) {
  if (auto name = status.GetPayload(Av(kErrorCodeUrl))) {
    if (std::optional<ErrorCode> code = ErrorCodeFromName(std::string(*name))) {
      return *code;
    }
  }
  // A status made outside the domain (absl, SQLite wrappers) carries no
  // catalog code; its absl code is the best evidence of what went wrong.
  // An OK status has no error code; kInternal flags the misuse.
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument: return ErrorCode::kValidationError;
    case absl::StatusCode::kUnavailable: return ErrorCode::kDatabaseUnavailable;
    case absl::StatusCode::kAlreadyExists: return ErrorCode::kAlreadyExists;
    default: return ErrorCode::kInternal;
  }
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  auto payload = status.GetPayload(Av(kFieldViolationsUrl));
  if (!payload.has_value()) return {};
  return DecodeViolations(std::string(*payload));
}

size_t NotListedViolationsOf(const absl::Status& status) {
  auto payload = status.GetPayload(Av(kNotListedUrl));
  size_t count = 0;
  if (!payload.has_value() || !absl::SimpleAtoi(std::string(*payload), &count)) return 0;
  return count;
}

void ViolationCollector::Add(std::string field, std::string description) {
  if (violations_.size() >= kMaxReported) {
    ++not_reported_;
    return;
  }
  violations_.push_back({std::move(field), std::move(description)});
}

void ViolationCollector::AddStatus(std::string field, const absl::Status& status) {
  if (status.ok()) return;
  not_reported_ += NotListedViolationsOf(status);
  std::vector<FieldViolation> inner = FieldViolationsOf(status);
  if (inner.empty()) {
    Add(std::move(field), std::string(status.message()));
    return;
  }
  for (FieldViolation& v : inner) {
    Add(JoinFieldPath(field, v.field), std::move(v.description));
  }
}

absl::Status ViolationCollector::ToStatus() const {
  if (violations_.empty()) return absl::OkStatus();
  return ValidationError(violations_, not_reported_);
}

std::string MoreViolationsDescription(size_t count) {
  return absl::StrCat("and ", count, " more violation", count == 1 ? "" : "s",
                      " not listed; fix the ones above and retry");
}

}  // namespace billing::domain
