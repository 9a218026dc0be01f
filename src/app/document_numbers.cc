#include "app/document_numbers.h"

#include "common/status_macros.h"
#include "domain/error.h"

namespace billing::app {

absl::Status DocumentNumbers::SetPrefix(std::string_view account_id, domain::DocumentKind kind,
                                        std::string_view prefix) {
  if (account_id.empty()) return domain::ValidationError("account", "is required");
  RETURN_IF_ERROR(domain::ValidateNumberPrefix(prefix, "prefix"));
  return store_.Write([&](Transaction& tx) {
    return tx.document_numbers().SetPrefix(account_id, kind, prefix);
  });
}

}  // namespace billing::app
