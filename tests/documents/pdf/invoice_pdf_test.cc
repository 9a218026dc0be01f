// The invoice PDF through the tools a reader and a validator use: pdftotext
// (what a person or accounts payable can copy out), pdffonts (every font
// embedded), qpdf --check (a well-formed file), pdfinfo (pages, dates), and
// the bytes of renders in other processes. A missing tool fails the test:
// scripts/install-deps.sh installs poppler-utils and qpdf.
#include "documents/pdf/invoice_pdf.h"

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "documents/pdf/sample_documents.h"
#include "domain/decimal_quantity.h"
#include "domain/money.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::documents {
namespace {

using ::billing::testing::IsOk;
using ::billing::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

struct ToolRun {
  int exit_code = -1;
  std::string output;  // stdout
};

// Runs a shell command; 127 (not found) is a failure of the test, never a
// reason to skip it.
ToolRun RunTool(const std::string& command) {
  ToolRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return run;
  }
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (run.exit_code == 127) {
    ADD_FAILURE() << "not installed (scripts/install-deps.sh installs poppler-utils and qpdf): "
                  << command;
  }
  return run;
}

std::string TempPath(const std::string& name) {
  return absl::StrCat(::testing::TempDir(), "/invoice_pdf_test_", name);
}

std::string WriteFile(const std::string& name, const std::string& bytes) {
  std::string path = TempPath(name);
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  out.close();
  EXPECT_TRUE(out.good()) << path;
  return path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

domain::InvoiceDocument Sample(const std::string& name, int lines) {
  absl::StatusOr<domain::InvoiceDocument> document = SampleDocument(name, lines);
  EXPECT_THAT(document, IsOk());
  return document.ok() ? *document : domain::InvoiceDocument{};
}

// Renders `document` to TempPath(name) and returns the path.
std::string Render(const domain::InvoiceDocument& document, const std::string& name) {
  absl::StatusOr<std::string> pdf = RenderInvoicePdf(document);
  EXPECT_THAT(pdf, IsOk());
  return WriteFile(name + ".pdf", pdf.ok() ? *pdf : "");
}

// pdftotext's text, in reading order (`layout`: keeping each row on one line).
std::string Text(const std::string& path, bool layout = false, int page = 0) {
  std::string pages = page > 0 ? absl::StrCat(" -f ", page, " -l ", page) : "";
  ToolRun run = RunTool(absl::StrCat("pdftotext -enc UTF-8", layout ? " -layout" : "", pages, " '",
                                 path, "' -"));
  EXPECT_EQ(run.exit_code, 0) << path;
  return run.output;
}

int Pages(const std::string& path) {
  ToolRun run = RunTool(absl::StrCat("pdfinfo '", path, "'"));
  EXPECT_EQ(run.exit_code, 0);
  std::smatch match;
  if (!std::regex_search(run.output, match, std::regex(R"(Pages:\s+(\d+))"))) {
    ADD_FAILURE() << run.output;
    return 0;
  }
  return std::stoi(match[1]);
}

std::string Money(int64_t amount) {
  return absl::StrCat(domain::FormatAmount(amount, *domain::FindCurrency("EUR")), " EUR");
}

TEST(InvoicePdfTest, ShowsTheSellerTheBuyerAndTheTermsAsText) {
  std::string text = Text(Render(Sample("invoice", 10), "identity"));
  for (const char* expected : {
           // The seller: legal name, address, VAT number, company id.
           "Nordlicht Software GmbH", "Friedrichstraße 68", "10117 Berlin",
           "VAT number: DE811907980", "Company id: HRB 123456 B",
           // The buyer: legal name, address, tax ids (Latin with accents).
           "Ærøskøbing Handel ApS", "Vestergade 12", "Att. Zoë Müller", "5970 Ærøskøbing",
           "VAT number: DK13585628", "Company id: 13585628",
           // The number, dates and terms.
           "INV-000042", "2026-12-07", "2027-01-06", "Net 30",
           // Payment instructions.
           "DE89370400440532013000", "COBADEFFXXX"}) {
    EXPECT_THAT(text, HasSubstr(expected));
  }
  std::string rows = Text(TempPath("identity.pdf"), /*layout=*/true);
  EXPECT_THAT(rows, ContainsRegex(R"(Invoice number +INV-000042)"));
  EXPECT_THAT(rows, ContainsRegex(R"(Issue date +2026-12-07)"));
  EXPECT_THAT(rows, ContainsRegex(R"(Due date +2027-01-06)"));
  EXPECT_THAT(rows, ContainsRegex(R"(Payment terms +Net 30)"));
  EXPECT_THAT(rows, ContainsRegex(R"(IBAN +DE89370400440532013000)"));
  EXPECT_THAT(rows, ContainsRegex(R"(BIC +COBADEFFXXX)"));
}

TEST(InvoicePdfTest, ShowsEveryLineTheBreakdownAndTheTotals) {
  domain::InvoiceDocument document = Sample("invoice", 10);
  std::string rows = Text(Render(document, "lines"), /*layout=*/true);
  const domain::Currency eur = *domain::FindCurrency("EUR");
  // Each line on one row: description, quantity, unit price, discount, net,
  // tax rate.
  for (size_t i = 0; i < document.lines.size(); ++i) {
    const domain::DocumentLine& line = document.lines[i];
    std::string discount =
        line.discount_amount == 0 ? "" : domain::FormatAmount(line.discount_amount, eur) + " +";
    std::string rate = line.tax_rate->percentage == 190000 ? "VAT 19%" : "VAT 7%";
    EXPECT_THAT(rows, ContainsRegex(absl::StrCat(
                          std::regex_replace(line.description, std::regex(R"([()])"), R"(\$&)"),
                          " +", std::regex_replace(domain::FormatQuantity(line.quantity),
                                                   std::regex(R"(\.)"), R"(\.)"),
                          " +", domain::FormatAmount(line.unit_amount, eur), " +", discount,
                          domain::FormatAmount(document.tax.lines[i].net, eur), " +", rate)))
        << "line " << i;
  }
  EXPECT_THAT(rows, ContainsRegex("Early booking 10 %"));  // the discount's reason
  EXPECT_THAT(rows, ContainsRegex("Service period 2026-01-01 – 2026-12-31"));
  ASSERT_EQ(document.tax.breakdown.size(), 2u);
  EXPECT_THAT(rows, ContainsRegex(absl::StrCat("VAT 19% +Standard rate \\(S\\) +",
                                               Money(document.tax.breakdown[0].taxable_amount), " +",
                                               Money(document.tax.breakdown[0].tax_amount))));
  EXPECT_THAT(rows, ContainsRegex(absl::StrCat("VAT 7% +Standard rate \\(S\\) +",
                                               Money(document.tax.breakdown[1].taxable_amount), " +",
                                               Money(document.tax.breakdown[1].tax_amount))));
  EXPECT_THAT(rows, ContainsRegex("Subtotal +" + Money(document.tax.subtotal)));
  EXPECT_THAT(rows, ContainsRegex("Tax +" + Money(document.tax.tax_amount)));
  EXPECT_THAT(rows, ContainsRegex("Total +" + Money(document.tax.total)));
  EXPECT_THAT(rows, ContainsRegex("Amount paid +" + Money(document.amount_paid)));
  EXPECT_THAT(rows, ContainsRegex("Amount credited +" + Money(document.amount_credited)));
  EXPECT_THAT(rows, ContainsRegex("Amount due +" + Money(document.amount_due)));
}

// Amounts print with the currency's own decimals (ISO 4217): none for JPY,
// three for KWD; a line without a rate says so.
TEST(InvoicePdfTest, AmountsHaveTheCurrencysDecimals) {
  for (const auto& [currency, unit, due] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"JPY", "12000", "Amount due +[0-9]+ JPY"}, {"KWD", "12\\.000", "Amount due +[0-9]+\\.[0-9]{3} KWD"}}) {
    domain::InvoiceDocument document = Sample("invoice", 1);
    document.currency = currency;
    document.lines[0].tax_rate.reset();
    document.tax.breakdown.clear();
    document.tax.lines[0].entry.reset();
    std::string rows = Text(Render(document, "currency_" + currency), /*layout=*/true);
    EXPECT_THAT(rows, ContainsRegex("Consulting, sprint 1 +7\\.5 +" + unit + " +[0-9.]+ +No tax")) << currency;
    EXPECT_THAT(rows, ContainsRegex(due)) << currency;
    EXPECT_THAT(rows, HasSubstr("Amounts in " + currency)) << currency;
  }
}

