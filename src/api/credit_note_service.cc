#include "api/credit_note_service.h"

#include "api/convert_credit_note.h"
#include "api/document_reply.h"
#include "api/handler_support.h"
#include "api/write_conditions.h"

namespace billing::api {

grpc::Status CreditNoteServiceImpl::CreateCreditNote(grpc::ServerContext* context,
                                                     const v1::CreateCreditNoteRequest* request,
                                                     v1::CreditNote* response) {
  absl::StatusOr<app::CallContext> caller = AuthorizeWrite(
      authorizer_, *context, auth::Scope::kInvoicesWrite, *request, request->etag());
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(
      *context, *caller,
      notes_.Create(*caller, request->invoice_id(), ToCreditNoteInput(request->credit_note())),
      response, [&](domain::CreditNote note) { *response = ToProto(note); });
}

grpc::Status CreditNoteServiceImpl::GetCreditNote(grpc::ServerContext* context,
                                                  const v1::GetCreditNoteRequest* request,
                                                  v1::CreditNote* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kInvoicesRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  return Reply(*context, notes_.Get(*caller, request->credit_note_id()),
               [&](domain::CreditNote note) { *response = ToProto(note); });
}

grpc::Status CreditNoteServiceImpl::ListCreditNotes(grpc::ServerContext* context,
                                                    const v1::ListCreditNotesRequest* request,
                                                    v1::ListCreditNotesResponse* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kInvoicesRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  const app::CreditNoteFilter filter{.invoice_id = request->invoice_id(),
                                     .customer_id = request->customer_id()};
  return Reply(*context, notes_.List(*caller, request->page(), request->page_size(), filter,
                           request->page_token()),
               [&](domain::Page<domain::CreditNote> page) {
                 for (const domain::CreditNote& note : page.items) {
                   *response->add_credit_notes() = ToProto(note);
                 }
                 FillPaging(page, *response);
               });
}

grpc::Status CreditNoteServiceImpl::GetCreditNotePdf(grpc::ServerContext* context,
                                                     const v1::GetCreditNotePdfRequest* request,
                                                     google::api::HttpBody* response) {
  return ReplyDocument(*context, authorizer_, request->credit_note_id(), DocumentFormat::kPdf,
                       [&](const app::CallContext& caller) {
                         return notes_.Document(caller, request->credit_note_id());
                       },
                       response);
}

grpc::Status CreditNoteServiceImpl::GetCreditNoteEInvoice(
    grpc::ServerContext* context, const v1::GetCreditNoteEInvoiceRequest* request,
    google::api::HttpBody* response) {
  return ReplyDocument(*context, authorizer_, request->credit_note_id(),
                       DocumentFormat::kEInvoice,
                       [&](const app::CallContext& caller) {
                         return notes_.Document(caller, request->credit_note_id());
                       },
                       response);
}

}  // namespace billing::api
