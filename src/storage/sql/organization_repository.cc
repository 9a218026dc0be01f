// Each account's organization (organizations).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

#include "common/status_macros.h"
#include "storage/sql/repositories.h"

namespace billing::storage::sql {
namespace {

#define ORGANIZATION_COLUMNS                                                                  \
  "account_id, legal_name, trading_name, address_line1, address_line2, address_city, "      \
  "address_postal_code, address_region, address_country, tax_id_type, tax_id, company_id, " \
  "email, phone, iban, bic, bank_name, account_name, payment_note, "                         \
  "default_payment_terms_days, invoice_number_prefix, credit_note_number_prefix, "           \
  "electronic_address_scheme, electronic_address_value, time_zone, reminder_schedule"

// reminder_schedule is kept as "-3,1,7,14,30" ("" none), written only by
// Save from a validated schedule.
std::vector<int> ScheduleFromText(const std::string& text) {
  std::vector<int> schedule;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    int offset = 0;
    if (absl::SimpleAtoi(part, &offset)) schedule.push_back(offset);
  }
  return schedule;
}

domain::Organization ReadOrganization(const Statement& row) {
  domain::Organization out;
  out.account_id = row.Text(0);
  out.legal_name = row.Text(1);
  out.trading_name = row.Text(2);
  out.address = {.line1 = row.Text(3),
                 .line2 = row.Text(4),
                 .city = row.Text(5),
                 .postal_code = row.Text(6),
                 .region = row.Text(7),
                 .country = row.Text(8)};
  // Written only by Save from a validated organization: the type is known.
  if (std::optional<domain::TaxIdType> type = domain::TaxIdTypeFromName(row.Text(9));
      type.has_value() && !row.Text(10).empty()) {
    out.tax_id = domain::TaxId{.type = *type, .value = row.Text(10)};
  }
  out.company_id = row.Text(11);
  out.email = row.Text(12);
  out.phone = row.Text(13);
  out.payment_instructions = {.iban = row.Text(14),
                              .bic = row.Text(15),
                              .bank_name = row.Text(16),
                              .account_name = row.Text(17),
                              .note = row.Text(18)};
  out.default_payment_terms_days = static_cast<int>(row.Int64(19));
  out.invoice_number_prefix = row.Text(20);
  out.credit_note_number_prefix = row.Text(21);
  if (!row.Text(22).empty()) {
    out.electronic_address = domain::ElectronicAddress{.scheme = row.Text(22),
                                                       .value = row.Text(23)};
  }
  out.time_zone = row.Text(24);
  out.reminder_schedule = ScheduleFromText(row.Text(25));
  out.update_time = row.Time(26);
  return out;
}

absl::StatusOr<std::optional<domain::Organization>> FindOne(Session& s, std::string_view sql,
                                                             std::string_view account_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query, s.Prepare(sql));
  query->BindText(1, account_id);
  ASSIGN_OR_RETURN(bool found, query->Step());
  if (!found) return std::nullopt;
  return ReadOrganization(*query);
}

}  // namespace

absl::StatusOr<std::optional<domain::Organization>> Organizations::Find(
    std::string_view account_id) {
  return FindOne(s_,
                 "SELECT " ORGANIZATION_COLUMNS ", {micros:update_time}"
                 " FROM organizations WHERE account_id = ?1{lock:update}",
                 account_id);
}

absl::StatusOr<std::optional<domain::Organization>> Organizations::FindToReference(
    std::string_view account_id) {
  return FindOne(s_,
                 "SELECT " ORGANIZATION_COLUMNS ", {micros:update_time}"
                 " FROM organizations WHERE account_id = ?1{lock:key_share}",
                 account_id);
}

absl::Status Organizations::Save(const domain::Organization& o) {
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> save,
      s_.Prepare("INSERT INTO organizations (" ORGANIZATION_COLUMNS ", {time:update_time}) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                 "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27) "
                 "ON CONFLICT (account_id) DO UPDATE SET legal_name = excluded.legal_name, "
                 "trading_name = excluded.trading_name, address_line1 = excluded.address_line1, "
                 "address_line2 = excluded.address_line2, address_city = excluded.address_city, "
                 "address_postal_code = excluded.address_postal_code, "
                 "address_region = excluded.address_region, "
                 "address_country = excluded.address_country, "
                 "tax_id_type = excluded.tax_id_type, tax_id = excluded.tax_id, "
                 "company_id = excluded.company_id, email = excluded.email, "
                 "phone = excluded.phone, iban = excluded.iban, bic = excluded.bic, "
                 "bank_name = excluded.bank_name, account_name = excluded.account_name, "
                 "payment_note = excluded.payment_note, "
                 "default_payment_terms_days = excluded.default_payment_terms_days, "
                 "invoice_number_prefix = excluded.invoice_number_prefix, "
                 "credit_note_number_prefix = excluded.credit_note_number_prefix, "
                 "electronic_address_scheme = excluded.electronic_address_scheme, "
                 "electronic_address_value = excluded.electronic_address_value, "
                 "time_zone = excluded.time_zone, "
                 "reminder_schedule = excluded.reminder_schedule, "
                 "{time:update_time} = excluded.{time:update_time}"));
  const domain::ElectronicAddress none;
  const domain::ElectronicAddress& address =
      o.electronic_address.has_value() ? *o.electronic_address : none;
  save->BindText(1, o.account_id)
      .BindText(2, o.legal_name)
      .BindText(3, o.trading_name)
      .BindText(4, o.address.line1)
      .BindText(5, o.address.line2)
      .BindText(6, o.address.city)
      .BindText(7, o.address.postal_code)
      .BindText(8, o.address.region)
      .BindText(9, o.address.country)
      .BindText(10, o.tax_id.has_value() ? domain::TaxIdTypeName(o.tax_id->type) : "")
      .BindText(11, o.tax_id.has_value() ? std::string_view(o.tax_id->value) : "")
      .BindText(12, o.company_id)
      .BindText(13, o.email)
      .BindText(14, o.phone)
      .BindText(15, o.payment_instructions.iban)
      .BindText(16, o.payment_instructions.bic)
      .BindText(17, o.payment_instructions.bank_name)
      .BindText(18, o.payment_instructions.account_name)
      .BindText(19, o.payment_instructions.note)
      .BindInt64(20, o.default_payment_terms_days)
      .BindText(21, o.invoice_number_prefix)
      .BindText(22, o.credit_note_number_prefix)
      .BindText(23, address.scheme)
      .BindText(24, address.value)
      .BindText(25, o.time_zone)
      .BindText(26, absl::StrJoin(o.reminder_schedule, ","))
      .BindTime(27, o.update_time);
  return save->Run();
}

}  // namespace billing::storage::sql
