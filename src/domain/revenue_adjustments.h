// Revenue that never rewrites a closed month. Cancellations and credit notes
// take effect from their own day, so a report for a period that has ended
// gives the same figures, to the minor unit, whatever happens later:
//
// - Cancellation on day D: what was recognized before D stays; from D on
//   nothing more of the invoice is recognized, and its deferred balance
//   drops to zero on D.
// - Credit note dated D: negative revenue, allocated across the invoice's
//   lines in proportion to their amounts (cumulative rounding). Per line,
//   the share that belongs to service days before D is recognized on D; the
//   rest is spread straight-line over the line's remaining service days. A
//   service period entirely before D takes the whole share on D.
//
// The straight-line rules of revenue.h are unchanged: an invoice with no
// cancellation and no credit note gives exactly what CalculateRevenue gives.
#ifndef BILLING_DOMAIN_REVENUE_ADJUSTMENTS_H_
#define BILLING_DOMAIN_REVENUE_ADJUSTMENTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "domain/credit_note.h"
#include "domain/invoice.h"
#include "domain/revenue.h"

namespace billing::domain {

// A straight-line amount (negative for a credit) with the history that
// bounds it.
struct RevenuePiece {
  RecognizableAmount item;
  // The day of the event that created the piece (a credit note's date): a
  // report ending before it neither recognizes nor defers any of it.
  std::optional<absl::CivilDay> known_from;
  // A cancellation day: nothing is recognized from it on, and a report
  // ending on or after it defers nothing.
  std::optional<absl::CivilDay> stopped_on;

  friend bool operator==(const RevenuePiece& a, const RevenuePiece& b) {
    return a.item.currency == b.item.currency && a.item.amount == b.item.amount &&
           a.item.start == b.item.start && a.item.end == b.item.end &&
           a.known_from == b.known_from && a.stopped_on == b.stopped_on;
  }
};

// Recognized by the end of `day`: the item's straight line, frozen from the
// day before stopped_on.
int64_t CumulativeRecognized(const RevenuePiece& piece, absl::CivilDay day);

// Still to recognize as seen at the end of `day`: 0 before known_from and
// from stopped_on on.
int64_t Deferred(const RevenuePiece& piece, absl::CivilDay day);

// `amount` split across `weights` in proportion, with cumulative rounding
// (half up on the magnitude): share i is round(amount x W_i / W) -
// round(amount x W_(i-1) / W) for the running sums W_i, so the shares sum
// exactly to `amount` and each is within one minor unit of its exact share.
// Weights are >= 0; if they are all zero the whole amount goes to the first.
std::vector<int64_t> AllocateProportionally(int64_t amount, const std::vector<int64_t>& weights);

// The negative pieces of a credit of `credit` (> 0) dated `date` on an
// invoice whose lines recognize `lines` (RecognizableAmountsAsInvoiced).
// Each piece is known from `date`; spread pieces stop on `stopped_on`.
std::vector<RevenuePiece> CreditNotePieces(const std::vector<RecognizableAmount>& lines,
                                           int64_t credit, absl::CivilDay date,
                                           std::optional<absl::CivilDay> stopped_on = {});

// Every piece of `invoice` with its credit notes (those of other invoices
// are ignored): nothing for a draft or a draft that was cancelled; for a
// processed invoice its lines as invoiced plus each credit note's pieces,
// stopped on the cancellation day (UTC) if it was cancelled after
// processing.
std::vector<RevenuePiece> RevenuePieces(const Invoice& invoice,
                                        const std::vector<CreditNote>& credit_notes);

// CalculateAdjustedRevenue one piece at a time, so that a report streams
// over the invoices and its memory does not grow with them.
class AdjustedRevenueAccumulator {
 public:
  AdjustedRevenueAccumulator(absl::CivilDay period_start, absl::CivilDay period_end);
  void Add(const RevenuePiece& piece);
  // What CalculateAdjustedRevenue returns for every piece added.
  std::vector<CurrencyRevenue> Results() &&;

 private:
  // A schedule month's bounds as day numbers: its last day in the period
  // and the day before its first. Add works on day numbers so that each
  // piece converts its civil dates once, not twice per month.
  struct MonthDays {
    int64_t last;
    int64_t before_first;
  };

  absl::CivilDay period_start_;
  absl::CivilDay period_end_;
  std::vector<MonthDays> month_days_;
  std::map<std::string, CurrencyRevenue> by_currency_;  // ordered by code
};

// CalculateRevenue over pieces: one entry per currency, ordered by code;
// schedules list every month of the period and sum to `recognized`.
std::vector<CurrencyRevenue> CalculateAdjustedRevenue(const std::vector<RevenuePiece>& pieces,
                                                      absl::CivilDay period_start,
                                                      absl::CivilDay period_end);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_REVENUE_ADJUSTMENTS_H_
