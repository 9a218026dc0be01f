#include "domain/invoice_totals.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/error.h"

namespace billing::domain {

absl::StatusOr<InvoiceTotals> CalculateInvoiceTotals(
    const std::vector<InvoiceTotalsLine>& lines, const std::optional<TaxRateTerms>& default_rate) {
  ViolationCollector violations;
  InvoiceTotals totals;
  std::vector<TaxLine> tax_lines;
  tax_lines.reserve(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    const InvoiceTotalsLine& line = lines[i];
    const std::string prefix = absl::StrCat("line_items[", i, "].");
    TaxLine tax_line;
    tax_line.discount_amount = line.discount_amount;
    tax_line.rate = line.rate.has_value() ? line.rate : default_rate;
    if (line.quantity.ten_thousandths <= 0) {
      violations.Add(prefix + "quantity", "must be greater than 0");
    } else if (line.unit_amount < 0) {
      violations.Add(prefix + "unit_amount", "must not be negative");
    } else {
      absl::StatusOr<int64_t> amount = LineGrossAmount(line.quantity, line.unit_amount);
      if (amount.ok()) {
        tax_line.amount = *amount;
      } else {
        violations.Add(prefix + "amount", std::string(amount.status().message()));
      }
    }
    totals.line_amounts.push_back(tax_line.amount);
    totals.line_rates.push_back(tax_line.rate);
    tax_lines.push_back(std::move(tax_line));
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;
  absl::StatusOr<InvoiceTax> tax = CalculateTax(tax_lines);
  if (!tax.ok()) return tax.status();
  totals.tax = *std::move(tax);
  return totals;
}

absl::StatusOr<InvoiceTotals> TotalsOfLines(const std::vector<LineItem>& items) {
  std::vector<InvoiceTotalsLine> lines;
  lines.reserve(items.size());
  for (const LineItem& item : items) {
    lines.push_back({item.quantity, item.unit_amount, item.discount_amount, item.tax_rate});
  }
  return CalculateInvoiceTotals(lines, std::nullopt);
}

std::vector<InvoiceTotalsLine> UntaxedLines(const std::vector<LineItem>& items) {
  std::vector<InvoiceTotalsLine> lines;
  lines.reserve(items.size());
  for (const LineItem& item : items) {
    lines.push_back({item.quantity, item.unit_amount, 0, std::nullopt});
  }
  return lines;
}

absl::Status CheckTaxRateChange(const TaxRateTerms& current, const TaxRateTerms& proposed,
                                bool country_changes, bool in_use) {
  if (!in_use) return absl::OkStatus();
  std::vector<std::string> changed;
  if (proposed.percentage != current.percentage) changed.push_back("percentage");
  if (proposed.inclusive != current.inclusive) changed.push_back("inclusive");
  if (proposed.category != current.category) changed.push_back("category");
  if (country_changes) changed.push_back("country");
  if (changed.empty()) return absl::OkStatus();
  return Error(ErrorCode::kTaxRateInUse,
               absl::StrCat("the tax rate is used on an invoice, so its ",
                            absl::StrJoin(changed, ", "),
                            " cannot change; archive it (active: false) and create a new rate"));
}

}  // namespace billing::domain
