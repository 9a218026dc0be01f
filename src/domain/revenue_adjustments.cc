#include "domain/revenue_adjustments.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "domain/rounding.h"

namespace billing::domain {
namespace {

absl::CivilDay FirstDay(absl::CivilMonth month) { return absl::CivilDay(month); }
absl::CivilDay LastDay(absl::CivilMonth month) { return absl::CivilDay(month + 1) - 1; }

// The day a cancellation took effect, UTC; nullopt unless the invoice was
// cancelled after being processed (a cancelled draft never recognized).
std::optional<absl::CivilDay> CancellationDay(const Invoice& invoice) {
  if (invoice.status != InvoiceStatus::kCancelled || !invoice.process_time.has_value()) {
    return std::nullopt;
  }
  const absl::Time when = invoice.cancel_time.value_or(invoice.update_time);
  return absl::ToCivilDay(when, absl::UTCTimeZone());
}

}  // namespace

int64_t CumulativeRecognized(const RevenuePiece& piece, absl::CivilDay day) {
  if (piece.known_from.has_value() && day < *piece.known_from) return 0;
  if (piece.stopped_on.has_value()) day = std::min(day, *piece.stopped_on - 1);
  return CumulativeRecognized(piece.item, day);
}

int64_t Deferred(const RevenuePiece& piece, absl::CivilDay day) {
  if (piece.known_from.has_value() && day < *piece.known_from) return 0;
  if (piece.stopped_on.has_value() && day >= *piece.stopped_on) return 0;
  return piece.item.amount - CumulativeRecognized(piece.item, day);
}

std::vector<int64_t> AllocateProportionally(int64_t amount, const std::vector<int64_t>& weights) {
  std::vector<int64_t> shares(weights.size(), 0);
  if (weights.empty()) return shares;
  __int128 total = 0;
  for (int64_t weight : weights) total += weight;
  if (total == 0) {
    shares[0] = amount;
    return shares;
  }
  __int128 running = 0;
  int64_t allocated = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    running += weights[i];
    const int64_t cumulative =
        static_cast<int64_t>(DivideRoundingHalfUp(__int128{amount} * running, total));
    shares[i] = cumulative - allocated;
    allocated = cumulative;
  }
  return shares;
}

std::vector<RevenuePiece> CreditNotePieces(const std::vector<RecognizableAmount>& lines,
                                           int64_t credit, absl::CivilDay date,
                                           std::optional<absl::CivilDay> stopped_on) {
  std::vector<int64_t> weights;
  weights.reserve(lines.size());
  for (const RecognizableAmount& line : lines) weights.push_back(line.amount);
  const std::vector<int64_t> shares = AllocateProportionally(credit, weights);

  std::vector<RevenuePiece> pieces;
  for (size_t i = 0; i < lines.size(); ++i) {
    const RecognizableAmount& line = lines[i];
    if (shares[i] == 0) continue;
    // The share's own straight line over the line's service days: what it
    // would have recognized before `date` is exactly its cumulative at the
    // day before, so the two parts below sum to the share.
    const RecognizableAmount share{line.currency, shares[i], line.start, line.end};
    const int64_t past = CumulativeRecognized(share, date - 1);
    const int64_t rest = shares[i] - past;
    if (past != 0) {
      // Reverses days already reported: it lands on `date`, never in a
      // closed month, and a cancellation cannot undo it.
      pieces.push_back({{line.currency, -past, date, date}, date, std::nullopt});
    }
    if (rest != 0) {
      pieces.push_back(
          {{line.currency, -rest, std::max(date, line.start), line.end}, date, stopped_on});
    }
  }
  return pieces;
}

std::vector<RevenuePiece> RevenuePieces(const Invoice& invoice,
                                        const std::vector<CreditNote>& credit_notes) {
  const std::optional<absl::CivilDay> cancelled_on = CancellationDay(invoice);
  // A write-off is an expense: the sale of an uncollectible invoice stands.
  const bool recognizes = invoice.status == InvoiceStatus::kPending ||
                          invoice.status == InvoiceStatus::kPaid ||
                          invoice.status == InvoiceStatus::kUncollectible ||
                          cancelled_on.has_value();
  if (!recognizes) return {};
  const std::vector<RecognizableAmount> lines = RecognizableAmountsAsInvoiced(invoice);
  std::vector<RevenuePiece> pieces;
  pieces.reserve(lines.size());
  for (const RecognizableAmount& line : lines) {
    pieces.push_back({line, std::nullopt, cancelled_on});
  }
  for (const CreditNote& note : credit_notes) {
    // A credit takes back revenue by its net part only: its tax was never
    // revenue.
    if (note.invoice_id != invoice.id || NetAmount(note) == 0) continue;
    for (RevenuePiece& piece :
         CreditNotePieces(lines, NetAmount(note), note.date, cancelled_on)) {
      pieces.push_back(std::move(piece));
    }
  }
  return pieces;
}

