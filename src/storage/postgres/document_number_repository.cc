// Each account's document number sequences (document_sequences).
#include <string>

#include "common/status_macros.h"
#include "storage/postgres/pg_values.h"
#include "storage/postgres/repositories.h"

namespace billing::storage::postgres {
namespace {

std::string_view KindName(domain::DocumentKind kind) {
  return kind == domain::DocumentKind::kInvoice ? "invoice" : "credit_note";
}

}  // namespace

absl::StatusOr<std::string> PgDocumentNumbers::Next(std::string_view account_id,
                                                    domain::DocumentKind kind) {
  // The upsert locks the account's row until commit: another replica taking
  // a number waits here and then reads the committed sequence (READ
  // COMMITTED re-reads the updated row), so numbers stay consecutive.
  ASSIGN_OR_RETURN(
      PgResult r,
      c_.Query("INSERT INTO document_sequences (account_id, kind, prefix, last_sequence) "
               "VALUES ($1, $2, $3, 1) ON CONFLICT (account_id, kind) DO UPDATE "
               "SET last_sequence = document_sequences.last_sequence + 1 "
               "RETURNING prefix, last_sequence",
               {Text(account_id), Text(KindName(kind)), Text(domain::DefaultNumberPrefix(kind))}));
  return domain::FormatDocumentNumber(r.Text(0, 0), r.Int64(0, 1));
}

absl::Status PgDocumentNumbers::SetPrefix(std::string_view account_id, domain::DocumentKind kind,
                                          std::string_view prefix) {
  return c_
      .Query("INSERT INTO document_sequences (account_id, kind, prefix, last_sequence) "
             "VALUES ($1, $2, $3, 0) ON CONFLICT (account_id, kind) DO UPDATE "
             "SET prefix = excluded.prefix",
             {Text(account_id), Text(KindName(kind)), Text(prefix)})
      .status();
}

}  // namespace billing::storage::postgres
