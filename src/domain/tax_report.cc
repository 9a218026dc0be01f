#include "domain/tax_report.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/invoice_totals.h"

namespace billing::domain {
namespace {

std::string CountryOf(const std::vector<std::string>& line_countries, size_t line) {
  return line < line_countries.size() ? line_countries[line] : std::string();
}

// `net[i]` and `tax[i]` of the lines with a rate, as report lines.
std::vector<TaxReportLine> ReportLines(const InvoiceTax& tax,
                                       const std::vector<std::string>& line_countries,
                                       const std::vector<int64_t>& net,
                                       const std::vector<int64_t>& line_tax) {
  std::vector<TaxReportLine> lines;
  for (size_t i = 0; i < tax.lines.size(); ++i) {
    if (!tax.lines[i].entry.has_value()) continue;
    const TaxBreakdownEntry& entry = tax.breakdown[*tax.lines[i].entry];
    lines.push_back({CountryOf(line_countries, i), entry.category, entry.percentage,
                     i < net.size() ? net[i] : 0, i < line_tax.size() ? line_tax[i] : 0});
  }
  return lines;
}

bool AddTo(TaxAmounts& into, const TaxReportLine& line, int sign) {
  return !__builtin_add_overflow(into.taxable_amount, sign * line.taxable_amount,
                                 &into.taxable_amount) &&
         !__builtin_add_overflow(into.tax_amount, sign * line.tax_amount, &into.tax_amount);
}

}  // namespace

std::vector<TaxReportLine> InvoiceReportLines(const InvoiceTax& tax,
                                              const std::vector<std::string>& line_countries) {
  std::vector<int64_t> net, line_tax;
  for (const LineTaxShare& share : tax.lines) {
    net.push_back(share.net);
    line_tax.push_back(share.tax);
  }
  return ReportLines(tax, line_countries, net, line_tax);
}

std::vector<TaxReportLine> CreditNoteReportLines(const InvoiceTax& tax,
                                                 const CreditNoteTax& note,
                                                 const std::vector<std::string>& line_countries) {
  std::vector<int64_t> net, line_tax;
  for (const LineTaxShare& share : note.lines) {
    net.push_back(share.net);
    line_tax.push_back(share.tax);
  }
  return ReportLines(tax, line_countries, net, line_tax);
}

std::vector<TaxReportLine> CancellationLines(const InvoiceTax& tax, const CreditedTax& credited,
                                             const std::vector<std::string>& line_countries) {
  std::vector<int64_t> net, line_tax;
  for (size_t i = 0; i < tax.lines.size(); ++i) {
    net.push_back(tax.lines[i].net - (i < credited.line_net.size() ? credited.line_net[i] : 0));
    line_tax.push_back(tax.lines[i].tax -
                       (i < credited.line_tax.size() ? credited.line_tax[i] : 0));
  }
  return ReportLines(tax, line_countries, net, line_tax);
}

absl::StatusOr<std::vector<TaxReportRecord>> TaxReportRecords(
    const Invoice& invoice, const std::vector<CreditNote>& notes,
    const std::map<std::string, std::string, std::less<>>& rate_countries) {
  const bool cancelled = invoice.status == InvoiceStatus::kCancelled;
  if (!invoice.process_time.has_value() || invoice.line_items.empty() ||
      (!cancelled && invoice.status != InvoiceStatus::kPending &&
       invoice.status != InvoiceStatus::kPaid &&
       invoice.status != InvoiceStatus::kUncollectible)) {
    return std::vector<TaxReportRecord>{};
  }
  // The lines' frozen terms, as the notes were allocated with them.
  ASSIGN_OR_RETURN(InvoiceTotals totals, TotalsOfLines(invoice.line_items));
  std::vector<std::string> countries;
  for (const LineItem& line : invoice.line_items) {
    const std::string& rate_id =
        line.tax_rate_id.empty() ? invoice.default_tax_rate_id : line.tax_rate_id;
    auto it = rate_countries.find(rate_id);
    countries.push_back(line.tax_rate.has_value() && it != rate_countries.end() ? it->second
                                                                                : "");
  }
  const absl::TimeZone utc = absl::UTCTimeZone();
  std::vector<TaxReportRecord> records;
  records.push_back({TaxReportEvent::kInvoiceProcessed,
                     absl::ToCivilDay(*invoice.process_time, utc), invoice.currency,
                     InvoiceReportLines(totals.tax, countries)});
  std::vector<int64_t> amounts;
  for (const CreditNote& note : notes) amounts.push_back(note.amount);
  ASSIGN_OR_RETURN(std::vector<CreditNoteTax> allocated,
                   AllocateCreditNotesTax(totals.tax, amounts));
  CreditedTax credited;
  for (size_t i = 0; i < notes.size(); ++i) {
    records.push_back({TaxReportEvent::kCreditNote, notes[i].date, invoice.currency,
                       CreditNoteReportLines(totals.tax, allocated[i], countries)});
    credited = AddCredit(totals.tax, credited, allocated[i]);
  }
  if (cancelled) {
    // As revenue dates it (revenue_adjustments.cc): the cancel time, else
    // the last update.
    const absl::Time when = invoice.cancel_time.value_or(invoice.update_time);
    records.push_back({TaxReportEvent::kCancellation, absl::ToCivilDay(when, utc),
                       invoice.currency, CancellationLines(totals.tax, credited, countries)});
  }
  return records;
}

absl::Status TaxReportAccumulator::Add(const TaxReportRecord& record) {
  if (record.date < period_start_ || record.date > period_end_) return absl::OkStatus();
  std::map<Key, TaxReportRow> touched;
  for (const TaxReportLine& line : record.lines) {
    Key key{record.currency, line.country, TaxCategoryCode(line.category), line.percentage};
    auto it = touched.find(key);
    if (it == touched.end()) {
      auto stored = rows_.find(key);
      TaxReportRow row = stored != rows_.end()
                             ? stored->second
                             : TaxReportRow{line.country, line.category, line.percentage,
                                            {}, {}, {}, {}};
      it = touched.emplace(key, std::move(row)).first;
    }
    TaxReportRow& row = it->second;
    TaxAmounts& column = record.event == TaxReportEvent::kInvoiceProcessed ? row.invoiced
                         : record.event == TaxReportEvent::kCreditNote     ? row.credited
                                                                           : row.cancelled;
    const int sign = record.event == TaxReportEvent::kInvoiceProcessed ? 1 : -1;
    if (!AddTo(column, line, 1) || !AddTo(row.net, line, sign)) {
      return absl::InvalidArgumentError("the tax report's sums are too large");
    }
  }
  for (auto& [key, row] : touched) rows_[key] = std::move(row);
  return absl::OkStatus();
}

std::vector<CurrencyTaxReport> TaxReportAccumulator::Results() const {
  std::vector<CurrencyTaxReport> reports;
  for (const auto& [key, row] : rows_) {
    const std::string& currency = std::get<0>(key);
    if (reports.empty() || reports.back().currency != currency) {
      reports.push_back({currency, {}, {}});
    }
    CurrencyTaxReport& report = reports.back();
    report.rows.push_back(row);
    report.net.taxable_amount += row.net.taxable_amount;
    report.net.tax_amount += row.net.tax_amount;
  }
  return reports;
}

absl::StatusOr<std::vector<CurrencyTaxReport>> CalculateTaxReport(
    const std::vector<TaxReportRecord>& records, absl::CivilDay period_start,
    absl::CivilDay period_end) {
  if (period_end < period_start) {
    return ValidationError("period_end", "must not be before period_start");
  }
  TaxReportAccumulator accumulator(period_start, period_end);
  for (const TaxReportRecord& record : records) {
    if (absl::Status status = accumulator.Add(record); !status.ok()) return status;
  }
  return accumulator.Results();
}

}  // namespace billing::domain
