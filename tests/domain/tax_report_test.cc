#include "domain/tax_report.h"

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "domain/credit_note.h"
#include "domain/credit_note_tax.h"
#include "domain/invoice.h"
#include "domain/error.h"
#include "domain/tax_calculation.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;
using ::billing::testing::IsOkAndHolds;

const TaxRateTerms kVat19{190000, false, TaxCategory::kStandard, "", ""};
const TaxRateTerms kVat7{70000, false, TaxCategory::kStandard, "", ""};
const TaxRateTerms kReverse{0, false, TaxCategory::kReverseCharge, "Reverse charge",
                            "VATEX-EU-AE"};

InvoiceTax Tax(const std::vector<TaxLine>& lines) { return CalculateTax(lines).value(); }

TaxReportRecord Record(TaxReportEvent event, absl::CivilDay date, std::string currency,
                       std::vector<TaxReportLine> lines) {
  return {event, date, std::move(currency), std::move(lines)};
}

const TaxReportRow* Row(const CurrencyTaxReport& report, const std::string& country,
                        TaxCategory category, int64_t percentage) {
  for (const TaxReportRow& row : report.rows) {
    if (row.country == country && row.category == category && row.percentage == percentage) {
      return &row;
    }
  }
  return nullptr;
}

TEST(TaxReportTest, InvoicesMinusCreditNotesAndCancellationsInThePeriod) {
  const absl::CivilDay start(2026, 1, 1), end(2026, 1, 31);
  // Invoice A, processed in January: 100.00 at 19 % (DE), 50.00 reverse
  // charge (FR customer, rate country DE), an untaxed line of 10.00.
  const InvoiceTax a = Tax({{10000, 0, kVat19}, {5000, 0, kReverse}, {1000, 0, std::nullopt}});
  const std::vector<std::string> a_countries = {"DE", "DE", ""};
  // Credit note on A in January: 59.50 back.
  const CreditNoteTax credit = AllocateCreditNoteTax(a, {}, 5950).value();
  // Invoice B, processed in December, cancelled in January.
  const InvoiceTax b = Tax({{20000, 0, kVat19}});
  // Invoice C, processed in February: outside the period.
  const InvoiceTax c = Tax({{30000, 0, kVat7}});
  // Invoice D in USD, January.
  const InvoiceTax d = Tax({{1000, 0, kVat7}});

  const std::vector<TaxReportRecord> records = {
      Record(TaxReportEvent::kInvoiceProcessed, absl::CivilDay(2026, 1, 10), "EUR",
             InvoiceReportLines(a, a_countries)),
      Record(TaxReportEvent::kCreditNote, absl::CivilDay(2026, 1, 20), "EUR",
             CreditNoteReportLines(a, credit, a_countries)),
      Record(TaxReportEvent::kInvoiceProcessed, absl::CivilDay(2025, 12, 31), "EUR",
             InvoiceReportLines(b, {"DE"})),
      Record(TaxReportEvent::kCancellation, absl::CivilDay(2026, 1, 31), "EUR",
             CancellationLines(b, {}, {"DE"})),
      Record(TaxReportEvent::kInvoiceProcessed, absl::CivilDay(2026, 2, 1), "EUR",
             InvoiceReportLines(c, {"DE"})),
      Record(TaxReportEvent::kInvoiceProcessed, absl::CivilDay(2026, 1, 1), "USD",
             InvoiceReportLines(d, {"US"})),
  };
  absl::StatusOr<std::vector<CurrencyTaxReport>> report = CalculateTaxReport(records, start, end);
  ASSERT_THAT(report, IsOk());
  ASSERT_EQ(report->size(), 2u);
  const CurrencyTaxReport& eur = (*report)[0];
  EXPECT_EQ(eur.currency, "EUR");
  ASSERT_EQ(eur.rows.size(), 2u);  // the untaxed line and February's 7 % are in none

  const TaxReportRow* standard = Row(eur, "DE", TaxCategory::kStandard, 190000);
  ASSERT_NE(standard, nullptr);
  EXPECT_EQ(standard->invoiced, (TaxAmounts{10000, 1900}));
  const TaxReportRow* reverse = Row(eur, "DE", TaxCategory::kReverseCharge, 0);
  ASSERT_NE(reverse, nullptr);
  EXPECT_EQ(reverse->invoiced, (TaxAmounts{5000, 0}));
  // The credit's net and tax as AllocateCreditNoteTax split them, per entry.
  EXPECT_EQ(standard->credited, (TaxAmounts{credit.breakdown[0].taxable_amount,
                                            credit.breakdown[0].tax_amount}));
  EXPECT_EQ(reverse->credited, (TaxAmounts{credit.breakdown[1].taxable_amount, 0}));
  EXPECT_GT(standard->credited.tax_amount, 0);
  EXPECT_EQ(standard->cancelled, (TaxAmounts{20000, 3800}));
  EXPECT_EQ(standard->net,
            (TaxAmounts{10000 - standard->credited.taxable_amount - 20000,
                        1900 - standard->credited.tax_amount - 3800}));
  EXPECT_EQ(reverse->net, (TaxAmounts{5000 - reverse->credited.taxable_amount, 0}));
  EXPECT_EQ(eur.net.taxable_amount, standard->net.taxable_amount + reverse->net.taxable_amount);
  EXPECT_EQ(eur.net.tax_amount, standard->net.tax_amount);

  const CurrencyTaxReport& usd = (*report)[1];
  EXPECT_EQ(usd.currency, "USD");
  ASSERT_EQ(usd.rows.size(), 1u);
  EXPECT_EQ(usd.rows[0].country, "US");
  EXPECT_EQ(usd.rows[0].invoiced, (TaxAmounts{1000, 70}));
  EXPECT_EQ(usd.net, (TaxAmounts{1000, 70}));
}