TEST(InvoicePdfTest, ReverseChargeSaysSoWithTheExemptionReason) {
  domain::InvoiceDocument document = Sample("reverse-charge", 3);
  ASSERT_EQ(document.tax.breakdown.size(), 1u);
  document.tax.breakdown[0].exemption_reason = "Article 196 of Directive 2006/112/EC";
  std::string text = Text(Render(document, "reverse"));
  EXPECT_THAT(text, HasSubstr("Reverse charge"));
  EXPECT_THAT(text, HasSubstr("Exemption reason: Article 196 of Directive 2006/112/EC (VATEX-EU-AE)"));
  EXPECT_THAT(text, HasSubstr("Łódź Logistyka Sp. z o.o."));
  EXPECT_THAT(text, HasSubstr("VAT number: PL5260250995"));
}

TEST(InvoicePdfTest, CreditNoteNamesItsInvoiceAndWhatItReverses) {
  domain::InvoiceDocument note = Sample("credit-note", 10);
  std::string path = Render(note, "credit");
  EXPECT_THAT(Text(path), HasSubstr("Credit note CN-000007 for invoice INV-000042"));
  std::string rows = Text(path, /*layout=*/true);
  EXPECT_THAT(rows, ContainsRegex("Total credited +119\\.00 EUR"));
  EXPECT_THAT(rows, ContainsRegex("Subtotal +" + Money(note.tax.subtotal)));
  EXPECT_THAT(rows, ContainsRegex("Tax +" + Money(note.tax.tax_amount)));
  EXPECT_THAT(rows, Not(HasSubstr("Amount due")));
  EXPECT_THAT(rows, Not(HasSubstr("Payment instructions")));
}

