#include "domain/error.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace billing::domain {
namespace {

struct CodeCase {
  ErrorCode code;
  std::string name;
  absl::StatusCode canonical;
};

// The catalog is a contract with callers: names and gRPC codes never drift.
TEST(ErrorTest, EveryCatalogCodeHasItsNameAndCanonicalCode) {
  const std::vector<CodeCase> cases = {
      {ErrorCode::kValidationError, "VALIDATION_ERROR", absl::StatusCode::kInvalidArgument},
      {ErrorCode::kCustomerNotFound, "CUSTOMER_NOT_FOUND", absl::StatusCode::kNotFound},
      {ErrorCode::kInvoiceNotFound, "INVOICE_NOT_FOUND", absl::StatusCode::kNotFound},
      {ErrorCode::kRevenueCalculationNotFound, "REVENUE_CALCULATION_NOT_FOUND",
       absl::StatusCode::kNotFound},
      {ErrorCode::kInvalidStateTransition, "INVALID_STATE_TRANSITION",
       absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kInvoiceNotEditable, "INVOICE_NOT_EDITABLE",
       absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kCustomerHasInvoices, "CUSTOMER_HAS_INVOICES",
       absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kAlreadyExists, "ALREADY_EXISTS", absl::StatusCode::kAlreadyExists},
      {ErrorCode::kDatabaseUnavailable, "DATABASE_UNAVAILABLE", absl::StatusCode::kUnavailable},
      {ErrorCode::kInternal, "INTERNAL", absl::StatusCode::kInternal},
      {ErrorCode::kPaymentNotFound, "PAYMENT_NOT_FOUND", absl::StatusCode::kNotFound},
      {ErrorCode::kCreditNoteNotFound, "CREDIT_NOTE_NOT_FOUND", absl::StatusCode::kNotFound},
      {ErrorCode::kEventNotFound, "EVENT_NOT_FOUND", absl::StatusCode::kNotFound},
      {ErrorCode::kWebhookEndpointNotFound, "WEBHOOK_ENDPOINT_NOT_FOUND",
       absl::StatusCode::kNotFound},
      {ErrorCode::kInvoiceNotPayable, "INVOICE_NOT_PAYABLE",
       absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kPaymentExceedsAmountDue, "PAYMENT_EXCEEDS_AMOUNT_DUE",
       absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kInvoiceNotCreditable, "INVOICE_NOT_CREDITABLE",
       absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kCreditExceedsInvoice, "CREDIT_EXCEEDS_INVOICE",
       absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kInvoiceHasPayments, "INVOICE_HAS_PAYMENTS",
       absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kRateLimited, "RATE_LIMITED", absl::StatusCode::kResourceExhausted},
      {ErrorCode::kRevenueQueueFull, "REVENUE_QUEUE_FULL", absl::StatusCode::kResourceExhausted},
      {ErrorCode::kIdempotencyKeyReused, "IDEMPOTENCY_KEY_REUSED",
       absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kIdempotencyKeyInProgress, "IDEMPOTENCY_KEY_IN_PROGRESS",
       absl::StatusCode::kAborted},
      {ErrorCode::kEtagMismatch, "ETAG_MISMATCH", absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kInvoiceNotIssued, "INVOICE_NOT_ISSUED", absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kEmailNotConfigured, "EMAIL_NOT_CONFIGURED",
       absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kEInvoiceUnsupported, "E_INVOICE_UNSUPPORTED",
       absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kOrganizationIncomplete, "ORGANIZATION_INCOMPLETE",
       absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kTaxExemptionMismatch, "TAX_EXEMPTION_MISMATCH",
       absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kTaxRateInUse, "TAX_RATE_IN_USE", absl::StatusCode::kFailedPrecondition},
      {ErrorCode::kTaxRateNotFound, "TAX_RATE_NOT_FOUND", absl::StatusCode::kNotFound},
      {ErrorCode::kInvoiceDocumentUnavailable, "INVOICE_DOCUMENT_UNAVAILABLE",
       absl::StatusCode::kFailedPrecondition},
  };
  for (const CodeCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ErrorCodeName(c.code), c.name);
    EXPECT_EQ(CanonicalCode(c.code), c.canonical);
    absl::Status status = Error(c.code, "something happened");
    EXPECT_EQ(status.code(), c.canonical);
    EXPECT_EQ(status.message(), "something happened");
    EXPECT_EQ(ErrorCodeOf(status), c.code);
  }
}

