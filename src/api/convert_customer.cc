#include "api/convert_customer.h"

#include <string>
#include <utility>

#include "api/convert_common.h"
#include "api/convert_organization.h"
#include "api/etag.h"

namespace billing::api {

domain::CustomerInput ToCustomerInput(const v1::Customer& customer) {
  domain::CustomerIdentityInput identity{
      .legal_name = customer.legal_name(),
      .billing_address = FromProto(customer.billing_address()),
      .tax_exempt = customer.tax_exempt(),
      .electronic_address = FromProto(customer.electronic_address())};
  for (const v1::TaxId& id : customer.tax_ids()) {
    identity.tax_ids.push_back({.type = id.type(), .value = id.value()});
  }
  if (customer.has_payment_terms_days()) {
    identity.payment_terms_days = customer.payment_terms_days();
  }
  return {.name = customer.name(),
          .email = customer.email(),
          .default_currency = customer.default_currency(),
          .identity = std::move(identity),
          .invoice_delivery = {.attach_e_invoice =
                                   customer.invoice_delivery().attach_e_invoice()},
          .reminders_enabled =
              !customer.has_reminders_enabled() || customer.reminders_enabled()};
}

v1::Customer ToProto(const domain::Customer& customer) {
  v1::Customer out;
  out.set_id(customer.id);
  out.set_name(customer.name);
  out.set_email(customer.email);
  out.set_default_currency(customer.default_currency);
  SetTimestamp(customer.create_time, out.mutable_create_time());
  SetTimestamp(customer.update_time, out.mutable_update_time());
  for (const domain::CurrencyBalance& balance : customer.balances) {
    v1::CustomerBalance* shown = out.add_balances();
    shown->set_currency(balance.currency);
    shown->set_amount(FormatMoney(balance.amount, balance.currency));
  }
  const domain::CustomerIdentity& identity = customer.identity;
  out.set_legal_name(identity.legal_name);
  if (identity.billing_address != domain::PostalAddress{}) {
    *out.mutable_billing_address() = ToProto(identity.billing_address);
  }
  for (const domain::TaxId& id : identity.tax_ids) {
    v1::TaxId* shown = out.add_tax_ids();
    shown->set_type(std::string(domain::TaxIdTypeName(id.type)));
    shown->set_value(id.value);
  }
  out.set_tax_exempt(std::string(domain::TaxExemptName(identity.tax_exempt)));
  if (identity.payment_terms_days.has_value()) {
    out.set_payment_terms_days(*identity.payment_terms_days);
  }
  if (identity.electronic_address.has_value()) {
    out.mutable_electronic_address()->set_scheme(identity.electronic_address->scheme);
    out.mutable_electronic_address()->set_value(identity.electronic_address->value);
  }
  // Only when not the defaults: an empty message would change the etag of
  // every customer stored before the field existed.
  if (customer.invoice_delivery != domain::CustomerInvoiceDelivery{}) {
    out.mutable_invoice_delivery()->set_attach_e_invoice(
        customer.invoice_delivery.attach_e_invoice);
  }
  // As the organization's default schedule: true (the default) is shown
  // but left out of the digest, so that customers stored before keep
  // their etags.
  if (!customer.reminders_enabled) out.set_reminders_enabled(false);
  out = WithEtag(std::move(out));
  if (customer.reminders_enabled) out.set_reminders_enabled(true);
  return out;
}

}  // namespace billing::api
