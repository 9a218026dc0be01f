#include "api/convert_invoice.h"

#include <utility>

#include "api/convert_common.h"
#include "api/convert_organization.h"
#include "api/etag.h"
#include "domain/dates.h"
#include "domain/receivables.h"

namespace billing::api {

using domain::InvoiceStatus;

std::optional<InvoiceStatus> ToDomainStatus(v1::InvoiceStatus status) {
  switch (status) {
    case v1::INVOICE_STATUS_DRAFT: return InvoiceStatus::kDraft;
    case v1::INVOICE_STATUS_PENDING: return InvoiceStatus::kPending;
    case v1::INVOICE_STATUS_PAID: return InvoiceStatus::kPaid;
    case v1::INVOICE_STATUS_CANCELLED: return InvoiceStatus::kCancelled;
    case v1::INVOICE_STATUS_UNCOLLECTIBLE: return InvoiceStatus::kUncollectible;
    default: return std::nullopt;
  }
}

v1::InvoiceStatus ToProtoStatus(InvoiceStatus status) {
  switch (status) {
    case InvoiceStatus::kDraft: return v1::INVOICE_STATUS_DRAFT;
    case InvoiceStatus::kPending: return v1::INVOICE_STATUS_PENDING;
    case InvoiceStatus::kPaid: return v1::INVOICE_STATUS_PAID;
    case InvoiceStatus::kCancelled: return v1::INVOICE_STATUS_CANCELLED;
    case InvoiceStatus::kUncollectible: return v1::INVOICE_STATUS_UNCOLLECTIBLE;
  }
  return v1::INVOICE_STATUS_UNSPECIFIED;
}

v1::InvoiceDeliveryStatus ToProtoDeliveryStatus(domain::InvoiceDeliveryStatus status) {
  switch (status) {
    case domain::InvoiceDeliveryStatus::kNone: return v1::INVOICE_DELIVERY_STATUS_NOT_SENT;
    case domain::InvoiceDeliveryStatus::kNotConfigured:
      return v1::INVOICE_DELIVERY_STATUS_NOT_CONFIGURED;
    case domain::InvoiceDeliveryStatus::kQueued: return v1::INVOICE_DELIVERY_STATUS_QUEUED;
    case domain::InvoiceDeliveryStatus::kSent: return v1::INVOICE_DELIVERY_STATUS_SENT;
    case domain::InvoiceDeliveryStatus::kFailed: return v1::INVOICE_DELIVERY_STATUS_FAILED;
  }
  return v1::INVOICE_DELIVERY_STATUS_UNSPECIFIED;
}

domain::InvoiceInput ToInvoiceInput(const v1::Invoice& invoice) {
  domain::InvoiceInput input{.customer_id = invoice.customer_id(),
                             .currency = invoice.currency(),
                             .amount = invoice.amount(),
                             .due_date = invoice.due_date(),
                             .notes = invoice.notes(),
                             .status = ToDomainStatus(invoice.status()),
                             .default_tax_rate_id = invoice.default_tax_rate_id()};
  for (const v1::LineItem& line : invoice.line_items()) {
    input.line_items.push_back({.description = line.description(),
                                .quantity = line.quantity(),
                                .unit_amount = line.unit_amount(),
                                .service_period_start = line.service_period_start(),
                                .service_period_end = line.service_period_end(),
                                .quantity_decimal = line.quantity_decimal(),
                                .discount_amount = line.discount_amount(),
                                .tax_rate_id = line.tax_rate_id()});
  }
  return input;
}

v1::TaxBreakdownEntry ToProto(const domain::TaxBreakdownEntry& entry,
                              std::string_view currency) {
  v1::TaxBreakdownEntry out;
  out.set_category(std::string(domain::TaxCategoryCode(entry.category)));
  out.set_percentage(domain::FormatPercentage(entry.percentage));
  out.set_taxable_amount(FormatMoney(entry.taxable_amount, currency));
  out.set_tax_amount(FormatMoney(entry.tax_amount, currency));
  out.set_exemption_reason(entry.exemption_reason);
  out.set_exemption_reason_code(entry.exemption_reason_code);
  return out;
}

v1::Invoice ToProto(const domain::Invoice& invoice) {
  v1::Invoice out;
  out.set_id(invoice.id);
  out.set_customer_id(invoice.customer_id);
  out.set_currency(invoice.currency);
  out.set_amount(FormatMoney(invoice.amount, invoice.currency));
  out.set_status(ToProtoStatus(invoice.status));
  if (invoice.has_due_date) out.set_due_date(domain::FormatDate(invoice.due_date));
  out.set_notes(invoice.notes);
  for (const domain::LineItem& line : invoice.line_items) {
    v1::LineItem* item = out.add_line_items();
    item->set_description(line.description);
    item->set_quantity(line.quantity.WholeUnits().value_or(0));
    item->set_quantity_decimal(domain::FormatQuantity(line.quantity));
    if (line.discount_amount != 0) {
      item->set_discount_amount(FormatMoney(line.discount_amount, invoice.currency));
    }
    item->set_tax_rate_id(line.tax_rate_id);
    item->set_net_amount(FormatMoney(line.net_amount, invoice.currency));
    item->set_tax_amount(FormatMoney(line.tax_amount, invoice.currency));
    item->set_unit_amount(FormatMoney(line.unit_amount, invoice.currency));
    item->set_amount(FormatMoney(line.amount, invoice.currency));
    if (line.service_period_start.has_value()) {
      item->set_service_period_start(domain::FormatDate(*line.service_period_start));
    }
    if (line.service_period_end.has_value()) {
      item->set_service_period_end(domain::FormatDate(*line.service_period_end));
    }
  }
  SetTimestamp(invoice.create_time, out.mutable_create_time());
  SetTimestamp(invoice.update_time, out.mutable_update_time());
  // Unset times stay absent rather than reading as the epoch.
  if (invoice.process_time) SetTimestamp(*invoice.process_time, out.mutable_process_time());
  if (invoice.pay_time) SetTimestamp(*invoice.pay_time, out.mutable_pay_time());
  if (invoice.cancel_time) SetTimestamp(*invoice.cancel_time, out.mutable_cancel_time());
  out.set_number(invoice.number);
  const domain::InvoiceAmounts amounts = domain::AmountsOf(invoice);
  out.set_amount_paid(FormatMoney(amounts.paid, invoice.currency));
  out.set_amount_credited(FormatMoney(amounts.credited, invoice.currency));
  out.set_amount_due(FormatMoney(domain::AmountDue(invoice), invoice.currency));
  out.set_delivery_status(ToProtoDeliveryStatus(invoice.delivery.status));
  if (invoice.delivery.sent_time) {
    SetTimestamp(*invoice.delivery.sent_time, out.mutable_sent_time());
  }
  out.set_delivery_error(invoice.delivery.last_error);
  out.set_delivery_attempts(invoice.delivery.attempts);
  out.set_default_tax_rate_id(invoice.default_tax_rate_id);
  out.set_subtotal(FormatMoney(invoice.subtotal, invoice.currency));
  out.set_tax_amount(FormatMoney(invoice.tax_amount, invoice.currency));
  out.set_total(FormatMoney(invoice.amount, invoice.currency));
  for (const domain::TaxBreakdownEntry& entry : invoice.tax_breakdown) {
    *out.add_tax_breakdown() = ToProto(entry, invoice.currency);
  }
  if (invoice.seller.has_value()) *out.mutable_seller() = ToProto(*invoice.seller);
  if (invoice.buyer.has_value()) *out.mutable_buyer() = ToProto(*invoice.buyer);
  // After the etag: how late it is changes with the day, not the invoice,
  // and If-Match must admit what was read yesterday.
  out = WithEtag(std::move(out));
  out.set_overdue(invoice.days_overdue > 0);
  out.set_days_overdue(static_cast<int32_t>(invoice.days_overdue));
  return out;
}

v1::InvoiceReminder ToProto(const domain::InvoiceReminder& reminder) {
  v1::InvoiceReminder out;
  out.set_offset_days(reminder.offset_days);
  out.set_scheduled_date(domain::FormatDate(reminder.scheduled_date));
  if (reminder.sent_time.has_value()) SetTimestamp(*reminder.sent_time, out.mutable_sent_time());
  switch (reminder.status) {
    case domain::ReminderStatus::kQueued:
      out.set_status(v1::INVOICE_REMINDER_STATUS_QUEUED);
      break;
    case domain::ReminderStatus::kSent:
      out.set_status(v1::INVOICE_REMINDER_STATUS_SENT);
      break;
    case domain::ReminderStatus::kFailed:
      out.set_status(v1::INVOICE_REMINDER_STATUS_FAILED);
      break;
    case domain::ReminderStatus::kSkipped:
      out.set_status(v1::INVOICE_REMINDER_STATUS_SKIPPED);
      break;
  }
  out.set_error(reminder.error);
  return out;
}

}  // namespace billing::api
