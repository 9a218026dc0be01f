#include "api/invoice_service.h"

#include <algorithm>
#include <string>
#include <utility>

#include "api/convert_common.h"
#include "api/convert_invoice.h"
#include "api/document_reply.h"
#include "api/handler_support.h"
#include "api/write_conditions.h"
#include "absl/strings/str_cat.h"
#include "domain/error.h"

namespace billing::api {
namespace {

using domain::Invoice;

constexpr char kStatusWords[] = "must be one of DRAFT, PENDING, PAID, CANCELLED";

// The list filter; an enum number the contract does not define is refused
// rather than read as "no filter".
absl::StatusOr<app::InvoiceFilter> ToFilter(const v1::ListInvoicesRequest& request) {
  app::InvoiceFilter filter{.customer_id = request.customer_id(), .number = request.number()};
  if (request.status() != v1::INVOICE_STATUS_UNSPECIFIED) {
    filter.status = ToDomainStatus(request.status());
    if (!filter.status.has_value()) return domain::ValidationError("status", kStatusWords);
  }
  if (request.has_overdue()) filter.overdue = request.overdue();
  return filter;
}

absl::StatusOr<domain::InvoiceInput> ToUpdateInput(const v1::UpdateInvoiceRequest& request) {
  domain::InvoiceInput input = ToInvoiceInput(request.invoice());
  const auto& paths = request.update_mask().paths();
  if (std::find(paths.begin(), paths.end(), "status") != paths.end() &&
      !input.status.has_value()) {
    return domain::ValidationError("status", kStatusWords);
  }
  return input;
}

}  // namespace

grpc::Status InvoiceServiceImpl::CreateInvoice(grpc::ServerContext* context,
                                               const v1::CreateInvoiceRequest* request,
                                               v1::Invoice* response) {
  absl::StatusOr<app::CallContext> caller =
      AuthorizeWrite(authorizer_, *context, auth::Scope::kInvoicesWrite, *request);
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(*context, *caller,
                    invoices_.Create(*caller, ToInvoiceInput(request->invoice())), response,
                    [&](Invoice invoice) { *response = ToProto(invoice); });
}

grpc::Status InvoiceServiceImpl::ListInvoiceReminders(
    grpc::ServerContext* context, const v1::ListInvoiceRemindersRequest* request,
    v1::ListInvoiceRemindersResponse* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kInvoicesRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  return Reply(*context,
               invoices_.Reminders(*caller, request->invoice_id(), request->page(),
                                   request->page_size()),
               [&](domain::Page<domain::InvoiceReminder> page) {
                 for (const domain::InvoiceReminder& reminder : page.items) {
                   *response->add_reminders() = ToProto(reminder);
                 }
                 FillPaging(page, *response);
               });
}

grpc::Status InvoiceServiceImpl::GetInvoice(grpc::ServerContext* context,
                                            const v1::GetInvoiceRequest* request,
                                            v1::Invoice* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kInvoicesRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  return Reply(*context, invoices_.Get(*caller, request->invoice_id()),
               [&](Invoice invoice) { *response = ToProto(invoice); });
}

grpc::Status InvoiceServiceImpl::ListInvoices(grpc::ServerContext* context,
                                              const v1::ListInvoicesRequest* request,
                                              v1::ListInvoicesResponse* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kInvoicesRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  absl::StatusOr<app::InvoiceFilter> filter = ToFilter(*request);
  if (!filter.ok()) return Reply(*context, filter.status());
  return Reply(*context,
               invoices_.List(*caller, request->page(), request->page_size(),
                              *filter, request->page_token()),
               [&](domain::Page<Invoice> page) {
                 for (const Invoice& invoice : page.items) {
                   *response->add_invoices() = ToProto(invoice);
                 }
                 FillPaging(page, *response);
               });
}

grpc::Status InvoiceServiceImpl::ReplaceInvoice(grpc::ServerContext* context,
                                                const v1::ReplaceInvoiceRequest* request,
                                                v1::Invoice* response) {
  absl::StatusOr<app::CallContext> caller = AuthorizeWrite(
      authorizer_, *context, auth::Scope::kInvoicesWrite, *request, request->invoice().etag());
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(
      *context, *caller,
      invoices_.Replace(*caller, request->invoice_id(), ToInvoiceInput(request->invoice())),
      response, [&](Invoice invoice) { *response = ToProto(invoice); });
}

grpc::Status InvoiceServiceImpl::UpdateInvoice(grpc::ServerContext* context,
                                               const v1::UpdateInvoiceRequest* request,
                                               v1::Invoice* response) {
  absl::StatusOr<app::CallContext> caller = AuthorizeWrite(
      authorizer_, *context, auth::Scope::kInvoicesWrite, *request, request->invoice().etag());
  if (!caller.ok()) return Reply(*context, caller.status());
  absl::StatusOr<domain::InvoiceInput> input = ToUpdateInput(*request);
  if (!input.ok()) return Reply(*context, input.status());
  return ReplyWrite(
      *context, *caller,
      invoices_.Update(*caller, request->invoice_id(), *input, MaskPaths(request->update_mask())),
      response, [&](Invoice invoice) { *response = ToProto(invoice); });
}

grpc::Status InvoiceServiceImpl::DeleteInvoice(grpc::ServerContext* context,
                                               const v1::DeleteInvoiceRequest* request,
                                               google::protobuf::Empty* /*response*/) {
  absl::StatusOr<app::CallContext> caller =
      AuthorizeWrite(authorizer_, *context, auth::Scope::kInvoicesWrite, *request, request->etag());
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(*context, *caller, invoices_.Delete(*caller, request->invoice_id()));
}

grpc::Status InvoiceServiceImpl::ProcessInvoice(grpc::ServerContext* context,
                                                const v1::ProcessInvoiceRequest* request,
                                                v1::Invoice* response) {
  absl::StatusOr<app::CallContext> caller =
      AuthorizeWrite(authorizer_, *context, auth::Scope::kInvoicesWrite, *request, request->etag());
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(*context, *caller, invoices_.Process(*caller, request->invoice_id()), response,
                    [&](Invoice invoice) { *response = ToProto(invoice); });
}

grpc::Status InvoiceServiceImpl::CancelInvoice(grpc::ServerContext* context,
                                               const v1::CancelInvoiceRequest* request,
                                               v1::Invoice* response) {
  absl::StatusOr<app::CallContext> caller =
      AuthorizeWrite(authorizer_, *context, auth::Scope::kInvoicesWrite, *request, request->etag());
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(*context, *caller, invoices_.Cancel(*caller, request->invoice_id()), response,
                    [&](Invoice invoice) { *response = ToProto(invoice); });
}

grpc::Status InvoiceServiceImpl::MarkInvoiceUncollectible(
    grpc::ServerContext* context, const v1::MarkInvoiceUncollectibleRequest* request,
    v1::Invoice* response) {
  absl::StatusOr<app::CallContext> caller =
      AuthorizeWrite(authorizer_, *context, auth::Scope::kInvoicesWrite, *request, request->etag());
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(*context, *caller, invoices_.MarkUncollectible(*caller, request->invoice_id()),
                    response, [&](Invoice invoice) { *response = ToProto(invoice); });
}

grpc::Status InvoiceServiceImpl::SendInvoice(grpc::ServerContext* context,
                                             const v1::SendInvoiceRequest* request,
                                             v1::Invoice* response) {
  absl::StatusOr<app::CallContext> caller =
      AuthorizeWrite(authorizer_, *context, auth::Scope::kInvoicesWrite, *request, request->etag());
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(*context, *caller, invoices_.Send(*caller, request->invoice_id()), response,
                    [&](Invoice invoice) { *response = ToProto(invoice); });
}

grpc::Status InvoiceServiceImpl::GetInvoicePdf(grpc::ServerContext* context,
                                               const v1::GetInvoicePdfRequest* request,
                                               google::api::HttpBody* response) {
  return ReplyDocument(*context, authorizer_, request->invoice_id(), DocumentFormat::kPdf,
                       [&](const app::CallContext& caller) {
                         return invoices_.Document(caller, request->invoice_id());
                       },
                       response);
}

grpc::Status InvoiceServiceImpl::GetInvoiceEInvoice(grpc::ServerContext* context,
                                                    const v1::GetInvoiceEInvoiceRequest* request,
                                                    google::api::HttpBody* response) {
  return ReplyDocument(*context, authorizer_, request->invoice_id(), DocumentFormat::kEInvoice,
                       [&](const app::CallContext& caller) {
                         return invoices_.Document(caller, request->invoice_id());
                       },
                       response);
}

}  // namespace billing::api