TEST(TaxReportTest, ACancellationAfterCreditNotesReversesOnlyTheRest) {
  const InvoiceTax tax = Tax({{10000, 0, kVat19}, {3333, 0, kVat19}});
  const std::vector<std::string> countries = {"DE", "DE"};
  const CreditNoteTax first = AllocateCreditNoteTax(tax, {}, 4001).value();
  const CreditedTax credited = AddCredit(tax, {}, first);
  const std::vector<TaxReportRecord> records = {
      Record(TaxReportEvent::kInvoiceProcessed, absl::CivilDay(2026, 3, 1), "EUR",
             InvoiceReportLines(tax, countries)),
      Record(TaxReportEvent::kCreditNote, absl::CivilDay(2026, 3, 2), "EUR",
             CreditNoteReportLines(tax, first, countries)),
      Record(TaxReportEvent::kCancellation, absl::CivilDay(2026, 3, 3), "EUR",
             CancellationLines(tax, credited, countries)),
  };
  absl::StatusOr<std::vector<CurrencyTaxReport>> report =
      CalculateTaxReport(records, absl::CivilDay(2026, 3, 1), absl::CivilDay(2026, 3, 31));
  ASSERT_THAT(report, IsOk());
  ASSERT_EQ(report->size(), 1u);
  ASSERT_EQ((*report)[0].rows.size(), 1u);
  const TaxReportRow& row = (*report)[0].rows[0];
  EXPECT_EQ(row.invoiced, (TaxAmounts{13333, 2533}));
  EXPECT_EQ(row.credited.taxable_amount + row.cancelled.taxable_amount, 13333);
  EXPECT_EQ(row.credited.tax_amount + row.cancelled.tax_amount, 2533);
  EXPECT_EQ(row.net, (TaxAmounts{0, 0}));
}

