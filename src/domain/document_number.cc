#include "domain/document_number.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Printable ASCII without the space: a number is quoted on paper, in URLs
// and in bank references, where anything else gets mangled.
bool IsPrefixChar(char c) { return c > ' ' && c <= '~'; }

std::string PrefixProblem(std::string_view prefix) {
  if (prefix.empty() || prefix.size() > kMaxNumberPrefixLength) {
    return absl::StrCat("must be 1-", kMaxNumberPrefixLength, " characters (got ",
                        Quoted(prefix), ")");
  }
  for (char c : prefix) {
    if (!IsPrefixChar(c)) {
      return absl::StrCat("must be printable ASCII without spaces (got ", Quoted(prefix), ")");
    }
  }
  if (IsDigit(prefix.back())) {
    return absl::StrCat("must not end in a digit, which would run into the sequence (got ",
                        Quoted(prefix), ")");
  }
  return "";
}

}  // namespace

std::string_view DefaultNumberPrefix(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kInvoice: return kDefaultInvoiceNumberPrefix;
    case DocumentKind::kCreditNote: return kDefaultCreditNoteNumberPrefix;
  }
  return kDefaultInvoiceNumberPrefix;
}

absl::Status ValidateNumberPrefix(std::string_view prefix, std::string field) {
  if (std::string problem = PrefixProblem(prefix); !problem.empty()) {
    return ValidationError(std::move(field), std::move(problem));
  }
  return absl::OkStatus();
}

std::string FormatDocumentNumber(std::string_view prefix, int64_t sequence) {
  return absl::StrFormat("%s%0*d", Av(prefix), kNumberSequenceDigits, sequence);
}

absl::StatusOr<DocumentNumber> ParseDocumentNumber(std::string_view text, std::string field) {
  size_t digits_start = text.size();
  while (digits_start > 0 && IsDigit(text[digits_start - 1])) --digits_start;
  const std::string_view prefix = text.substr(0, digits_start);
  const std::string_view digits = text.substr(digits_start);
  auto refuse = [&] {
    return ValidationError(std::move(field),
                           absl::StrCat("must be a document number like INV-000042 (got ",
                                        Quoted(text), ")"));
  };
  if (!PrefixProblem(prefix).empty() || digits.size() < kNumberSequenceDigits) return refuse();
  // Only the padding may be zeros: a longer run with a leading zero is not
  // a spelling FormatDocumentNumber ever writes.
  if (digits.size() > kNumberSequenceDigits && digits.front() == '0') return refuse();
  int64_t sequence = 0;
  for (char c : digits) {
    if (__builtin_mul_overflow(sequence, 10, &sequence) ||
        __builtin_add_overflow(sequence, c - '0', &sequence)) {
      return refuse();
    }
  }
  if (sequence < 1) return refuse();
  return DocumentNumber{std::string(prefix), sequence};
}

}  // namespace billing::domain
