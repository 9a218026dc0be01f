#include "documents/pdf/invoice_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "domain/dates.h"
#include "domain/money.h"
#include "domain/tax_rate.h"

#ifndef BILLING_PDF_FONT_DIR
#error "BILLING_PDF_FONT_DIR must name the directory of DejaVuSans.ttf"
#endif

namespace billing::documents {
namespace {

using domain::DocumentKind;
using domain::DocumentLine;
using domain::DocumentParty;
using domain::InvoiceDocument;
using domain::TaxCategory;

// A4 in points, the unit of both PDF and this layout.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 42.0;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kFooterHeight = 24.0;
constexpr double kBottom = kPageHeight - kMargin - kFooterHeight;

constexpr std::string_view kRegularFontFile = BILLING_PDF_FONT_DIR "/DejaVuSans.ttf";
constexpr std::string_view kBoldFontFile = BILLING_PDF_FONT_DIR "/DejaVuSans-Bold.ttf";

struct GObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

// The fontconfig configuration every render uses: the two DejaVu Sans files
// and nothing else, so that no other installed font can ever be matched or
// substituted. Made once per process and kept (fontconfig answers queries
// from several threads at once).
absl::StatusOr<FcConfig*> PinnedFontConfig() {
  static const absl::StatusOr<FcConfig*>* const config = [] {
    FcConfig* made = FcConfigCreate();
    if (made == nullptr) {
      return new absl::StatusOr<FcConfig*>(absl::InternalError("fontconfig: FcConfigCreate failed"));
    }
    for (std::string_view file : {kRegularFontFile, kBoldFontFile}) {
      if (!FcConfigAppFontAddFile(made, reinterpret_cast<const FcChar8*>(file.data()))) {
        FcConfigDestroy(made);
        return new absl::StatusOr<FcConfig*>(absl::FailedPreconditionError(
            absl::StrCat("the invoice PDF font ", std::string(file),
                         " cannot be loaded (Debian's fonts-dejavu-core)")));
      }
    }
    return new absl::StatusOr<FcConfig*>(made);
  }();
  return *config;
}

// A font map per thread (Pango's font maps are not thread-safe), made on the
// thread's first render and kept, over the one pinned configuration.
class ThreadFonts {
 public:
  absl::StatusOr<PangoFontMap*> Map() {
    if (map_ != nullptr) return map_.get();
    ASSIGN_OR_RETURN(FcConfig * config, PinnedFontConfig());
    PangoFontMap* map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (map == nullptr) return absl::InternalError("pango: no FreeType font map");
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
    map_.reset(map);
    return map_.get();
  }

