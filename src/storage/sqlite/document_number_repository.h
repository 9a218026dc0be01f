// Each account's document number sequences in SQLite (document_sequences).
#ifndef BILLING_STORAGE_SQLITE_DOCUMENT_NUMBER_REPOSITORY_H_
#define BILLING_STORAGE_SQLITE_DOCUMENT_NUMBER_REPOSITORY_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/document_number.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

// The account's next number of `kind`, formatted. Must run in the write
// transaction that issues the document (SQLite has one writer, so the
// sequence cannot move under it).
absl::StatusOr<std::string> NextDocumentNumber(Connection& db, std::string_view account_id,
                                               domain::DocumentKind kind);
absl::Status SetDocumentNumberPrefix(Connection& db, std::string_view account_id,
                                     domain::DocumentKind kind, std::string_view prefix);

// "invoice" / "credit_note": the kind column's spelling.
std::string_view DocumentKindName(domain::DocumentKind kind);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_DOCUMENT_NUMBER_REPOSITORY_H_