TEST(InvoicePdfTest, GreekCyrillicAndAccentedNamesComeBackExactly) {
  domain::InvoiceDocument document = Sample("invoice", 3);
  document.buyer.legal_name = "Ζωή Παπαδοπούλου";
  document.buyer.address.line2 = "Иван Петрович Сидоров";
  document.lines[0].description = "Zoë Müller, Łódź, Ærøskøbing";
  std::string text = Text(Render(document, "scripts"));
  EXPECT_THAT(text, HasSubstr("Ζωή Παπαδοπούλου"));
  EXPECT_THAT(text, HasSubstr("Иван Петрович Сидоров"));
  EXPECT_THAT(text, HasSubstr("Zoë Müller, Łódź, Ærøskøbing"));
  EXPECT_THAT(text, HasSubstr("Training day (Ελληνικά, Кириллица)"));
}

// DejaVu Sans has no CJK: the character is printed as its code point, which
// pdftotext reads back as written (docs/documents.md). What the font has is
// left alone, combining accents included.
TEST(InvoicePdfTest, ACharacterTheFontLacksIsShownByItsCodePointNotDropped) {
  domain::InvoiceDocument document = Sample("invoice", 1);
  document.buyer.legal_name = "Acme 中 Trading";  // U+4E2D
  document.lines[0].description = "Cafe\u0301 𝄞 Zoë";  // a combining acute; U+1D11E
  std::string text = Text(Render(document, "missing_glyph"));
  EXPECT_THAT(text, HasSubstr("Acme [U+4E2D] Trading"));
  EXPECT_THAT(text, HasSubstr("[U+1D11E] Zoë"));
  EXPECT_THAT(text, Not(HasSubstr("U+0301")));
  EXPECT_THAT(text, Not(HasSubstr("U+00EB")));
}

TEST(InvoicePdfTest, EveryFontIsEmbeddedAndIsTheDejaVuFile) {
  for (const char* sample : {"invoice", "draft", "credit-note", "reverse-charge"}) {
    std::string path = Render(Sample(sample, 10), absl::StrCat("fonts_", sample));
    ToolRun run = RunTool(absl::StrCat("pdffonts '", path, "'"));
    ASSERT_EQ(run.exit_code, 0);
    std::vector<std::string> lines = absl::StrSplit(run.output, '\n', absl::SkipEmpty());
    ASSERT_GT(lines.size(), 2u) << run.output;  // a heading, a rule, the fonts
    for (size_t i = 2; i < lines.size(); ++i) {
      std::vector<std::string> fields = absl::StrSplit(lines[i], ' ', absl::SkipEmpty());
      ASSERT_GE(fields.size(), 6u) << lines[i];
      // name ... emb sub uni object generation
      EXPECT_EQ(fields[fields.size() - 5], "yes") << sample << ": not embedded: " << lines[i];
      EXPECT_THAT(fields[0], ContainsRegex(R"(^[A-Z]{6}\+DejaVuSans(-Bold)?$)")) << sample;
    }
  }
}