 private:
  GObjectPtr<PangoFontMap> map_;
};

struct Style {
  double size = 8.5;
  bool bold = false;
  double gray = 0.0;  // 0 black .. 1 white
};
constexpr Style kBody{8.5, false, 0.0};
constexpr Style kBodyBold{8.5, true, 0.0};
constexpr Style kSmall{7.5, false, 0.35};
constexpr Style kLabel{7.5, true, 0.35};
constexpr Style kHeading{10.0, true, 0.0};
constexpr Style kTitle{20.0, true, 0.0};

std::string CategoryName(TaxCategory category) {
  switch (category) {
    case TaxCategory::kStandard: return "Standard rate";
    case TaxCategory::kZeroRated: return "Zero rated";
    case TaxCategory::kExempt: return "Exempt";
    case TaxCategory::kReverseCharge: return "Reverse charge";
    case TaxCategory::kIntraCommunity: return "Intra-community supply";
    case TaxCategory::kExport: return "Export outside the EU";
    case TaxCategory::kOutsideScope: return "Outside the scope of VAT";
  }
  return std::string(domain::TaxCategoryCode(category));
}

std::string TaxIdLabel(domain::TaxIdType type) {
  switch (type) {
    case domain::TaxIdType::kEuVat:
    case domain::TaxIdType::kGbVat:
    case domain::TaxIdType::kChVat:
    case domain::TaxIdType::kNoVat: return "VAT number";
    case domain::TaxIdType::kUsEin: return "EIN";
    case domain::TaxIdType::kAuAbn: return "ABN";
    case domain::TaxIdType::kOther: return "Tax id";
  }
  return "Tax id";
}

// "VAT 19%", "VAT 0% AE": the rate as a line's Tax column shows it.
std::string RateText(const std::string& display_name, const domain::TaxRateTerms& rate) {
  std::string text = absl::StrCat(display_name.empty() ? "" : display_name + " ",
                                  domain::FormatPercentage(rate.percentage), "%");
  if (rate.category != TaxCategory::kStandard) {
    absl::StrAppend(&text, " ", std::string(domain::TaxCategoryCode(rate.category)));
  }
  return text;
}

std::vector<std::string> PartyLines(const DocumentParty& party) {
  std::vector<std::string> lines;
  if (!party.trading_name.empty() && party.trading_name != party.legal_name) {
    lines.push_back(party.trading_name);
  }
  const domain::PostalAddress& address = party.address;
  for (const std::string* line : {&address.line1, &address.line2}) {
    if (!line->empty()) lines.push_back(*line);
  }
  std::string city = absl::StrJoin({address.postal_code, address.city}, " ");
  if (address.postal_code.empty() || address.city.empty()) city = address.postal_code + address.city;
  if (!city.empty()) lines.push_back(city);
  if (!address.region.empty()) lines.push_back(address.region);
  if (!address.country.empty()) lines.push_back(address.country);
  for (const domain::TaxId& id : party.tax_ids) {
    lines.push_back(absl::StrCat(TaxIdLabel(id.type), ": ", id.value));
  }
  if (!party.company_id.empty()) lines.push_back("Company id: " + party.company_id);
  if (!party.email.empty()) lines.push_back(party.email);
  if (!party.phone.empty()) lines.push_back(party.phone);
  return lines;
}

// The text as it can be drawn: a character the font lacks becomes its code
// point, "[U+4E2D]", in the text itself, so that both the reader and
// pdftotext see which character it was (Pango's own hex box comes out of
// pdftotext as scrambled digits). Characters that take no space (combining
// marks, joiners, variation selectors) are left to Pango, and bytes that are
// not UTF-8 become U+FFFD.
std::string Drawable(std::string_view text, PangoFont* font) {
  std::string valid;
  if (!g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) {
    gchar* made = g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
    valid = made;
    g_free(made);
    text = valid;
  }
  bool ascii = std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  });
  // DejaVu Sans has every ASCII character.
  if (ascii || font == nullptr) return std::string(text);
  std::string out;
  out.reserve(text.size());
  const char* end = text.data() + text.size();
  for (const char* p = text.data(); p < end; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c < 0x80 || g_unichar_iszerowidth(c) || pango_font_has_char(font, c)) {
      out.append(p, g_utf8_next_char(p) - p);
    } else {
      absl::StrAppend(&out, absl::StrFormat("[U+%04X]", c));
    }
  }
  return out;
}

// The line table's columns: x offsets from the margin and widths.
struct Column {
  double x;
  double width;
  PangoAlignment align;
};
constexpr Column kDescription{0, 190, PANGO_ALIGN_LEFT};
constexpr Column kQuantity{196, 44, PANGO_ALIGN_RIGHT};
constexpr Column kUnitPrice{244, 68, PANGO_ALIGN_RIGHT};
constexpr Column kDiscount{316, 60, PANGO_ALIGN_RIGHT};
constexpr Column kNet{380, 72, PANGO_ALIGN_RIGHT};
constexpr Column kTax{458, kContentWidth - 458, PANGO_ALIGN_RIGHT};

