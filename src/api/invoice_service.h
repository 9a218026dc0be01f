#ifndef BILLING_API_INVOICE_SERVICE_H_
#define BILLING_API_INVOICE_SERVICE_H_

#include "api/authorization.h"
#include "app/invoices.h"
#include "billing/v1/invoice.grpc.pb.h"

namespace billing::api {

class InvoiceServiceImpl final : public v1::InvoiceService::Service {
 public:
  InvoiceServiceImpl(app::Invoices& invoices, const Authorizer& authorizer)
      : authorizer_(authorizer), invoices_(invoices) {}

  grpc::Status CreateInvoice(grpc::ServerContext* context, const v1::CreateInvoiceRequest* request,
                             v1::Invoice* response) override;
  grpc::Status GetInvoice(grpc::ServerContext* context, const v1::GetInvoiceRequest* request,
                          v1::Invoice* response) override;
  grpc::Status ListInvoices(grpc::ServerContext* context, const v1::ListInvoicesRequest* request,
                            v1::ListInvoicesResponse* response) override;
  grpc::Status ReplaceInvoice(grpc::ServerContext* context,
                              const v1::ReplaceInvoiceRequest* request,
                              v1::Invoice* response) override;
  grpc::Status UpdateInvoice(grpc::ServerContext* context, const v1::UpdateInvoiceRequest* request,
                             v1::Invoice* response) override;
  grpc::Status DeleteInvoice(grpc::ServerContext* context, const v1::DeleteInvoiceRequest* request,
                             google::protobuf::Empty* response) override;
  grpc::Status ProcessInvoice(grpc::ServerContext* context,
                              const v1::ProcessInvoiceRequest* request,
                              v1::Invoice* response) override;
  grpc::Status CancelInvoice(grpc::ServerContext* context, const v1::CancelInvoiceRequest* request,
                             v1::Invoice* response) override;
  grpc::Status MarkInvoiceUncollectible(grpc::ServerContext* context,
                                        const v1::MarkInvoiceUncollectibleRequest* request,
                                        v1::Invoice* response) override;
  grpc::Status SendInvoice(grpc::ServerContext* context, const v1::SendInvoiceRequest* request,
                           v1::Invoice* response) override;
  grpc::Status ListInvoiceReminders(grpc::ServerContext* context,
                                    const v1::ListInvoiceRemindersRequest* request,
                                    v1::ListInvoiceRemindersResponse* response) override;
  // The invoice's PDF and its UBL e-invoice (issue 23): the bytes as a
  // google.api.HttpBody whose one extension is their DocumentFile.
  grpc::Status GetInvoicePdf(grpc::ServerContext* context, const v1::GetInvoicePdfRequest* request,
                             google::api::HttpBody* response) override;
  grpc::Status GetInvoiceEInvoice(grpc::ServerContext* context,
                                  const v1::GetInvoiceEInvoiceRequest* request,
                                  google::api::HttpBody* response) override;

 private:
  const Authorizer& authorizer_;
  app::Invoices& invoices_;
};

}  // namespace billing::api

#endif  // BILLING_API_INVOICE_SERVICE_H_
