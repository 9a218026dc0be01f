#include "storage/sql/invoice_parties.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::storage::sql {
namespace {

constexpr char kFieldSeparator = '\x1f';
constexpr char kTaxIdSeparator = '\x1e';
// The encoding's version, its first field.
constexpr std::string_view kVersion = "1";
constexpr size_t kFields = 15;
constexpr size_t kTermsFields = 11;

absl::Status Corrupt(std::string_view what) {
  return domain::Error(domain::ErrorCode::kInternal,
                       absl::StrCat("invoice_parties holds a malformed ", domain::Av(what)));
}

}  // namespace

namespace {

// "" for a row frozen before terms were (migration 11): none.
absl::Status LoadTerms(std::string_view text, domain::Invoice& invoice) {
  if (text.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(invoice.terms, DecodeTerms(text));
  return absl::OkStatus();
}

}  // namespace

std::string EncodeParty(const domain::DocumentParty& party) {
  std::vector<std::string> tax_ids;
  for (const domain::TaxId& id : party.tax_ids) {
    tax_ids.push_back(absl::StrCat(domain::Av(domain::TaxIdTypeName(id.type)), "=", id.value));
  }
  const domain::ElectronicAddress none;
  const domain::ElectronicAddress& electronic =
      party.electronic_address.has_value() ? *party.electronic_address : none;
  const std::string joined_tax_ids = absl::StrJoin(tax_ids, std::string(1, kTaxIdSeparator));
  const std::string_view fields[kFields] = {kVersion,
                                            party.legal_name,
                                            party.trading_name,
                                            party.address.line1,
                                            party.address.line2,
                                            party.address.city,
                                            party.address.postal_code,
                                            party.address.region,
                                            party.address.country,
                                            joined_tax_ids,
                                            party.company_id,
                                            party.email,
                                            party.phone,
                                            electronic.scheme,
                                            electronic.value};
  std::string out;
  for (size_t i = 0; i < kFields; ++i) {
    if (i > 0) out.push_back(kFieldSeparator);
    out.append(fields[i]);
  }
  return out;
}

absl::StatusOr<domain::DocumentParty> DecodeParty(std::string_view text) {
  std::vector<std::string_view> f;
  for (absl::string_view piece : absl::StrSplit(domain::Av(text), kFieldSeparator)) {
    f.emplace_back(piece.data(), piece.size());
  }
  if (f.size() != kFields || f[0] != kVersion) return Corrupt("party");
  domain::DocumentParty party;
  party.legal_name = std::string(f[1]);
  party.trading_name = std::string(f[2]);
  party.address = {.line1 = std::string(f[3]),
                   .line2 = std::string(f[4]),
                   .city = std::string(f[5]),
                   .postal_code = std::string(f[6]),
                   .region = std::string(f[7]),
                   .country = std::string(f[8])};
  if (!f[9].empty()) {
    for (absl::string_view piece : absl::StrSplit(domain::Av(f[9]), kTaxIdSeparator)) {
      const std::string_view id(piece.data(), piece.size());
      const size_t equals = id.find('=');
      if (equals == std::string_view::npos) return Corrupt("tax id");
      std::optional<domain::TaxIdType> type = domain::TaxIdTypeFromName(id.substr(0, equals));
      if (!type.has_value()) return Corrupt("tax id");
      party.tax_ids.push_back({.type = *type, .value = std::string(id.substr(equals + 1))});
    }
  }
  party.company_id = std::string(f[10]);
  party.email = std::string(f[11]);
  party.phone = std::string(f[12]);
  if (!f[13].empty()) {
    party.electronic_address =
        domain::ElectronicAddress{.scheme = std::string(f[13]), .value = std::string(f[14])};
  }
  return party;
}

std::string EncodeTerms(const domain::DocumentTerms& terms) {
  const domain::PaymentInstructions none;
  const domain::PaymentInstructions& pay =
      terms.payment_instructions.has_value() ? *terms.payment_instructions : none;
  const std::string fields[kTermsFields] = {std::string(kVersion),
                                            absl::StrCat(terms.template_version),
                                            absl::FormatCivilTime(terms.due_date),
                                            absl::StrCat(terms.payment_terms_days),
                                            terms.notes,
                                            terms.payment_instructions.has_value() ? "1" : "0",
                                            pay.iban,
                                            pay.bic,
                                            pay.bank_name,
                                            pay.account_name,
                                            pay.note};
  return absl::StrJoin(fields, std::string(1, kFieldSeparator));
}

absl::StatusOr<domain::DocumentTerms> DecodeTerms(std::string_view text) {
  std::vector<std::string> f = absl::StrSplit(domain::Av(text), kFieldSeparator);
  domain::DocumentTerms terms;
  if (f.size() != kTermsFields || f[0] != kVersion ||
      !absl::SimpleAtoi(f[1], &terms.template_version) ||
      !absl::ParseCivilTime(f[2], &terms.due_date) ||
      !absl::SimpleAtoi(f[3], &terms.payment_terms_days) || (f[5] != "0" && f[5] != "1")) {
    return Corrupt("terms");
  }
  terms.notes = f[4];
  if (f[5] == "1") {
    terms.payment_instructions = domain::PaymentInstructions{
        .iban = f[6], .bic = f[7], .bank_name = f[8], .account_name = f[9], .note = f[10]};
  }
  return terms;
}

absl::Status SaveInvoiceParties(Session& s, const domain::Invoice& invoice) {
  if (!invoice.seller.has_value() || !invoice.buyer.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> insert,
                   s.Prepare("INSERT INTO invoice_parties (account_id, invoice_id, seller, buyer, "
                             "terms) VALUES (?1, ?2, ?3, ?4, ?5) "
                             "ON CONFLICT (account_id, invoice_id) DO NOTHING"));
  insert->BindText(1, invoice.account_id)
      .BindText(2, invoice.id)
      .BindText(3, EncodeParty(*invoice.seller))
      .BindText(4, EncodeParty(*invoice.buyer))
      .BindText(5, invoice.terms.has_value() ? EncodeTerms(*invoice.terms) : "");
  return insert->Run();
}

absl::Status LoadInvoiceParties(Session& s, std::vector<domain::Invoice>& invoices,
                                std::string_view ids_json) {
  absl::flat_hash_map<std::string_view, domain::Invoice*> by_id;
  for (domain::Invoice& invoice : invoices) by_id[invoice.id] = &invoice;
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s.Prepare("SELECT invoice_id, seller, buyer, terms FROM invoice_parties "
                             "WHERE account_id = ?1 AND {in_json_list:invoice_id:2}"));
  query->BindText(1, invoices.front().account_id).BindText(2, ids_json);
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return absl::OkStatus();
    auto it = by_id.find(query->Text(0));
    if (it == by_id.end()) continue;
    ASSIGN_OR_RETURN(it->second->seller, DecodeParty(query->Text(1)));
    ASSIGN_OR_RETURN(it->second->buyer, DecodeParty(query->Text(2)));
    RETURN_IF_ERROR(LoadTerms(query->Text(3), *it->second));
  }
}

absl::Status LoadInvoiceParties(Session& s, domain::Invoice& invoice) {
  if (invoice.number.empty()) return absl::OkStatus();  // a draft has none
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s.Prepare("SELECT seller, buyer, terms FROM invoice_parties "
                             "WHERE account_id = ?1 AND invoice_id = ?2"));
  query->BindText(1, invoice.account_id).BindText(2, invoice.id);
  ASSIGN_OR_RETURN(bool found, query->Step());
  if (!found) return absl::OkStatus();  // processed before parties were frozen
  ASSIGN_OR_RETURN(invoice.seller, DecodeParty(query->Text(0)));
  ASSIGN_OR_RETURN(invoice.buyer, DecodeParty(query->Text(1)));
  return LoadTerms(query->Text(2), invoice);
}

}  // namespace billing::storage::sql