// Lays the document out page by page. It runs twice: once without drawing
// to count the pages ("Page 2 of 7"), then drawing; both runs break pages
// at the same places because they measure the same layouts.
class Writer {
 public:
  Writer(const InvoiceDocument& document, const domain::Currency& currency, PangoContext* context,
         cairo_t* cr, int total_pages)
      : doc_(document),
        currency_(currency),
        context_(context),
        cr_(cr),
        drawing_(total_pages > 0),
        total_pages_(total_pages) {
    for (bool bold : {false, true}) {
      PangoFontDescription* description = FontDescription(Style{10, bold, 0});
      (bold ? bold_ : regular_).reset(pango_font_map_load_font(pango_context_get_font_map(context_),
                                                               context_, description));
      pango_font_description_free(description);
    }
  }

  // The number of pages.
  int Run() {
    StartPage();
    LineTable();
    TaxBreakdown();
    Totals();
    Payment();
    Notes();
    FinishPage();
    return page_;
  }

 private:
  static PangoFontDescription* FontDescription(Style style) {
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family_static(font, "DejaVu Sans");
    pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
    return font;
  }

  GObjectPtr<PangoLayout> Layout(std::string_view text, Style style, double width = -1,
                                 PangoAlignment align = PANGO_ALIGN_LEFT) {
    GObjectPtr<PangoLayout> layout(pango_layout_new(context_));
    PangoFontDescription* font = FontDescription(style);
    pango_layout_set_font_description(layout.get(), font);
    pango_font_description_free(font);
    std::string drawable = Drawable(text, style.bold ? bold_.get() : regular_.get());
    text = drawable;
    if (width > 0) {
      pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
      pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    return layout;
  }

  static double Height(PangoLayout* layout) {
    int width = 0, height = 0;
    pango_layout_get_size(layout, &width, &height);
    return static_cast<double>(height) / PANGO_SCALE;
  }
  static double Width(PangoLayout* layout) {
    int width = 0, height = 0;
    pango_layout_get_size(layout, &width, &height);
    return static_cast<double>(width) / PANGO_SCALE;
  }

  void Draw(PangoLayout* layout, double x, double y, Style style) {
    if (!drawing_) return;
    cairo_set_source_rgb(cr_, style.gray, style.gray, style.gray);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout);
  }
  // Draws `text` at (x, y) and returns its height.
  double Text(std::string_view text, double x, double y, Style style, double width = -1,
              PangoAlignment align = PANGO_ALIGN_LEFT) {
    GObjectPtr<PangoLayout> layout = Layout(text, style, width, align);
    Draw(layout.get(), x, y, style);
    return Height(layout.get());
  }
  void Rule(double y, double gray = 0.75, double width = 0.5, double from = 0) {
    if (!drawing_) return;
    cairo_set_source_rgb(cr_, gray, gray, gray);
    cairo_set_line_width(cr_, width);
    cairo_move_to(cr_, kMargin + from, y);
    cairo_line_to(cr_, kMargin + kContentWidth, y);
    cairo_stroke(cr_);
  }

  std::string Money(int64_t amount) const {
    return absl::StrCat(domain::FormatAmount(amount, currency_), " ", doc_.currency);
  }
  std::string Amount(int64_t amount) const { return domain::FormatAmount(amount, currency_); }
  bool CreditNote() const { return doc_.kind == DocumentKind::kCreditNote; }

  // "Invoice INV-000042", "Credit note CN-000007", "Draft invoice".
  std::string Identity() const {
    std::string kind = CreditNote() ? "Credit note" : "Invoice";
    if (doc_.draft) return absl::StrCat("DRAFT ", CreditNote() ? "credit note" : "invoice");
    return absl::StrCat(kind, " ", doc_.number);
  }

  // --- pages ---------------------------------------------------------------

  void StartPage() {
    ++page_;
    y_ = kMargin;
    if (doc_.draft) DraftMark();
    if (page_ == 1) {
      FirstPageHeader();
    } else {
      ContinuationHeader();
    }
    if (in_line_table_) TableHeader();
  }

  void FinishPage() {
    double y = kPageHeight - kMargin - 10;
    Rule(y - 4);
    Text(absl::StrCat(Identity(), " · ", doc_.seller.legal_name), kMargin, y, kSmall,
         kContentWidth * 0.7);
    Text(absl::StrCat("Page ", page_, " of ", total_pages_), kMargin, y, kSmall, kContentWidth,
         PANGO_ALIGN_RIGHT);
    if (drawing_) cairo_show_page(cr_);
  }

