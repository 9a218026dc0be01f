#ifndef BILLING_API_CREDIT_NOTE_SERVICE_H_
#define BILLING_API_CREDIT_NOTE_SERVICE_H_

#include "api/authorization.h"
#include "app/credit_notes.h"
#include "billing/v1/credit_note.grpc.pb.h"

namespace billing::api {

// Credit notes are part of invoicing: the invoices scopes govern them.
class CreditNoteServiceImpl final : public v1::CreditNoteService::Service {
 public:
  CreditNoteServiceImpl(app::CreditNotes& notes, const Authorizer& authorizer)
      : authorizer_(authorizer), notes_(notes) {}

  grpc::Status CreateCreditNote(grpc::ServerContext* context,
                                const v1::CreateCreditNoteRequest* request,
                                v1::CreditNote* response) override;
  grpc::Status GetCreditNote(grpc::ServerContext* context, const v1::GetCreditNoteRequest* request,
                             v1::CreditNote* response) override;
  grpc::Status ListCreditNotes(grpc::ServerContext* context,
                               const v1::ListCreditNotesRequest* request,
                               v1::ListCreditNotesResponse* response) override;
  // The credit note's PDF and UBL CreditNote (issue 23), as the invoice's.
  grpc::Status GetCreditNotePdf(grpc::ServerContext* context,
                                const v1::GetCreditNotePdfRequest* request,
                                google::api::HttpBody* response) override;
  grpc::Status GetCreditNoteEInvoice(grpc::ServerContext* context,
                                     const v1::GetCreditNoteEInvoiceRequest* request,
                                     google::api::HttpBody* response) override;

 private:
  const Authorizer& authorizer_;
  app::CreditNotes& notes_;
};

}  // namespace billing::api

#endif  // BILLING_API_CREDIT_NOTE_SERVICE_H_
