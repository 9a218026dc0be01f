// Numbers a customer or an auditor can cite: a per-account prefix and a
// gap-free sequence, e.g. "INV-000042" or "CN-000007". The sequence itself is
// allocated by storage, in the transaction that issues the document.
#ifndef BILLING_DOMAIN_DOCUMENT_NUMBER_H_
#define BILLING_DOMAIN_DOCUMENT_NUMBER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace billing::domain {

enum class DocumentKind { kInvoice, kCreditNote };

inline constexpr std::string_view kDefaultInvoiceNumberPrefix = "INV-";
inline constexpr std::string_view kDefaultCreditNoteNumberPrefix = "CN-";
inline constexpr size_t kMaxNumberPrefixLength = 12;
inline constexpr int kNumberSequenceDigits = 6;

// "INV-" for invoices, "CN-" for credit notes.
std::string_view DefaultNumberPrefix(DocumentKind kind);

// A prefix an account may configure: 1-12 printable ASCII characters, no
// spaces, not ending in a digit (so that a number splits back into prefix
// and sequence unambiguously). ValidationError on `field` otherwise.
absl::Status ValidateNumberPrefix(std::string_view prefix,
                                  std::string field = "number_prefix");

// prefix + sequence zero-padded to 6 digits: ("INV-", 42) -> "INV-000042";
// past 999999 the sequence grows without truncation ("INV-1000000").
// `sequence` starts at 1.
std::string FormatDocumentNumber(std::string_view prefix, int64_t sequence);

struct DocumentNumber {
  std::string prefix;
  int64_t sequence = 0;

  friend bool operator==(const DocumentNumber&, const DocumentNumber&) = default;
};

// The inverse of FormatDocumentNumber, for lookups by number: only the exact
// spelling FormatDocumentNumber writes is accepted ("INV-42" and
// "INV-0000042" are not "INV-000042"). ValidationError on `field` otherwise.
absl::StatusOr<DocumentNumber> ParseDocumentNumber(std::string_view text,
                                                   std::string field = "number");

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_DOCUMENT_NUMBER_H_
