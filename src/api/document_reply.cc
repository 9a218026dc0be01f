#include "api/document_reply.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/handler_support.h"
#include "billing/v1/invoice.pb.h"
#include "documents/pdf/invoice_pdf.h"
#include "documents/ubl/ubl_invoice.h"
#include "domain/error.h"

namespace billing::api {
namespace {

// The renderers' own failures (missing fonts, Cairo) are the server's.
absl::Status RenderFailed(const char* what, const absl::Status& status) {
  return domain::Error(domain::ErrorCode::kInternal,
                       absl::StrCat("the ", what, " could not be produced: ", status.message()));
}

absl::StatusOr<std::string> Render(const domain::InvoiceDocument& document,
                                   DocumentFormat format) {
  if (format == DocumentFormat::kPdf) {
    absl::StatusOr<std::string> pdf = documents::RenderInvoicePdf(document);
    if (!pdf.ok()) return RenderFailed("PDF", pdf.status());
    return pdf;
  }
  if (document.draft) {
    return domain::Error(domain::ErrorCode::kInvoiceNotIssued,
                         "a draft has no e-invoice: it has no number and may still change; "
                         "process it first");
  }
  // E_INVOICE_UNSUPPORTED naming every reason comes from the writer.
  return documents::WriteUblInvoice(document);
}

}  // namespace

grpc::Status ReplyDocument(
    grpc::ServerContext& context, const Authorizer& authorizer, std::string_view id,
    DocumentFormat format,
    absl::FunctionRef<absl::StatusOr<domain::InvoiceDocument>(const app::CallContext&)> load,
    google::api::HttpBody* response) {
  absl::StatusOr<app::CallContext> caller = authorizer.Authorize(context, auth::Scope::kInvoicesRead);
  if (!caller.ok()) return Reply(context, caller.status());
  absl::StatusOr<domain::InvoiceDocument> document = load(*caller);
  if (!document.ok()) return Reply(context, document.status());
  absl::StatusOr<std::string> data = Render(*document, format);
  if (!data.ok()) return Reply(context, data.status());
  const char* extension = format == DocumentFormat::kPdf ? ".pdf" : ".xml";
  response->set_content_type(format == DocumentFormat::kPdf ? "application/pdf"
                                                            : "application/xml");
  response->set_data(*std::move(data));
  v1::DocumentFile file;
  file.set_file_name(document->draft ? absl::StrCat("draft-", std::string(id), extension)
                                     : absl::StrCat(document->number, extension));
  response->add_extensions()->PackFrom(file);
  return grpc::Status::OK;
}

}  // namespace billing::api
