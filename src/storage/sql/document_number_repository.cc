// Each account's document number sequences (document_sequences).
#include <memory>
#include <string>

#include "common/status_macros.h"
#include "storage/sql/repositories.h"

namespace billing::storage::sql {
namespace {

// The kind column's spelling.
std::string_view KindName(domain::DocumentKind kind) {
  return kind == domain::DocumentKind::kInvoice ? "invoice" : "credit_note";
}

}  // namespace

absl::StatusOr<std::string> DocumentNumbers::Next(std::string_view account_id,
                                                  domain::DocumentKind kind) {
  // The first number creates the row with the default prefix; later ones
  // add one to it. One statement, so there is no read-then-write window; in
  // PostgreSQL the upsert locks the row until commit, and another replica
  // taking a number waits and then reads the committed sequence (READ
  // COMMITTED re-reads the updated row).
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> next,
      s_.Prepare("INSERT INTO document_sequences (account_id, kind, prefix, last_sequence) "
                 "VALUES (?1, ?2, ?3, 1) ON CONFLICT (account_id, kind) DO UPDATE "
                 "SET last_sequence = document_sequences.last_sequence + 1 "
                 "RETURNING prefix, last_sequence"));
  next->BindText(1, account_id)
      .BindText(2, KindName(kind))
      .BindText(3, domain::DefaultNumberPrefix(kind));
  RETURN_IF_ERROR(next->Step().status());
  std::string number = domain::FormatDocumentNumber(next->Text(0), next->Int64(1));
  RETURN_IF_ERROR(next->Run());  // SQLite finishes a RETURNING statement on its last step
  return number;
}

absl::Status DocumentNumbers::SetPrefix(std::string_view account_id, domain::DocumentKind kind,
                                        std::string_view prefix) {
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> set,
      s_.Prepare("INSERT INTO document_sequences (account_id, kind, prefix, last_sequence) "
                 "VALUES (?1, ?2, ?3, 0) ON CONFLICT (account_id, kind) DO UPDATE "
                 "SET prefix = excluded.prefix"));
  set->BindText(1, account_id).BindText(2, KindName(kind)).BindText(3, prefix);
  return set->Run();
}

}  // namespace billing::storage::sql
