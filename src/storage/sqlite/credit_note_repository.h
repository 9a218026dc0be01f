// Credit notes in SQLite. Every query is scoped by account.
#ifndef BILLING_STORAGE_SQLITE_CREDIT_NOTE_REPOSITORY_H_
#define BILLING_STORAGE_SQLITE_CREDIT_NOTE_REPOSITORY_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "app/ports/credit_note_repository.h"
#include "domain/credit_note.h"
#include "domain/paging.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

// ALREADY_EXISTS on a taken id or number.
absl::Status InsertCreditNote(Connection& db, const domain::CreditNote& note);
// CREDIT_NOTE_NOT_FOUND when absent.
absl::StatusOr<domain::CreditNote> GetCreditNote(Connection& db, std::string_view account_id,
                                                 std::string_view credit_note_id);
// Oldest first (create_time, then id).
absl::StatusOr<domain::Page<domain::CreditNote>> ListCreditNotes(
    Connection& db, std::string_view account_id, const app::CreditNoteFilter& filter,
    const domain::PageRequest& page);
// Every note of the account (or of one customer), oldest first.
absl::StatusOr<std::vector<domain::CreditNote>> ListAllCreditNotes(Connection& db,
                                                                   std::string_view account_id,
                                                                   std::string_view customer_id);

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_CREDIT_NOTE_REPOSITORY_H_