namespace {

// Days since 1970-01-01. Converting a civil date to a number is most of
// what absl's day arithmetic costs; a revenue calculation's profile showed
// it as a sixth of the run when done per month of every piece.
int64_t DayNumber(absl::CivilDay day) { return day - absl::CivilDay(1970, 1, 1); }

// A piece with its days as numbers: CumulativeRecognized and Deferred above,
// to the minor unit, with integer comparisons.
struct PieceDays {
  int64_t amount;
  int64_t start;
  int64_t end;
  int64_t known_from;  // the smallest int64 when unbounded
  int64_t last;        // the day before stopped_on; the largest int64 when unbounded

  explicit PieceDays(const RevenuePiece& piece)
      : amount(piece.item.amount),
        start(DayNumber(piece.item.start)),
        end(DayNumber(piece.item.end)),
        known_from(piece.known_from.has_value() ? DayNumber(*piece.known_from)
                                                : std::numeric_limits<int64_t>::min()),
        last(piece.stopped_on.has_value() ? DayNumber(*piece.stopped_on) - 1
                                          : std::numeric_limits<int64_t>::max()) {}

  // CumulativeRecognized(const RecognizableAmount&, day) of revenue.cc.
  int64_t Straight(int64_t day) const {
    if (day < start) return 0;
    if (day >= end) return amount;
    return static_cast<int64_t>(
        DivideRoundingHalfUp(__int128{amount} * (day - start + 1), __int128{end - start} + 1));
  }
  int64_t Cumulative(int64_t day) const {
    if (day < known_from) return 0;
    return Straight(std::min(day, last));
  }
  int64_t DeferredAt(int64_t day) const {
    if (day < known_from) return 0;
    if (day > last) return 0;  // on or after stopped_on
    return amount - Straight(day);
  }
};

}  // namespace

AdjustedRevenueAccumulator::AdjustedRevenueAccumulator(absl::CivilDay period_start,
                                                       absl::CivilDay period_end)
    : period_start_(period_start), period_end_(period_end) {
  for (absl::CivilMonth month(period_start_); month <= absl::CivilMonth(period_end_); ++month) {
    const absl::CivilDay from = std::max(FirstDay(month), period_start_);
    const absl::CivilDay to = std::min(LastDay(month), period_end_);
    month_days_.push_back({.last = DayNumber(to), .before_first = DayNumber(from) - 1});
  }
}

void AdjustedRevenueAccumulator::Add(const RevenuePiece& piece) {
  auto [it, inserted] = by_currency_.try_emplace(piece.item.currency);
  CurrencyRevenue& revenue = it->second;
  if (inserted) {
    revenue.currency = piece.item.currency;
    for (absl::CivilMonth month(period_start_); month <= absl::CivilMonth(period_end_); ++month) {
      revenue.schedule.push_back({month, 0});
    }
  }
  // Differences of one cumulative function, as in CalculateRevenue: the
  // months telescope to the period's total, so no unit appears or vanishes.
  const PieceDays days(piece);
  const int64_t end = DayNumber(period_end_);
  revenue.recognized += days.Cumulative(end) - days.Cumulative(DayNumber(period_start_) - 1);
  revenue.deferred += days.DeferredAt(end);
  for (size_t i = 0; i < month_days_.size(); ++i) {
    revenue.schedule[i].amount +=
        days.Cumulative(month_days_[i].last) - days.Cumulative(month_days_[i].before_first);
  }
}

std::vector<CurrencyRevenue> AdjustedRevenueAccumulator::Results() && {
  std::vector<CurrencyRevenue> results;
  results.reserve(by_currency_.size());
  for (auto& [currency, revenue] : by_currency_) results.push_back(std::move(revenue));
  return results;
}

std::vector<CurrencyRevenue> CalculateAdjustedRevenue(const std::vector<RevenuePiece>& pieces,
                                                      absl::CivilDay period_start,
                                                      absl::CivilDay period_end) {
  AdjustedRevenueAccumulator revenue(period_start, period_end);
  for (const RevenuePiece& piece : pieces) revenue.Add(piece);
  return std::move(revenue).Results();
}

}  // namespace billing::domain
