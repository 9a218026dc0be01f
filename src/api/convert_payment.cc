#include "api/convert_payment.h"

#include <string>

#include "api/convert_common.h"
#include "domain/dates.h"

namespace billing::api {

domain::PaymentInput ToPaymentInput(const v1::Payment& payment) {
  return {.amount = payment.amount(),
          .currency = payment.currency(),
          .method = payment.method(),
          .reference = payment.reference(),
          .received_date = payment.received_date()};
}

v1::Payment ToProto(const domain::Payment& payment) {
  v1::Payment out;
  out.set_id(payment.id);
  out.set_invoice_id(payment.invoice_id);
  out.set_customer_id(payment.customer_id);
  out.set_amount(FormatMoney(payment.amount, payment.currency));
  out.set_currency(payment.currency);
  out.set_method(std::string(domain::PaymentMethodName(payment.method)));
  out.set_reference(payment.reference);
  out.set_received_date(domain::FormatDate(payment.received_date));
  SetTimestamp(payment.create_time, out.mutable_create_time());
  return out;
}

}  // namespace billing::api