TEST(ErrorTest, CodeSurvivesCopyingTheStatus) {
  absl::Status original = Error(ErrorCode::kCustomerHasInvoices, "customer cus_1 has invoices");
  absl::Status copy = original;
  EXPECT_EQ(ErrorCodeOf(copy), ErrorCode::kCustomerHasInvoices);
}

TEST(ErrorTest, StatusesMadeElsewhereMapByTheirAbslCode) {
  EXPECT_EQ(ErrorCodeOf(absl::UnavailableError("database is locked")),
            ErrorCode::kDatabaseUnavailable);
  EXPECT_EQ(ErrorCodeOf(absl::InvalidArgumentError("bad")), ErrorCode::kValidationError);
  EXPECT_EQ(ErrorCodeOf(absl::AlreadyExistsError("dup")), ErrorCode::kAlreadyExists);
  // A bare NOT_FOUND does not say what is missing, so it cannot pick a
  // catalog entry; it must not leak out as something more specific.
  EXPECT_EQ(ErrorCodeOf(absl::NotFoundError("row")), ErrorCode::kInternal);
  EXPECT_EQ(ErrorCodeOf(absl::InternalError("disk I/O error")), ErrorCode::kInternal);
  EXPECT_EQ(ErrorCodeOf(absl::UnknownError("?")), ErrorCode::kInternal);
}

TEST(ErrorTest, ValidationErrorCarriesEveryViolation) {
  std::vector<FieldViolation> violations = {
      {"name", "is required and must not be blank"},
      {"line_items[2].unit_amount", "must have at most 2 decimal places for USD (got \"1.005\")"},
      // Separators used by any naive encoding must survive too.
      {"notes", "a;b:c\n7:d"},
  };
  absl::Status status = ValidationError(violations);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kValidationError);
  EXPECT_EQ(FieldViolationsOf(status), violations);
  // The message alone still tells a person which fields are wrong.
  EXPECT_NE(std::string(status.message()).find("line_items[2].unit_amount"), std::string::npos);
}

TEST(ErrorTest, SingleFieldValidationError) {
  absl::Status status = ValidationError("email", "must contain @");
  EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kValidationError);
  EXPECT_EQ(FieldViolationsOf(status), (std::vector<FieldViolation>{{"email", "must contain @"}}));
}

TEST(ErrorTest, NonValidationErrorsHaveNoViolations) {
  EXPECT_TRUE(FieldViolationsOf(Error(ErrorCode::kInvoiceNotFound, "no such invoice")).empty());
  EXPECT_TRUE(FieldViolationsOf(absl::InvalidArgumentError("bad")).empty());
  EXPECT_TRUE(FieldViolationsOf(absl::OkStatus()).empty());
}

TEST(ViolationCollectorTest, EmptyCollectorIsOk) {
  ViolationCollector collector;
  EXPECT_TRUE(collector.empty());
  EXPECT_TRUE(collector.ToStatus().ok());
}

TEST(ViolationCollectorTest, CollectsInOrder) {
  ViolationCollector collector;
  collector.Add("name", "is required");
  collector.Add("email", "must contain @");
  EXPECT_FALSE(collector.empty());
  absl::Status status = collector.ToStatus();
  EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kValidationError);
  EXPECT_EQ(FieldViolationsOf(status),
            (std::vector<FieldViolation>{{"name", "is required"}, {"email", "must contain @"}}));
}

TEST(ViolationCollectorTest, AddStatusNestsViolationsUnderTheField) {
  ViolationCollector collector;
  collector.AddStatus("line_items[2]", ValidationError("unit_amount", "is required"));
  collector.AddStatus("currency", absl::InvalidArgumentError("\"usd\" must be upper case"));
  collector.AddStatus("notes", absl::OkStatus());  // nothing to add
  EXPECT_EQ(FieldViolationsOf(collector.ToStatus()),
            (std::vector<FieldViolation>{{"line_items[2].unit_amount", "is required"},
                                         {"currency", "\"usd\" must be upper case"}}));
}

}  // namespace
}  // namespace billing::domain
