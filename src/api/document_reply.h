// The answer of the document routes (issue 23): an invoice's or a credit
// note's PDF or UBL e-invoice as a google.api.HttpBody, shared by
// InvoiceService and CreditNoteService.
#ifndef BILLING_API_DOCUMENT_REPLY_H_
#define BILLING_API_DOCUMENT_REPLY_H_

#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "api/authorization.h"
#include "app/call_context.h"
#include "domain/invoice_document.h"
#include "google/api/httpbody.pb.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

namespace billing::api {

enum class DocumentFormat { kPdf, kEInvoice };

// Authorizes invoices:read, loads the document, renders it and fills
// `response` with its bytes, media type and DocumentFile (named by its
// number; a draft's "draft-<id>"). A draft has no e-invoice
// (INVOICE_NOT_ISSUED); the UBL writer's E_INVOICE_UNSUPPORTED passes as
// is; a renderer's own failure is INTERNAL.
grpc::Status ReplyDocument(
    grpc::ServerContext& context, const Authorizer& authorizer, std::string_view id,
    DocumentFormat format,
    absl::FunctionRef<absl::StatusOr<domain::InvoiceDocument>(const app::CallContext&)> load,
    google::api::HttpBody* response);

}  // namespace billing::api

#endif  // BILLING_API_DOCUMENT_REPLY_H_