TEST(TaxReportTest, PeriodBoundsAreInclusiveAndOrdered) {
  const InvoiceTax tax = Tax({{10000, 0, kVat19}});
  const std::vector<TaxReportRecord> records = {
      Record(TaxReportEvent::kInvoiceProcessed, absl::CivilDay(2026, 1, 1), "EUR",
             InvoiceReportLines(tax, {"DE"})),
      Record(TaxReportEvent::kInvoiceProcessed, absl::CivilDay(2026, 1, 31), "EUR",
             InvoiceReportLines(tax, {"DE"})),
      Record(TaxReportEvent::kInvoiceProcessed, absl::CivilDay(2026, 2, 1), "EUR",
             InvoiceReportLines(tax, {"DE"})),
  };
  absl::StatusOr<std::vector<CurrencyTaxReport>> report =
      CalculateTaxReport(records, absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 1, 31));
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ((*report)[0].rows[0].invoiced, (TaxAmounts{20000, 3800}));
  EXPECT_THAT(CalculateTaxReport(records, absl::CivilDay(2026, 2, 1), absl::CivilDay(2026, 1, 31)),
              HasErrorCode(ErrorCode::kValidationError));
  absl::StatusOr<std::vector<CurrencyTaxReport>> empty =
      CalculateTaxReport(records, absl::CivilDay(2027, 1, 1), absl::CivilDay(2027, 1, 31));
  ASSERT_THAT(empty, IsOk());
  EXPECT_TRUE(empty->empty());
}

TEST(TaxReportTest, RowsOfOneCurrencyAreKeptApartByCountryCategoryAndPercentage) {
  const std::vector<TaxReportRecord> records = {
      Record(TaxReportEvent::kInvoiceProcessed, absl::CivilDay(2026, 1, 5), "EUR",
             {{"FR", TaxCategory::kStandard, 200000, 100, 20},
              {"DE", TaxCategory::kStandard, 190000, 100, 19},
              {"DE", TaxCategory::kStandard, 70000, 100, 7},
              {"DE", TaxCategory::kZeroRated, 0, 100, 0},
              {"DE", TaxCategory::kStandard, 190000, 200, 38}}),
  };
  absl::StatusOr<std::vector<CurrencyTaxReport>> report =
      CalculateTaxReport(records, absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 1, 31));
  ASSERT_THAT(report, IsOk());
  const std::vector<TaxReportRow>& rows = (*report)[0].rows;
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].country, "DE");
  EXPECT_EQ(rows[0].percentage, 70000);
  EXPECT_EQ(rows[1].percentage, 190000);
  EXPECT_EQ(rows[1].invoiced, (TaxAmounts{300, 57}));
  EXPECT_EQ(rows[2].category, TaxCategory::kZeroRated);
  EXPECT_EQ(rows[3].country, "FR");
  EXPECT_EQ((*report)[0].net, (TaxAmounts{600, 84}));
}

TEST(TaxReportTest, OverflowIsRefusedAndAddsNothing) {
  TaxReportAccumulator accumulator(absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 1, 31));
  const int64_t big = std::numeric_limits<int64_t>::max() - 10;
  ASSERT_THAT(accumulator.Add(Record(TaxReportEvent::kInvoiceProcessed,
                                     absl::CivilDay(2026, 1, 2), "EUR",
                                     {{"DE", TaxCategory::kStandard, 190000, big, 0}})),
              IsOk());
  EXPECT_THAT(accumulator.Add(Record(TaxReportEvent::kInvoiceProcessed,
                                     absl::CivilDay(2026, 1, 3), "EUR",
                                     {{"AT", TaxCategory::kStandard, 200000, 5, 1},
                                      {"DE", TaxCategory::kStandard, 190000, 11, 0}})),
              ::billing::testing::StatusIs(absl::StatusCode::kInvalidArgument));
  const std::vector<CurrencyTaxReport> results = accumulator.Results();
  ASSERT_EQ(results.size(), 1u);
  ASSERT_EQ(results[0].rows.size(), 1u);  // nothing of the refused record, AT included
  EXPECT_EQ(results[0].rows[0].invoiced.taxable_amount, big);
}

LineItem Item(int64_t unit_amount, std::optional<TaxRateTerms> rate, std::string rate_id) {
  LineItem item;
  item.quantity = DecimalQuantity::Whole(1);
  item.unit_amount = unit_amount;
  item.amount = unit_amount;
  item.tax_rate = std::move(rate);
  item.tax_rate_id = std::move(rate_id);
  return item;
}

CreditNote Note(int64_t amount, absl::CivilDay date) {
  CreditNote note;
  note.invoice_id = "inv_1";
  note.amount = amount;
  note.date = date;
  return note;
}

