// Port: each account's gap-free document number sequences (invoices, credit
// notes) and their prefixes.
#ifndef BILLING_APP_PORTS_DOCUMENT_NUMBER_REPOSITORY_H_
#define BILLING_APP_PORTS_DOCUMENT_NUMBER_REPOSITORY_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/document_number.h"

namespace billing::app {

class DocumentNumberRepository {
 public:
  virtual ~DocumentNumberRepository() = default;

  // Takes the account's next number of `kind` ("INV-000001" first, with the
  // default prefix until one is set). Only inside Store::Write: the sequence
  // row stays locked until the transaction ends, so concurrent callers (on
  // any replica) get consecutive numbers, and a transaction that rolls back
  // gives its number back.
  virtual absl::StatusOr<std::string> Next(std::string_view account_id,
                                           domain::DocumentKind kind) = 0;
  // The prefix of the numbers taken from now on; numbers already issued
  // keep theirs. `prefix` must have passed domain::ValidateNumberPrefix.
  virtual absl::Status SetPrefix(std::string_view account_id, domain::DocumentKind kind,
                                 std::string_view prefix) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_DOCUMENT_NUMBER_REPOSITORY_H_
