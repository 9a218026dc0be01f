#include "api/convert_organization.h"

#include <string>
#include <utility>
#include <vector>

#include "api/convert_common.h"
#include "api/etag.h"

namespace billing::api {

domain::PostalAddress FromProto(const v1::PostalAddress& address) {
  return {.line1 = address.line1(),
          .line2 = address.line2(),
          .city = address.city(),
          .postal_code = address.postal_code(),
          .region = address.region(),
          .country = address.country()};
}

v1::PostalAddress ToProto(const domain::PostalAddress& address) {
  v1::PostalAddress out;
  out.set_line1(address.line1);
  out.set_line2(address.line2);
  out.set_city(address.city);
  out.set_postal_code(address.postal_code);
  out.set_region(address.region);
  out.set_country(address.country);
  return out;
}

domain::ElectronicAddress FromProto(const v1::ElectronicAddress& address) {
  return {.scheme = address.scheme(), .value = address.value()};
}

v1::DocumentParty ToProto(const domain::DocumentParty& party) {
  v1::DocumentParty out;
  out.set_legal_name(party.legal_name);
  out.set_trading_name(party.trading_name);
  *out.mutable_address() = ToProto(party.address);
  for (const domain::TaxId& id : party.tax_ids) {
    v1::TaxId* shown = out.add_tax_ids();
    shown->set_type(std::string(domain::TaxIdTypeName(id.type)));
    shown->set_value(id.value);
  }
  out.set_company_id(party.company_id);
  out.set_email(party.email);
  out.set_phone(party.phone);
  if (party.electronic_address.has_value()) {
    out.mutable_electronic_address()->set_scheme(party.electronic_address->scheme);
    out.mutable_electronic_address()->set_value(party.electronic_address->value);
  }
  return out;
}

domain::OrganizationInput ToOrganizationInput(const v1::Organization& organization) {
  const v1::PaymentInstructions& pay = organization.payment_instructions();
  return {.legal_name = organization.legal_name(),
          .trading_name = organization.trading_name(),
          .address = FromProto(organization.address()),
          .tax_id = organization.tax_id(),
          .company_id = organization.company_id(),
          .email = organization.email(),
          .phone = organization.phone(),
          .payment_instructions = {.iban = pay.iban(),
                                   .bic = pay.bic(),
                                   .bank_name = pay.bank_name(),
                                   .account_name = pay.account_name(),
                                   .note = pay.note()},
          .default_payment_terms_days = organization.default_payment_terms_days(),
          .invoice_number_prefix = organization.invoice_number_prefix(),
          .credit_note_number_prefix = organization.credit_note_number_prefix(),
          .electronic_address = FromProto(organization.electronic_address()),
          .time_zone = organization.time_zone(),
          .reminder_schedule = std::vector<int64_t>(organization.reminder_schedule().begin(),
                                                    organization.reminder_schedule().end())};
}

v1::Organization ToProto(const domain::Organization& organization) {
  v1::Organization out;
  out.set_legal_name(organization.legal_name);
  out.set_trading_name(organization.trading_name);
  *out.mutable_address() = ToProto(organization.address);
  if (organization.tax_id.has_value()) out.set_tax_id(organization.tax_id->value);
  out.set_company_id(organization.company_id);
  out.set_email(organization.email);
  out.set_phone(organization.phone);
  v1::PaymentInstructions* pay = out.mutable_payment_instructions();
  pay->set_iban(organization.payment_instructions.iban);
  pay->set_bic(organization.payment_instructions.bic);
  pay->set_bank_name(organization.payment_instructions.bank_name);
  pay->set_account_name(organization.payment_instructions.account_name);
  pay->set_note(organization.payment_instructions.note);
  out.set_default_payment_terms_days(organization.default_payment_terms_days);
  out.set_invoice_number_prefix(organization.invoice_number_prefix);
  out.set_credit_note_number_prefix(organization.credit_note_number_prefix);
  if (organization.electronic_address.has_value()) {
    out.mutable_electronic_address()->set_scheme(organization.electronic_address->scheme);
    out.mutable_electronic_address()->set_value(organization.electronic_address->value);
  }
  out.set_time_zone(organization.time_zone);
  // The default schedule is left out of the digest, so that organizations
  // stored before reminders existed keep their etags; a change to it moves
  // update_time, so the tag still changes with it.
  const bool default_schedule =
      organization.reminder_schedule == domain::DefaultReminderSchedule();
  if (!default_schedule) {
    for (int offset : organization.reminder_schedule) out.add_reminder_schedule(offset);
  }
  // Never written: no time to show.
  if (organization.update_time != absl::Time()) {
    SetTimestamp(organization.update_time, out.mutable_update_time());
  }
  out = WithEtag(std::move(out));
  if (default_schedule) {
    for (int offset : organization.reminder_schedule) out.add_reminder_schedule(offset);
  }
  return out;
}

}  // namespace billing::api
