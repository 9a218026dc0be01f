#include "api/ledger_service.h"

#include "api/convert_common.h"
#include "api/handler_support.h"
#include "domain/dates.h"
#include "domain/write_off.h"

namespace billing::api {
namespace {

v1::LedgerEntryKind ToProtoKind(std::string_view kind) {
  if (kind == domain::kLedgerInvoiceProcessed) return v1::LEDGER_ENTRY_KIND_INVOICE;
  if (kind == domain::kLedgerPaymentReceived) return v1::LEDGER_ENTRY_KIND_PAYMENT;
  if (kind == domain::kLedgerCreditNoteIssued) return v1::LEDGER_ENTRY_KIND_CREDIT_NOTE;
  if (kind == domain::kLedgerInvoiceCancelled) return v1::LEDGER_ENTRY_KIND_CANCELLATION;
  if (kind == domain::kLedgerWriteOff) return v1::LEDGER_ENTRY_KIND_WRITE_OFF;
  if (kind == domain::kLedgerWriteOffReversal) return v1::LEDGER_ENTRY_KIND_WRITE_OFF_REVERSAL;
  return v1::LEDGER_ENTRY_KIND_UNSPECIFIED;
}

v1::LedgerEntry ToProto(const domain::StatementLine& line) {
  const domain::LedgerEntry& entry = line.entry;
  v1::LedgerEntry out;
  out.set_id(entry.id);
  out.set_kind(ToProtoKind(entry.kind));
  out.set_invoice_id(entry.invoice_id);
  // Rows written before documents were recorded name the invoice.
  out.set_document_id(entry.document_id.empty() ? entry.invoice_id : entry.document_id);
  out.set_amount(FormatMoney(entry.amount, entry.currency));
  out.set_currency(entry.currency);
  out.set_date(domain::FormatDate(line.date));
  out.set_running_balance(FormatMoney(line.running_balance, entry.currency));
  SetTimestamp(entry.create_time, out.mutable_create_time());
  return out;
}

}  // namespace

grpc::Status LedgerServiceImpl::ListLedgerEntries(grpc::ServerContext* context,
                                                  const v1::ListLedgerEntriesRequest* request,
                                                  v1::ListLedgerEntriesResponse* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kInvoicesRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  return Reply(*context,
               statements_.List(*caller, request->customer_id(), request->page(),
                                request->page_size(), request->page_token()),
               [&](domain::Page<domain::StatementLine> page) {
                 for (const domain::StatementLine& line : page.items) {
                   *response->add_ledger_entries() = ToProto(line);
                 }
                 FillPaging(page, *response);
               });
}

}  // namespace billing::api
