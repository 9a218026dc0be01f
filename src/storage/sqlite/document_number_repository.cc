#include "storage/sqlite/document_number_repository.h"

#include "common/status_macros.h"

namespace billing::storage {

std::string_view DocumentKindName(domain::DocumentKind kind) {
  return kind == domain::DocumentKind::kInvoice ? "invoice" : "credit_note";
}

absl::StatusOr<std::string> NextDocumentNumber(Connection& db, std::string_view account_id,
                                               domain::DocumentKind kind) {
  // The first number creates the row with the default prefix; later ones
  // add one to it. One statement, so there is no read-then-write window.
  ASSIGN_OR_RETURN(
      Statement next,
      db.Prepare("INSERT INTO document_sequences (account_id, kind, prefix, last_sequence) "
                 "VALUES (?1, ?2, ?3, 1) ON CONFLICT (account_id, kind) DO UPDATE "
                 "SET last_sequence = document_sequences.last_sequence + 1 "
                 "RETURNING prefix, last_sequence"));
  next.BindText(1, account_id)
      .BindText(2, DocumentKindName(kind))
      .BindText(3, domain::DefaultNumberPrefix(kind));
  RETURN_IF_ERROR(next.Step().status());
  std::string number = domain::FormatDocumentNumber(next.ColumnText(0), next.ColumnInt64(1));
  RETURN_IF_ERROR(next.Run());  // RETURNING statements finish on their last step
  return number;
}

absl::Status SetDocumentNumberPrefix(Connection& db, std::string_view account_id,
                                     domain::DocumentKind kind, std::string_view prefix) {
  ASSIGN_OR_RETURN(
      Statement set,
      db.Prepare("INSERT INTO document_sequences (account_id, kind, prefix, last_sequence) "
                 "VALUES (?1, ?2, ?3, 0) ON CONFLICT (account_id, kind) DO UPDATE "
                 "SET prefix = excluded.prefix"));
  set.BindText(1, account_id).BindText(2, DocumentKindName(kind)).BindText(3, prefix);
  return set.Run();
}

}  // namespace billing::storage
