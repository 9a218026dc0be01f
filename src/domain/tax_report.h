// The tax report: per currency and per (country, category, percentage), the
// taxable amount and tax of the invoices processed in a period, what the
// credit notes dated in it and the cancellations made in it took back, and
// the net. Pure over records storage streams, so that the report holds one
// row per key whatever the number of invoices.
#ifndef BILLING_DOMAIN_TAX_REPORT_H_
#define BILLING_DOMAIN_TAX_REPORT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "domain/credit_note.h"
#include "domain/credit_note_tax.h"
#include "domain/invoice.h"
#include "domain/tax_calculation.h"
#include "domain/tax_rate.h"

namespace billing::domain {

enum class TaxReportEvent {
  kInvoiceProcessed,  // dated the day it was processed (UTC)
  kCreditNote,        // dated the note's date
  kCancellation,      // dated the day the invoice was cancelled
};

// One line's part of a document, with its rate's terms and country.
struct TaxReportLine {
  std::string country;  // the rate's country (ISO 3166-1); "" if it has none
  TaxCategory category = TaxCategory::kStandard;
  int64_t percentage = 0;      // 1/10000 percent
  int64_t taxable_amount = 0;  // net, minor units, >= 0 as on the document
  int64_t tax_amount = 0;      // minor units, >= 0
};

// One event as storage streams it. A cancellation carries what the
// invoice still charged when it was cancelled (CancellationLines), so that
// credit notes issued before it are not reversed twice.
struct TaxReportRecord {
  TaxReportEvent event = TaxReportEvent::kInvoiceProcessed;
  absl::CivilDay date;
  std::string currency;  // ISO 4217
  std::vector<TaxReportLine> lines;  // lines without a rate are left out
};

// The records' lines from the tax figures. `line_countries` is aligned
// with InvoiceTax::lines: the country of each line's rate ("" for none).
// The invoice's lines with a rate, as processed.
std::vector<TaxReportLine> InvoiceReportLines(const InvoiceTax& tax,
                                              const std::vector<std::string>& line_countries);
// What one credit note reversed, per line with a rate.
std::vector<TaxReportLine> CreditNoteReportLines(const InvoiceTax& tax,
                                                 const CreditNoteTax& note,
                                                 const std::vector<std::string>& line_countries);
// What a cancellation reverses: the invoice less what its credit notes
// reversed before it.
std::vector<TaxReportLine> CancellationLines(const InvoiceTax& tax, const CreditedTax& credited,
                                             const std::vector<std::string>& line_countries);

// The records of one processed invoice (pending, paid, or cancelled after
// processing; a draft has none): processed on its process day (UTC), each
// of `notes` (its credit notes, in issue order) on its date, and, when
// cancelled, what it still charged on its cancellation day (UTC).
// `rate_countries` gives each rate id's country; a line's rate is its own
// tax_rate_id, else the invoice's default.
absl::StatusOr<std::vector<TaxReportRecord>> TaxReportRecords(
    const Invoice& invoice, const std::vector<CreditNote>& notes,
    const std::map<std::string, std::string, std::less<>>& rate_countries);

struct TaxAmounts {
  int64_t taxable_amount = 0;
  int64_t tax_amount = 0;

  friend bool operator==(const TaxAmounts&, const TaxAmounts&) = default;
};

struct TaxReportRow {
  std::string country;
  TaxCategory category = TaxCategory::kStandard;
  int64_t percentage = 0;
  TaxAmounts invoiced;   // invoices processed in the period
  TaxAmounts credited;   // credit notes dated in the period
  TaxAmounts cancelled;  // cancellations made in the period
  TaxAmounts net;        // invoiced - credited - cancelled (may be negative)

  friend bool operator==(const TaxReportRow&, const TaxReportRow&) = default;
};

struct CurrencyTaxReport {
  std::string currency;
  // Ordered by country, then category (UNCL5305 code), then percentage.
  std::vector<TaxReportRow> rows;
  TaxAmounts net;  // the rows' nets summed

  friend bool operator==(const CurrencyTaxReport&, const CurrencyTaxReport&) = default;
};

// Adds records one at a time, keeping one row per key: records dated
// outside [period_start, period_end] (both included) are skipped.
class TaxReportAccumulator {
 public:
  TaxReportAccumulator(absl::CivilDay period_start, absl::CivilDay period_end)
      : period_start_(period_start), period_end_(period_end) {}
  // InvalidArgument when a sum would pass int64 (nothing is added then).
  absl::Status Add(const TaxReportRecord& record);
  // One report per currency present, ordered by currency code.
  std::vector<CurrencyTaxReport> Results() const;

 private:
  using Key = std::tuple<std::string, std::string, std::string_view, int64_t>;
  absl::CivilDay period_start_;
  absl::CivilDay period_end_;
  std::map<Key, TaxReportRow> rows_;  // (currency, country, category code, pct)
};

// The same over all records at once. ValidationError on period_end when it
// is before period_start.
absl::StatusOr<std::vector<CurrencyTaxReport>> CalculateTaxReport(
    const std::vector<TaxReportRecord>& records, absl::CivilDay period_start,
    absl::CivilDay period_end);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_TAX_REPORT_H_
