#include "api/convert_customer.h"

#include <utility>

#include "api/convert_common.h"
#include "api/etag.h"

namespace billing::api {

domain::CustomerInput ToCustomerInput(const v1::Customer& customer) {
  return {.name = customer.name(),
          .email = customer.email(),
          .default_currency = customer.default_currency()};
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
  return WithEtag(std::move(out));
}

}  // namespace billing::api