TEST(InvoicePdfTest, QpdfFindsNoErrors) {
  for (const auto& [sample, lines] : std::vector<std::pair<std::string, int>>{
           {"invoice", 10}, {"draft", 40}, {"credit-note", 10}, {"reverse-charge", 10}, {"invoice", 300}}) {
    std::string path = Render(Sample(sample, lines), absl::StrCat("qpdf_", sample, lines));
    ToolRun run = RunTool(absl::StrCat("qpdf --check '", path, "'"));
    EXPECT_EQ(run.exit_code, 0) << sample << " " << lines << ":\n" << run.output;
    EXPECT_THAT(run.output, HasSubstr("No syntax or stream encoding errors found"));
  }
}

TEST(InvoicePdfTest, ATenLineInvoiceIsUnder100KB) {
  absl::StatusOr<std::string> pdf = RenderInvoicePdf(Sample("invoice", 10));
  ASSERT_THAT(pdf, IsOk());
  EXPECT_LT(pdf->size(), 100u * 1024);
}

// The same document gives the same bytes in this process (fonts and caches
// warm) and in two fresh ones, one of them with a fontconfig configuration
// that would put DejaVu Serif first and another locale: nothing installed or
// configured on the machine reaches the PDF. Its CreationDate is the issue
// date, not the time of rendering.
TEST(InvoicePdfTest, TheSameDocumentIsTheSameBytesInEveryProcess) {
  std::string here = ReadFile(Render(Sample("invoice", 300), "bytes_here"));
  ASSERT_FALSE(here.empty());
  std::string config = WriteFile("fonts.conf", R"(<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts</dir>
  <match target="pattern">
    <edit name="family" mode="prepend" binding="strong"><string>DejaVu Serif</string></edit>
  </match>
  <match target="font">
    <edit name="hintstyle" mode="assign"><const>hintfull</const></edit>
    <edit name="embolden" mode="assign"><bool>true</bool></edit>
  </match>
</fontconfig>
)");
  std::string first = TempPath("bytes_child1.pdf");
  std::string second = TempPath("bytes_child2.pdf");
  EXPECT_EQ(RunTool(absl::StrCat("'", RENDER_SAMPLE_PDF, "' invoice 300 '", first, "'")).exit_code, 0);
  EXPECT_EQ(RunTool(absl::StrCat("FONTCONFIG_FILE='", config, "' LC_ALL=C.UTF-8 LANG=el_GR.UTF-8 '",
                             RENDER_SAMPLE_PDF, "' invoice 300 '", second, "'"))
                .exit_code,
            0);
  EXPECT_TRUE(ReadFile(first) == here) << "a render in another process differs";
  EXPECT_TRUE(ReadFile(second) == here) << "the machine's font configuration reached the PDF";

  ToolRun info = RunTool(absl::StrCat("pdfinfo -isodates '", first, "'"));
  EXPECT_THAT(info.output, ContainsRegex(R"(CreationDate: +2026-12-07T00:00:00)"));
  EXPECT_THAT(info.output, Not(HasSubstr("ModDate")));
}