  void NewPage() {
    FinishPage();
    StartPage();
  }

  // Starts a new page unless `height` more points fit on this one.
  void Need(double height) {
    if (y_ + height > kBottom) NewPage();
  }

  // A large light diagonal DRAFT behind everything; the headers say DRAFT
  // in text as well, which extracts more reliably than rotated text.
  void DraftMark() {
    if (!drawing_) return;
    GObjectPtr<PangoLayout> layout = Layout("DRAFT", Style{110, true, 0.88});
    cairo_save(cr_);
    cairo_translate(cr_, kPageWidth / 2, kPageHeight / 2);
    cairo_rotate(cr_, -0.9);
    Draw(layout.get(), -Width(layout.get()) / 2, -Height(layout.get()) / 2, Style{110, true, 0.88});
    cairo_restore(cr_);
  }

  void ContinuationHeader() {
    double left = Text(Identity(), kMargin, y_, kHeading, kContentWidth * 0.55);
    double right = Text(doc_.seller.legal_name, kMargin + kContentWidth * 0.55, y_, kBodyBold,
                        kContentWidth * 0.45, PANGO_ALIGN_RIGHT);
    y_ += std::max(left, right) + 4;
    Rule(y_);
    y_ += 10;
  }

  void FirstPageHeader() {
    const double half = kContentWidth / 2;
    // Left: the title and what the document is; right: the seller.
    double left = y_;
    left += Text(CreditNote() ? "Credit note" : "Invoice", kMargin, left, kTitle, half);
    if (doc_.draft) {
      left += Text("DRAFT", kMargin, left, Style{14, true, 0.0}, half);
      left += Text("A preview: not issued, no number.", kMargin, left, kSmall, half);
    }
    if (CreditNote()) {
      std::string line = doc_.draft ? absl::StrCat("Credit note for invoice ", doc_.preceding_invoice_number)
                                    : absl::StrCat("Credit note ", doc_.number, " for invoice ",
                                                   doc_.preceding_invoice_number);
      left += 2 + Text(line, kMargin, left + 2, kBodyBold, half);
    }
    double right = y_;
    right += Text(doc_.seller.legal_name, kMargin + half, right, kBodyBold, half, PANGO_ALIGN_RIGHT);
    for (const std::string& line : PartyLines(doc_.seller)) {
      right += Text(line, kMargin + half, right, kBody, half, PANGO_ALIGN_RIGHT);
    }
    y_ = std::max(left, right) + 14;

    // Left: the buyer; right: the document's particulars.
    left = y_;
    left += Text(CreditNote() ? "CREDIT TO" : "BILL TO", kMargin, left, kLabel, half);
    left += Text(doc_.buyer.legal_name, kMargin, left, kBodyBold, half);
    for (const std::string& line : PartyLines(doc_.buyer)) {
      left += Text(line, kMargin, left, kBody, half);
    }
    std::vector<std::pair<std::string, std::string>> facts;
    if (!doc_.draft) facts.emplace_back(CreditNote() ? "Credit note number" : "Invoice number", doc_.number);
    facts.emplace_back("Issue date", domain::FormatDate(doc_.issue_date));
    if (CreditNote()) {
      facts.emplace_back("Invoice", doc_.preceding_invoice_number);
      if (doc_.preceding_invoice_issue_date.has_value()) {
        facts.emplace_back("Invoice date", domain::FormatDate(*doc_.preceding_invoice_issue_date));
      }
    } else {
      if (doc_.due_date.has_value()) facts.emplace_back("Due date", domain::FormatDate(*doc_.due_date));
      facts.emplace_back("Payment terms", doc_.payment_terms_days == 0
                                              ? std::string("Due on receipt")
                                              : absl::StrCat("Net ", doc_.payment_terms_days));
    }
    if (!doc_.buyer_reference.empty()) facts.emplace_back("Reference", doc_.buyer_reference);
    facts.emplace_back("Currency", doc_.currency);
    right = y_;
    for (const auto& [label, value] : facts) {
      double h = Text(label, kMargin + half + 20, right, kLabel, 100);
      h = std::max(h, Text(value, kMargin + half + 120, right, kBody, half - 120));
      right += h + 2;
    }
    y_ = std::max(left, right) + 16;
  }

