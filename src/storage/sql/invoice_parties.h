// An invoice's frozen seller, buyer and document terms (invoice_parties), one row per
// processed invoice, written once.
#ifndef BILLING_STORAGE_SQL_INVOICE_PARTIES_H_
#define BILLING_STORAGE_SQL_INVOICE_PARTIES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/invoice.h"
#include "domain/invoice_document.h"
#include "storage/sql/session.h"

namespace billing::storage::sql {

// A party as one text value. A snapshot is only ever read whole with its
// invoice and never searched, so one value per party keeps it out of the
// invoices row (and its many readers) and needs no column per field. Fields
// are separated by U+001F and tax ids by U+001E: control characters the
// domain's text rules refuse in every party field.
std::string EncodeParty(const domain::DocumentParty& party);
absl::StatusOr<domain::DocumentParty> DecodeParty(std::string_view text);

// The invoice's frozen DocumentTerms as one text value, the same way.
std::string EncodeTerms(const domain::DocumentTerms& terms);
absl::StatusOr<domain::DocumentTerms> DecodeTerms(std::string_view text);

// Writes the invoice's seller and buyer (and terms) unless its row exists: once frozen,
// a snapshot never changes. Nothing when the invoice has none (a draft).
absl::Status SaveInvoiceParties(Session& s, const domain::Invoice& invoice);

// Sets the parties of those of `invoices` (at least one, all of one
// account, `ids_json` their ids as {in_json_list} takes them) that have.
absl::Status LoadInvoiceParties(Session& s, std::vector<domain::Invoice>& invoices,
                                std::string_view ids_json);
// The same for one invoice.
absl::Status LoadInvoiceParties(Session& s, domain::Invoice& invoice);

}  // namespace billing::storage::sql

#endif  // BILLING_STORAGE_SQL_INVOICE_PARTIES_H_
