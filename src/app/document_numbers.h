// Use case: an account's document number prefixes ("INV-" by default).
#ifndef BILLING_APP_DOCUMENT_NUMBERS_H_
#define BILLING_APP_DOCUMENT_NUMBERS_H_

#include <string_view>

#include "absl/status/status.h"
#include "app/ports/store.h"
#include "domain/document_number.h"

namespace billing::app {

class DocumentNumbers {
 public:
  explicit DocumentNumbers(Store& store) : store_(store) {}

  // Numbers issued from now on start with `prefix`; issued ones keep
  // theirs, and the sequence carries on (no number is reused).
  // VALIDATION_ERROR on "prefix" for a prefix ValidateNumberPrefix refuses.
  absl::Status SetPrefix(std::string_view account_id, domain::DocumentKind kind,
                         std::string_view prefix);

 private:
  Store& store_;
};

}  // namespace billing::app

#endif  // BILLING_APP_DOCUMENT_NUMBERS_H_
