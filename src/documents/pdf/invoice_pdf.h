// The invoice and credit note PDF (issue 23): a pure, deterministic
// rendering of the frozen InvoiceDocument.
//
// Why Cairo + Pango (Debian's libcairo2, libpango1.0): Pango shapes text
// with HarfBuzz (combining accents, Greek, Cyrillic, right-to-left scripts)
// and wraps it by Unicode's line-breaking rules, and Cairo embeds only the
// subset of each font's glyphs a document uses, with a ToUnicode map so that
// pdftotext and copy-paste give the text back. libHaru has no shaping and
// only single-byte encodings for its built-in layout (UTF-8 needs CID fonts
// set up by hand, no wrapping, no fallback); PoDoFo writes PDF objects well
// but leaves shaping and line breaking to the caller. A headless browser is
// out (issue 23): slow, heavy, fragile.
//
// Determinism: the same document gives the same bytes in every process on
// the same build. The fonts are the fonts-dejavu-core files themselves
// (BILLING_PDF_FONT_DIR), loaded into a private fontconfig configuration that
// holds nothing else, so nothing else installed on the machine can be chosen;
// the PDF's CreationDate is the issue date; the subset tags Cairo writes
// (e.g. QCDRBY+DejaVuSans) are a hash of the glyphs used. Cairo 1.16 writes
// no /ID and no ModDate. A different Cairo, Pango, HarfBuzz or font
// version may lay out or encode differently (its Producer entry names the
// Cairo version): bytes are pinned by the build's packages, which is why a
// processed invoice's PDF should be kept once rendered (docs/documents.md).
//
// A character DejaVu Sans lacks (e.g. CJK) is never dropped: it is printed
// as its code point, "[U+4E2D]", which pdftotext extracts as it reads.
// (Pango's own hex box, left alone, would extract as "42 ED": its two rows
// of digits read column by column.)
#ifndef BILLING_DOCUMENTS_PDF_INVOICE_PDF_H_
#define BILLING_DOCUMENTS_PDF_INVOICE_PDF_H_

#include <string>

#include "absl/status/statusor.h"
#include "domain/invoice_document.h"

namespace billing::documents {

// The one layout this renderer draws (InvoiceDocument::template_version).
inline constexpr int kPdfTemplateVersion = 1;

// The PDF bytes (A4, fonts embedded). InvalidArgument for a currency that is
// not ISO 4217 or a template version this renderer does not draw;
// FailedPrecondition when the font files are missing; Internal when Cairo
// fails.
absl::StatusOr<std::string> RenderInvoicePdf(const domain::InvoiceDocument& document);

}  // namespace billing::documents

#endif  // BILLING_DOCUMENTS_PDF_INVOICE_PDF_H_