  // --- lines -------------------------------------------------------------

  void TableHeader() {
    const std::pair<Column, std::string_view> headings[] = {
        {kDescription, "Description"},
        {kQuantity, "Qty"},
        {kUnitPrice, doc_.tax.inclusive ? "Unit price incl. tax" : "Unit price"},
        {kDiscount, "Discount"},
        {kNet, CreditNote() ? "Net credited" : "Net"},
        {kTax, "Tax"}};
    double height = 0;
    for (const auto& [column, text] : headings) {
      height = std::max(height, Text(text, kMargin + column.x, y_, kLabel, column.width, column.align));
    }
    y_ += height + 3;
    Rule(y_, 0.3, 0.8);
    y_ += 4;
  }

  void LineTable() {
    Text(absl::StrCat("Amounts in ", doc_.currency,
                      doc_.tax.inclusive ? "; unit prices include tax, Net is without tax" : ""),
         kMargin, y_, kSmall);
    y_ += 14;
    in_line_table_ = true;
    TableHeader();
    for (size_t i = 0; i < doc_.lines.size(); ++i) Row(i);
    in_line_table_ = false;
    y_ += 10;
  }

  void Row(size_t index) {
    const DocumentLine& line = doc_.lines[index];
    std::string description = line.description;
    std::vector<std::string> details;
    if (line.service_period_start.has_value() || line.service_period_end.has_value()) {
      details.push_back(absl::StrCat(
          "Service period ",
          line.service_period_start ? domain::FormatDate(*line.service_period_start) : "",
          " – ", line.service_period_end ? domain::FormatDate(*line.service_period_end) : ""));
    }
    if (line.discount_amount != 0) {
      details.push_back(line.discount_reason.empty() ? "Discount" : line.discount_reason);
    }
    int64_t net = index < doc_.tax.lines.size() ? doc_.tax.lines[index].net : 0;
    std::string tax = line.tax_rate.has_value() ? RateText(line.tax_rate_display_name, *line.tax_rate)
                                                : std::string("No tax");

    GObjectPtr<PangoLayout> description_layout = Layout(description, kBody, kDescription.width);
    GObjectPtr<PangoLayout> details_layout;
    if (!details.empty()) details_layout = Layout(absl::StrJoin(details, "\n"), kSmall, kDescription.width);
    std::pair<Column, GObjectPtr<PangoLayout>> cells[] = {
        {kQuantity, Layout(domain::FormatQuantity(line.quantity), kBody, kQuantity.width, kQuantity.align)},
        {kUnitPrice, Layout(Amount(line.unit_amount), kBody, kUnitPrice.width, kUnitPrice.align)},
        {kDiscount, Layout(line.discount_amount == 0 ? "" : Amount(line.discount_amount), kBody,
                           kDiscount.width, kDiscount.align)},
        {kNet, Layout(Amount(net), kBody, kNet.width, kNet.align)},
        {kTax, Layout(tax, kBody, kTax.width, kTax.align)}};
    double description_height = Height(description_layout.get());
    double height = description_height + (details_layout ? Height(details_layout.get()) : 0);
    for (const auto& [column, layout] : cells) height = std::max(height, Height(layout.get()));
    if (height + 6 > kBottom - kMargin - 80) {
      // Taller than a page could hold under its headers (the API's 500
      // characters never are): the description flows on, never clipped.
      Need(40);
      for (const auto& [column, layout] : cells) Draw(layout.get(), kMargin + column.x, y_, kBody);
      Flow(description_layout.get(), kMargin, kBody);
      if (details_layout) Flow(details_layout.get(), kMargin, kSmall);
      y_ += 3;
    } else {
      Need(height + 6);
      Draw(description_layout.get(), kMargin, y_, kBody);
      if (details_layout) Draw(details_layout.get(), kMargin, y_ + description_height, kSmall);
      for (const auto& [column, layout] : cells) Draw(layout.get(), kMargin + column.x, y_, kBody);
      y_ += height + 3;
    }
    Rule(y_, 0.88);
    y_ += 3;
  }

