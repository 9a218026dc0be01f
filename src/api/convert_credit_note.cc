#include "api/convert_credit_note.h"

#include <string>
#include <utility>

#include "api/convert_common.h"
#include "api/convert_invoice.h"
#include "api/etag.h"
#include "domain/dates.h"

namespace billing::api {

domain::CreditNoteInput ToCreditNoteInput(const v1::CreditNote& note) {
  return {.amount = note.amount(), .reason = note.reason(), .memo = note.memo(),
          .currency = note.currency()};
}

v1::CreditNote ToProto(const domain::CreditNote& note) {
  v1::CreditNote out;
  out.set_id(note.id);
  out.set_number(note.number);
  out.set_invoice_id(note.invoice_id);
  out.set_customer_id(note.customer_id);
  out.set_amount(FormatMoney(note.amount, note.currency));
  out.set_currency(note.currency);
  out.set_reason(std::string(domain::CreditNoteReasonName(note.reason)));
  out.set_memo(note.memo);
  out.set_date(domain::FormatDate(note.date));
  SetTimestamp(note.create_time, out.mutable_create_time());
  out.set_subtotal(FormatMoney(domain::NetAmount(note), note.currency));
  out.set_tax_amount(FormatMoney(note.tax_amount, note.currency));
  for (const domain::TaxBreakdownEntry& entry : note.tax_breakdown) {
    *out.add_tax_breakdown() = ToProto(entry, note.currency);
  }
  if (note.delivery.status == domain::InvoiceDeliveryStatus::kNone) {
    // Never queued (issued before notes were emailed): it never changes, and
    // keeps the etag it had before the delivery fields existed.
    out = WithEtag(std::move(out));
    out.set_delivery_status(ToProtoDeliveryStatus(note.delivery.status));
    return out;
  }
  out.set_delivery_status(ToProtoDeliveryStatus(note.delivery.status));
  if (note.delivery.sent_time) SetTimestamp(*note.delivery.sent_time, out.mutable_sent_time());
  out.set_delivery_error(note.delivery.last_error);
  out.set_delivery_attempts(note.delivery.attempts);
  return WithEtag(std::move(out));
}

}  // namespace billing::api
