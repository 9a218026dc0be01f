#ifndef BILLING_API_CONVERT_INVOICE_H_
#define BILLING_API_CONVERT_INVOICE_H_

#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "billing/v1/invoice.pb.h"
#include "domain/invoice.h"
#include "domain/invoice_reminder.h"

namespace billing::api {

// nullopt for UNSPECIFIED and for numbers the enum does not define.
std::optional<domain::InvoiceStatus> ToDomainStatus(v1::InvoiceStatus status);
v1::InvoiceStatus ToProtoStatus(domain::InvoiceStatus status);
// Of an invoice's or a credit note's email.
v1::InvoiceDeliveryStatus ToProtoDeliveryStatus(domain::InvoiceDeliveryStatus status);

domain::InvoiceInput ToInvoiceInput(const v1::Invoice& invoice);
v1::Invoice ToProto(const domain::Invoice& invoice);
v1::InvoiceReminder ToProto(const domain::InvoiceReminder& reminder);
// Amounts in `currency`, the percentage as a decimal string ("19", "7.7").
v1::TaxBreakdownEntry ToProto(const domain::TaxBreakdownEntry& entry, std::string_view currency);

}  // namespace billing::api

#endif  // BILLING_API_CONVERT_INVOICE_H_
