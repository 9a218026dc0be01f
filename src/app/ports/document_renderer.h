// What the invoice mail worker needs to attach an invoice's documents: its
// PDF and its UBL e-invoice, rendered from the frozen InvoiceDocument.
// Implemented over src/documents (the server wires it); a port so that the
// app layer does not link Cairo.
#ifndef BILLING_APP_PORTS_DOCUMENT_RENDERER_H_
#define BILLING_APP_PORTS_DOCUMENT_RENDERER_H_

#include <string>

#include "absl/status/statusor.h"
#include "domain/invoice_document.h"

namespace billing::app {

class DocumentRenderer {
 public:
  virtual ~DocumentRenderer() = default;

  // The PDF's bytes, as GET /pdf answers them. Any error is the renderer's
  // own (fonts, Cairo).
  virtual absl::StatusOr<std::string> Pdf(const domain::InvoiceDocument& document) const = 0;
  // The UBL e-invoice, as GET /e-invoice answers it; E_INVOICE_UNSUPPORTED
  // naming each reason EN 16931 cannot carry.
  virtual absl::StatusOr<std::string> EInvoice(const domain::InvoiceDocument& document) const = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_DOCUMENT_RENDERER_H_