TEST(TaxReportRecordsTest, AProcessedInvoiceItsCreditNotesAndItsCancellation) {
  Invoice invoice;
  invoice.id = "inv_1";
  invoice.currency = "EUR";
  invoice.status = InvoiceStatus::kCancelled;
  invoice.process_time = absl::FromCivil(absl::CivilSecond(2026, 1, 10, 23, 30, 0),
                                         absl::UTCTimeZone());
  invoice.cancel_time = absl::FromCivil(absl::CivilDay(2026, 3, 2), absl::UTCTimeZone());
  invoice.default_tax_rate_id = "txr_de";
  // 100.00 at the default 19 % (DE), 50.00 reverse charge (its own rate,
  // FR), 10.00 untaxed: total 169.00 + 10.00.
  invoice.line_items = {Item(10000, kVat19, ""), Item(5000, kReverse, "txr_fr"),
                        Item(1000, std::nullopt, "")};
  const std::map<std::string, std::string, std::less<>> countries = {{"txr_de", "DE"},
                                                                      {"txr_fr", "FR"}};
  // Two notes of a tenth each (17.90 = 10.00 + 1.90 + 5.00 + 1.00).
  absl::StatusOr<std::vector<TaxReportRecord>> records = TaxReportRecords(
      invoice, {Note(1790, absl::CivilDay(2026, 2, 1)), Note(1790, absl::CivilDay(2026, 2, 3))},
      countries);
  ASSERT_THAT(records, IsOk());
  ASSERT_EQ(records->size(), 4u);
  const std::vector<TaxReportLine> processed = {{"DE", TaxCategory::kStandard, 190000, 10000, 1900},
                                                {"FR", TaxCategory::kReverseCharge, 0, 5000, 0}};
  EXPECT_EQ((*records)[0].event, TaxReportEvent::kInvoiceProcessed);
  EXPECT_EQ((*records)[0].date, absl::CivilDay(2026, 1, 10)) << "the UTC day";
  EXPECT_EQ((*records)[0].currency, "EUR");
  auto same = [](const std::vector<TaxReportLine>& got, const std::vector<TaxReportLine>& want) {
    if (got.size() != want.size()) return false;
    for (size_t i = 0; i < got.size(); ++i) {
      if (got[i].country != want[i].country || got[i].category != want[i].category ||
          got[i].percentage != want[i].percentage ||
          got[i].taxable_amount != want[i].taxable_amount ||
          got[i].tax_amount != want[i].tax_amount) {
        return false;
      }
    }
    return true;
  };
  EXPECT_TRUE(same((*records)[0].lines, processed));
  const std::vector<TaxReportLine> tenth = {{"DE", TaxCategory::kStandard, 190000, 1000, 190},
                                            {"FR", TaxCategory::kReverseCharge, 0, 500, 0}};
  EXPECT_EQ((*records)[1].event, TaxReportEvent::kCreditNote);
  EXPECT_EQ((*records)[1].date, absl::CivilDay(2026, 2, 1));
  EXPECT_TRUE(same((*records)[1].lines, tenth));
  EXPECT_EQ((*records)[2].date, absl::CivilDay(2026, 2, 3));
  EXPECT_TRUE(same((*records)[2].lines, tenth));
  // The cancellation reverses what the notes left: 8/10 of each part.
  EXPECT_EQ((*records)[3].event, TaxReportEvent::kCancellation);
  EXPECT_EQ((*records)[3].date, absl::CivilDay(2026, 3, 2));
  EXPECT_TRUE(same((*records)[3].lines, {{"DE", TaxCategory::kStandard, 190000, 8000, 1520},
                                         {"FR", TaxCategory::kReverseCharge, 0, 4000, 0}}));
}

TEST(TaxReportRecordsTest, DraftsAndInvoicesNeverProcessedHaveNone) {
  Invoice invoice;
  invoice.currency = "EUR";
  invoice.line_items = {Item(10000, kVat19, "txr_de")};
  invoice.status = InvoiceStatus::kDraft;
  EXPECT_THAT(TaxReportRecords(invoice, {}, {}), IsOkAndHolds(::testing::IsEmpty()));
  invoice.status = InvoiceStatus::kCancelled;  // a draft cancelled
  EXPECT_THAT(TaxReportRecords(invoice, {}, {}), IsOkAndHolds(::testing::IsEmpty()));
}

}  // namespace
}  // namespace billing::domain