  // --- after the lines -----------------------------------------------------

  void TaxBreakdown() {
    const domain::InvoiceTax& tax = doc_.tax;
    std::vector<size_t> entries;
    for (size_t i = 0; i < tax.breakdown.size(); ++i) {
      const domain::TaxBreakdownEntry& entry = tax.breakdown[i];
      // A credit note's breakdown is aligned with its invoice's: entries it
      // does not touch are zeros, and not shown.
      if (CreditNote() && entry.taxable_amount == 0 && entry.tax_amount == 0) continue;
      entries.push_back(i);
    }
    if (entries.empty()) return;
    // The rate's name as the lines call it (the breakdown has no name).
    auto display_name = [&](size_t entry) -> std::string {
      for (size_t i = 0; i < doc_.lines.size() && i < tax.lines.size(); ++i) {
        if (tax.lines[i].entry == entry) return doc_.lines[i].tax_rate_display_name;
      }
      return "";
    };
    constexpr Column kRate{0, 150, PANGO_ALIGN_LEFT};
    constexpr Column kCategory{156, 150, PANGO_ALIGN_LEFT};
    constexpr Column kTaxable{310, 100, PANGO_ALIGN_RIGHT};
    constexpr Column kAmount{416, kContentWidth - 416, PANGO_ALIGN_RIGHT};
    bool heading = false;
    bool reverse_charge = false;
    for (size_t i : entries) {
      const domain::TaxBreakdownEntry& entry = tax.breakdown[i];
      reverse_charge = reverse_charge || entry.category == TaxCategory::kReverseCharge;
      std::string name = display_name(i);
      std::pair<Column, GObjectPtr<PangoLayout>> cells[] = {
          {kRate, Layout(absl::StrCat(name.empty() ? "" : name + " ",
                                      domain::FormatPercentage(entry.percentage), "%"),
                         kBody, kRate.width)},
          {kCategory, Layout(absl::StrCat(CategoryName(entry.category), " (",
                                          std::string(domain::TaxCategoryCode(entry.category)), ")"),
                             kBody, kCategory.width)},
          {kTaxable, Layout(Money(entry.taxable_amount), kBody, kTaxable.width, kTaxable.align)},
          {kAmount, Layout(Money(entry.tax_amount), kBody, kAmount.width, kAmount.align)}};
      GObjectPtr<PangoLayout> reason;
      if (!entry.exemption_reason.empty() || !entry.exemption_reason_code.empty()) {
        std::string text = "Exemption reason: " + entry.exemption_reason;
        if (!entry.exemption_reason_code.empty()) {
          absl::StrAppend(&text, entry.exemption_reason.empty() ? "" : " ", "(",
                          entry.exemption_reason_code, ")");
        }
        reason = Layout(text, kSmall, kContentWidth);
      }
      double height = 0;
      for (const auto& [column, layout] : cells) height = std::max(height, Height(layout.get()));
      double reason_height = reason ? Height(reason.get()) : 0;
      double heading_height = heading ? 0 : 34;
      Need(heading_height + height + reason_height + 6);
      if (!heading) {
        y_ += Text("Tax breakdown", kMargin, y_, kHeading) + 4;
        const std::pair<Column, std::string_view> headings[] = {
            {kRate, "Rate"}, {kCategory, "Category"}, {kTaxable, "Taxable amount"}, {kAmount, "Tax"}};
        double h = 0;
        for (const auto& [column, text] : headings) {
          h = std::max(h, Text(text, kMargin + column.x, y_, kLabel, column.width, column.align));
        }
        y_ += h + 3;
        Rule(y_, 0.3, 0.8);
        y_ += 4;
        heading = true;
      }
      for (const auto& [column, layout] : cells) Draw(layout.get(), kMargin + column.x, y_, kBody);
      y_ += height;
      if (reason) {
        Draw(reason.get(), kMargin, y_, kSmall);
        y_ += reason_height;
      }
      y_ += 3;
      Rule(y_, 0.88);
      y_ += 3;
    }
    if (reverse_charge) {
      GObjectPtr<PangoLayout> notice = Layout(
          "Reverse charge: the buyer accounts for the VAT on the supplies marked AE.", kBodyBold,
          kContentWidth);
      Need(Height(notice.get()) + 6);
      y_ += 3;
      Draw(notice.get(), kMargin, y_, kBodyBold);
      y_ += Height(notice.get());
    }
    y_ += 12;
  }