TEST(InvoicePdfTest, A300LineInvoiceFlowsOntoPagesThatRepeatTheHeader) {
  domain::InvoiceDocument document = Sample("invoice", 300);
  std::string path = Render(document, "long");
  int pages = Pages(path);
  ASSERT_GE(pages, 3);
  for (int page = 1; page <= pages; ++page) {
    std::string text = Text(path, /*layout=*/false, page);
    EXPECT_THAT(text, HasSubstr(absl::StrCat("Page ", page, " of ", pages))) << "page " << page;
    EXPECT_THAT(text, HasSubstr("Invoice INV-000042")) << "page " << page;
    EXPECT_THAT(text, HasSubstr("Nordlicht Software GmbH")) << "page " << page;
    if (page < pages) {  // every page the lines run over has the table's header
      std::string rows = Text(path, /*layout=*/true, page);
      EXPECT_THAT(rows, ContainsRegex("Description +Qty +Unit price +Discount +Net +Tax"))
          << "page " << page;
    }
  }
  // Every line is somewhere, once.
  std::string all = Text(path, /*layout=*/true);
  for (int sprint = 1; sprint <= 100; ++sprint) {
    std::string description = absl::StrCat("Consulting, sprint ", sprint, " ");
    size_t at = all.find(description);
    EXPECT_NE(at, std::string::npos) << description;
    EXPECT_EQ(all.find(description, at + 1), std::string::npos) << description;
  }
  EXPECT_THAT(Text(path, /*layout=*/true, pages),
              ContainsRegex("Amount due +" + Money(document.amount_due)));
}

TEST(InvoicePdfTest, ADraftSaysDraftOnEveryPageAndHasNoNumber) {
  domain::InvoiceDocument document = Sample("draft", 150);
  document.number = "INV-000099";  // a number a draft must never show
  std::string path = Render(document, "draft");
  int pages = Pages(path);
  ASSERT_GE(pages, 2);
  for (int page = 1; page <= pages; ++page) {
    EXPECT_THAT(Text(path, /*layout=*/false, page), HasSubstr("DRAFT")) << "page " << page;
  }
  std::string text = Text(path);
  EXPECT_THAT(text, Not(HasSubstr("INV-000099")));
  EXPECT_THAT(text, Not(HasSubstr("Invoice number")));
  ToolRun info = RunTool(absl::StrCat("pdfinfo '", path, "'"));
  EXPECT_THAT(info.output, ContainsRegex("Title: +Draft"));
}

// A description or notes longer than a page flow onto the next pages: every
// word is in the text, none clipped at a page's foot.
TEST(InvoicePdfTest, TextLongerThanAPageFlowsOnAndNothingIsClipped) {
  domain::InvoiceDocument document = Sample("invoice", 3);
  std::string description, notes;
  for (int i = 0; i < 900; ++i) absl::StrAppend(&description, "d", 1000 + i, " ");
  for (int i = 0; i < 1500; ++i) absl::StrAppend(&notes, "n", 1000 + i, " ");
  document.lines[1].description = description;
  document.notes = notes;
  document.payment_instructions->note = absl::StrReplaceAll(notes, {{"n", "p"}});
  std::string path = Render(document, "overflow");
  EXPECT_GE(Pages(path), 3);
  std::string text = Text(path);
  for (int i = 0; i < 900; ++i) EXPECT_THAT(text, HasSubstr(absl::StrCat("d", 1000 + i))) << i;
  for (int i = 0; i < 1500; ++i) EXPECT_THAT(text, HasSubstr(absl::StrCat("n", 1000 + i))) << i;
  for (int i = 0; i < 1500; ++i) EXPECT_THAT(text, HasSubstr(absl::StrCat("p", 1000 + i))) << i;
  EXPECT_EQ(RunTool(absl::StrCat("qpdf --check '", path, "'")).exit_code, 0);
}

// The service renders on its worker threads: renders at the same time give
// the same bytes as one alone.
TEST(InvoicePdfTest, RendersOnSeveralThreadsAtOnceAreTheSameBytes) {
  domain::InvoiceDocument document = Sample("invoice", 40);
  absl::StatusOr<std::string> alone = RenderInvoicePdf(document);
  ASSERT_THAT(alone, IsOk());
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 3; ++round) {
        absl::StatusOr<std::string> pdf = RenderInvoicePdf(document);
        results[t] = pdf.ok() ? *pdf : pdf.status().ToString();
        if (results[t] != *alone) return;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& result : results) EXPECT_TRUE(result == *alone);
}

TEST(InvoicePdfTest, RefusesWhatItCannotDrawFaithfully) {
  domain::InvoiceDocument document = Sample("invoice", 1);
  document.template_version = 2;
  EXPECT_THAT(RenderInvoicePdf(document), StatusIs(absl::StatusCode::kInvalidArgument));
  document = Sample("invoice", 1);
  document.currency = "XYZ";
  EXPECT_THAT(RenderInvoicePdf(document), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace billing::documents
