#include "domain/credit_note_tax.h"

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "domain/rounding.h"

namespace billing::domain {
namespace {

int64_t At(const std::vector<int64_t>& values, size_t i) {
  return i < values.size() ? values[i] : 0;
}

}  // namespace

absl::StatusOr<CreditNoteTax> AllocateCreditNoteTax(const InvoiceTax& invoice,
                                                    const CreditedTax& before, int64_t amount) {
  if (amount <= 0) return ValidationError("amount", "must be greater than 0");
  const size_t line_count = invoice.lines.size();
  // Group g < breakdown.size() is that entry; the last group holds the
  // untaxed lines.
  const size_t groups = invoice.breakdown.size() + 1;
  std::vector<std::vector<size_t>> group_lines(groups);
  std::vector<int64_t> left_net(line_count);
  std::vector<int64_t> left_tax(line_count);
  std::vector<int64_t> weights(2 * groups, 0);  // net then tax, per group
  __int128 left_total = 0;
  for (size_t i = 0; i < line_count; ++i) {
    const LineTaxShare& line = invoice.lines[i];
    const size_t g = line.entry.value_or(invoice.breakdown.size());
    group_lines[g].push_back(i);
    left_net[i] = line.net - At(before.line_net, i);
    left_tax[i] = line.tax - At(before.line_tax, i);
    if (left_net[i] < 0 || left_tax[i] < 0) {
      return absl::InternalError("earlier credit notes reversed more than the invoice charged");
    }
    weights[2 * g] += left_net[i];
    weights[2 * g + 1] += left_tax[i];
    left_total += __int128{left_net[i]} + left_tax[i];
  }
  if (amount > left_total) {
    return Error(ErrorCode::kCreditExceedsInvoice,
                 absl::StrCat("the credit of ", amount, " minor units exceeds the ",
                              static_cast<int64_t>(left_total),
                              " minor units of the invoice not yet credited"));
  }

  CreditNoteTax note;
  note.amount = amount;
  note.breakdown = invoice.breakdown;
  note.lines.resize(line_count);
  const std::vector<int64_t> group_shares = AllocateLargestRemainder(amount, weights);
  for (size_t g = 0; g < groups; ++g) {
    std::vector<int64_t> net_weights;
    std::vector<int64_t> tax_weights;
    for (size_t i : group_lines[g]) {
      net_weights.push_back(left_net[i]);
      tax_weights.push_back(left_tax[i]);
    }
    const std::vector<int64_t> nets = AllocateLargestRemainder(group_shares[2 * g], net_weights);
    const std::vector<int64_t> taxes =
        AllocateLargestRemainder(group_shares[2 * g + 1], tax_weights);
    for (size_t k = 0; k < group_lines[g].size(); ++k) {
      LineTaxShare& share = note.lines[group_lines[g][k]];
      share.net = nets[k];
      share.tax = taxes[k];
      share.entry = invoice.lines[group_lines[g][k]].entry;
    }
    if (g < invoice.breakdown.size()) {
      note.breakdown[g].taxable_amount = group_shares[2 * g];
      note.breakdown[g].tax_amount = group_shares[2 * g + 1];
    }
    note.subtotal += group_shares[2 * g];
    note.tax_amount += group_shares[2 * g + 1];
  }
  return note;
}

CreditedTax AddCredit(const InvoiceTax& invoice, const CreditedTax& before,
                      const CreditNoteTax& note) {
  CreditedTax after;
  after.line_net.resize(invoice.lines.size());
  after.line_tax.resize(invoice.lines.size());
  for (size_t i = 0; i < invoice.lines.size(); ++i) {
    after.line_net[i] = At(before.line_net, i);
    after.line_tax[i] = At(before.line_tax, i);
    if (i < note.lines.size()) {
      after.line_net[i] += note.lines[i].net;
      after.line_tax[i] += note.lines[i].tax;
    }
  }
  return after;
}

absl::StatusOr<std::vector<CreditNoteTax>> AllocateCreditNotesTax(
    const InvoiceTax& invoice, const std::vector<int64_t>& amounts) {
  std::vector<CreditNoteTax> notes;
  CreditedTax credited;
  for (int64_t amount : amounts) {
    absl::StatusOr<CreditNoteTax> note = AllocateCreditNoteTax(invoice, credited, amount);
    if (!note.ok()) return note.status();
    credited = AddCredit(invoice, credited, *note);
    notes.push_back(*std::move(note));
  }
  return notes;
}

}  // namespace billing::domain