  void Totals() {
    std::vector<std::tuple<std::string, int64_t, bool>> rows = {
        {"Subtotal", doc_.tax.subtotal, false},
        {"Tax", doc_.tax.tax_amount, false},
        {CreditNote() ? "Total credited" : "Total", doc_.tax.total, true}};
    if (!CreditNote()) {
      rows.emplace_back("Amount paid", doc_.amount_paid, false);
      rows.emplace_back("Amount credited", doc_.amount_credited, false);
      rows.emplace_back("Amount due", doc_.amount_due, true);
    }
    constexpr double kLeft = kContentWidth - 260;
    double height = 0;
    std::vector<std::pair<GObjectPtr<PangoLayout>, GObjectPtr<PangoLayout>>> layouts;
    for (const auto& [label, amount, bold] : rows) {
      Style style = bold ? kBodyBold : kBody;
      layouts.emplace_back(Layout(label, style, 110),
                           Layout(Money(amount), style, 150, PANGO_ALIGN_RIGHT));
      height += std::max(Height(layouts.back().first.get()), Height(layouts.back().second.get())) + 3;
    }
    Need(height + 6);
    for (size_t i = 0; i < rows.size(); ++i) {
      Style style = std::get<2>(rows[i]) ? kBodyBold : kBody;
      if (std::get<2>(rows[i])) Rule(y_ - 1.5, 0.3, 0.6, kLeft);
      Draw(layouts[i].first.get(), kMargin + kLeft, y_, style);
      Draw(layouts[i].second.get(), kMargin + kContentWidth - 150, y_, style);
      y_ += std::max(Height(layouts[i].first.get()), Height(layouts[i].second.get())) + 3;
    }
    y_ += 10;
  }

  void Payment() {
    if (CreditNote() || !doc_.payment_instructions.has_value()) return;
    const domain::PaymentInstructions& pay = *doc_.payment_instructions;
    std::vector<std::pair<std::string, std::string>> rows;
    if (!pay.account_name.empty()) rows.emplace_back("Account name", pay.account_name);
    if (!pay.bank_name.empty()) rows.emplace_back("Bank", pay.bank_name);
    if (!pay.iban.empty()) rows.emplace_back("IBAN", pay.iban);
    if (!pay.bic.empty()) rows.emplace_back("BIC", pay.bic);
    if (!doc_.draft) rows.emplace_back("Payment reference", doc_.number);
    std::vector<std::pair<GObjectPtr<PangoLayout>, GObjectPtr<PangoLayout>>> layouts;
    double height = 0;
    for (const auto& [label, value] : rows) {
      layouts.emplace_back(Layout(label, kLabel, 110), Layout(value, kBody, kContentWidth - 120));
      height += std::max(Height(layouts.back().first.get()), Height(layouts.back().second.get())) + 2;
    }
    Need(height + 24);
    y_ += Text("Payment instructions", kMargin, y_, kHeading) + 4;
    for (auto& [label, value] : layouts) {
      Draw(label.get(), kMargin, y_, kLabel);
      Draw(value.get(), kMargin + 120, y_, kBody);
      y_ += std::max(Height(label.get()), Height(value.get())) + 2;
    }
    if (!pay.note.empty()) {  // free text: it may run long, so it flows
      y_ += 2;
      Flow(Layout(pay.note, kBody, kContentWidth).get(), kMargin, kBody);
    }
    y_ += 10;
  }

