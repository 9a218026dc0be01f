#ifndef BILLING_API_CONVERT_INVOICE_H_
#define BILLING_API_CONVERT_INVOICE_H_

#include <optional>

#include "absl/status/statusor.h"
#include "billing/v1/invoice.pb.h"
#include "domain/invoice.h"

namespace billing::api {

// nullopt for UNSPECIFIED and for numbers the enum does not define.
std::optional<domain::InvoiceStatus> ToDomainStatus(v1::InvoiceStatus status);
v1::InvoiceStatus ToProtoStatus(domain::InvoiceStatus status);

domain::InvoiceInput ToInvoiceInput(const v1::Invoice& invoice);
v1::Invoice ToProto(const domain::Invoice& invoice);

}  // namespace billing::api

#endif  // BILLING_API_CONVERT_INVOICE_H_