  // Free text of any length: it flows line by line onto as many pages as it
  // needs.
  void Notes() {
    if (doc_.notes.empty()) return;
    GObjectPtr<PangoLayout> layout = Layout(doc_.notes, kBody, kContentWidth);
    Need(28);
    y_ += Text("Notes", kMargin, y_, kHeading) + 4;
    Flow(layout.get(), kMargin, kBody);
  }

  // Draws `layout` line by line from y_, onto as many pages as it needs.
  void Flow(PangoLayout* layout, double x, Style style) {
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    do {
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(iter);
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      double height = static_cast<double>(logical.height) / PANGO_SCALE;
      Need(height);
      if (drawing_) {
        double baseline = static_cast<double>(pango_layout_iter_get_baseline(iter) - logical.y) / PANGO_SCALE;
        cairo_set_source_rgb(cr_, style.gray, style.gray, style.gray);
        cairo_move_to(cr_, x + static_cast<double>(logical.x) / PANGO_SCALE, y_ + baseline);
        pango_cairo_show_layout_line(cr_, line);
      }
      y_ += height;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
  }

  const InvoiceDocument& doc_;
  const domain::Currency& currency_;
  PangoContext* context_;
  cairo_t* cr_;
  const bool drawing_;
  const int total_pages_;
  GObjectPtr<PangoFont> regular_;  // what Drawable checks characters against
  GObjectPtr<PangoFont> bold_;
  int page_ = 0;
  double y_ = kMargin;
  bool in_line_table_ = false;
};

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

absl::StatusOr<std::string> RenderInvoicePdf(const InvoiceDocument& document) {
  if (document.template_version != kPdfTemplateVersion) {
    return absl::InvalidArgumentError(absl::StrCat("PDF template version ", document.template_version,
                                                   " is not one this renderer draws (",
                                                   kPdfTemplateVersion, ")"));
  }
  ASSIGN_OR_RETURN(domain::Currency currency, domain::FindCurrency(document.currency));
  thread_local ThreadFonts fonts;
  ASSIGN_OR_RETURN(PangoFontMap * font_map, fonts.Map());

  std::string pdf;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(AppendToString, &pdf, kPageWidth, kPageHeight);
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface_owner(
      surface, cairo_surface_destroy);
  cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
  // Cairo's CreationDate is the time of rendering unless set: the issue
  // date keeps the bytes the same on every render.
  std::string created = absl::StrCat(domain::FormatDate(document.issue_date), "T00:00:00Z");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created.c_str());
  std::string title = document.draft ? std::string("Draft")
                                     : absl::StrCat(document.kind == DocumentKind::kCreditNote
                                                        ? "Credit note "
                                                        : "Invoice ",
                                                    document.number);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR,
                                 document.seller.legal_name.c_str());
  std::string creator = absl::StrCat("billing invoice PDF template ", kPdfTemplateVersion);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, creator.c_str());

  cairo_t* cr = cairo_create(surface);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr_owner(cr, cairo_destroy);
  GObjectPtr<PangoContext> context(pango_font_map_create_context(font_map));
  // Sizes are absolute (points = PDF units); the language is fixed so that
  // the process's locale never changes shaping or font choice.
  pango_cairo_context_set_resolution(context.get(), 72);
  pango_context_set_language(context.get(), pango_language_from_string("en"));
  pango_cairo_update_context(cr, context.get());

  int pages = Writer(document, currency, context.get(), cr, 0).Run();
  Writer(document, currency, context.get(), cr, pages).Run();

  if (cairo_status_t status = cairo_status(cr); status != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(absl::StrCat("cairo: ", cairo_status_to_string(status)));
  }
  cr_owner.reset();
  cairo_surface_finish(surface);
  if (cairo_status_t status = cairo_surface_status(surface); status != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(absl::StrCat("cairo: ", cairo_status_to_string(status)));
  }
  return pdf;
}

}  // namespace billing::documents
