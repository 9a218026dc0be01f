#include "domain/invoice.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "domain/dates.h"
#include "domain/error.h"
#include "domain/free_text.h"
#include "domain/ids.h"
#include "domain/invoice_totals.h"
#include "domain/money.h"
#include "domain/payment_terms.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

constexpr size_t kMaxNotesChars = 2000;
constexpr size_t kMaxDescriptionChars = 500;
constexpr size_t kMaxLineItems = 100;
// A line of more units than this is a typo, and the bound keeps quantity ×
// unit amount far from overflow for any sensible price.
constexpr int64_t kMaxQuantity = 1'000'000'000;


bool IsFinal(InvoiceStatus status) {
  return status == InvoiceStatus::kPaid || status == InvoiceStatus::kCancelled;
}

bool IsAllowed(InvoiceStatus from, InvoiceStatus to) {
  switch (from) {
    case InvoiceStatus::kDraft:
      return to == InvoiceStatus::kPending || to == InvoiceStatus::kCancelled;
    case InvoiceStatus::kPending:
      return to == InvoiceStatus::kPaid || to == InvoiceStatus::kCancelled ||
             to == InvoiceStatus::kUncollectible;
    case InvoiceStatus::kUncollectible:
      return to == InvoiceStatus::kPaid || to == InvoiceStatus::kCancelled;
    case InvoiceStatus::kPaid:
    case InvoiceStatus::kCancelled:
      return false;
  }
  return false;
}

std::string AllowedMovesFrom(InvoiceStatus from) {
  std::vector<std::string> names;
  for (InvoiceStatus to : {InvoiceStatus::kDraft, InvoiceStatus::kPending, InvoiceStatus::kPaid,
                           InvoiceStatus::kCancelled, InvoiceStatus::kUncollectible}) {
    if (IsAllowed(from, to)) names.emplace_back(InvoiceStatusName(to));
  }
  return absl::StrJoin(names, " or ");
}

// ---- Field validation. Each helper reports into `violations` and returns
// the parsed value, or nullopt when it could not produce one.

void ValidateCustomerId(std::string_view customer_id, ViolationCollector& violations) {
  if (customer_id.empty()) {
    violations.Add("customer_id", "is required");
  } else if (!IsValidClientId(customer_id)) {
    violations.Add("customer_id",
                   "must be a customer id: 1-64 characters of A-Z, a-z, 0-9, _ and -");
  }
}

std::optional<Currency> ValidateCurrency(std::string_view code, ViolationCollector& violations) {
  if (code.empty()) {
    violations.Add("currency", "is required");
    return std::nullopt;
  }
  absl::StatusOr<Currency> currency = FindCurrency(code);
  if (!currency.ok()) {
    violations.AddStatus("currency", currency.status());
    return std::nullopt;
  }
  return *currency;
}

std::optional<absl::CivilDay> ValidateDate(std::string field, std::string_view text,
                                           ViolationCollector& violations) {
  if (text.empty()) {
    violations.Add(std::move(field), "is required (YYYY-MM-DD)");
    return std::nullopt;
  }
  absl::StatusOr<absl::CivilDay> day = ParseDate(text);
  if (!day.ok()) {
    violations.AddStatus(std::move(field), day.status());
    return std::nullopt;
  }
  return *day;
}

// Notes may span lines and may be empty; limits count characters, not bytes,
// so that they mean the same in every script.
void ValidateNotes(std::string_view notes, ViolationCollector& violations) {
  ValidateFreeText("notes", notes, {.kind = TextKind::kMultiLine, .max_chars = kMaxNotesChars},
                   violations);
}

// An amount needs its currency's minor units to mean anything, so without a
// valid currency (already reported) amounts are not judged at all.
std::optional<int64_t> ValidateMoney(std::string field, std::string_view text,
                                     const std::optional<Currency>& currency,
                                     ViolationCollector& violations) {
  if (!currency.has_value()) return std::nullopt;
  if (text.empty()) {
    violations.Add(std::move(field), "is required");
    return std::nullopt;
  }
  absl::StatusOr<int64_t> amount = ParseAmount(text, *currency);
  if (!amount.ok()) {
    violations.AddStatus(std::move(field), amount.status());
    return std::nullopt;
  }
  return *amount;
}

std::optional<LineItem> ValidateLineItem(const LineItemInput& input, size_t index,
                                         const std::optional<Currency>& currency,
                                         ViolationCollector& violations) {
  const std::string prefix = absl::StrCat("line_items[", index, "].");
  bool ok = true;
  LineItem line;

  line.description = std::string(TrimText(input.description));
  if (!ValidateFreeText(prefix + "description", input.description,
                        {.kind = TextKind::kSingleLine, .required = true,
                         .max_chars = kMaxDescriptionChars, .trimmed = true},
                        violations)) {
    ok = false;
  }

  // A decimal quantity comes in its own string field, so that the integer
  // `quantity` of existing clients keeps its meaning; both may be sent if
  // they agree.
  if (!input.quantity_decimal.empty()) {
    absl::StatusOr<DecimalQuantity> quantity = ParseQuantity(input.quantity_decimal);
    if (!quantity.ok()) {
      violations.AddStatus(prefix + "quantity_decimal", quantity.status());
      ok = false;
    } else if (input.quantity != 0 && DecimalQuantity::Whole(input.quantity) != *quantity) {
      violations.Add(prefix + "quantity",
                     absl::StrCat("must be 0 or equal quantity_decimal (", Av(input.quantity_decimal),
                                  "); got ", input.quantity));
      ok = false;
    } else {
      line.quantity = *quantity;
    }
  } else if (input.quantity < 1) {
    violations.Add(prefix + "quantity", absl::StrCat("must be at least 1 (got ", input.quantity, ")"));
    ok = false;
  } else if (input.quantity > kMaxQuantity) {
    violations.Add(prefix + "quantity", absl::StrCat("must be at most ", kMaxQuantity));
    ok = false;
  } else {
    line.quantity = DecimalQuantity::Whole(input.quantity);
  }

  std::optional<int64_t> unit =
      ValidateMoney(prefix + "unit_amount", input.unit_amount, currency, violations);
  if (unit.has_value()) {
    line.unit_amount = *unit;
    if (line.unit_amount < 0) {
      violations.Add(prefix + "unit_amount", "must not be negative");
      ok = false;
    } else if (ok) {
      absl::StatusOr<int64_t> amount = LineGrossAmount(line.quantity, line.unit_amount);
      if (amount.ok()) {
        line.amount = *amount;
      } else {
        violations.Add(prefix + "unit_amount", "quantity times unit amount is too large");
        ok = false;
      }
    }
  } else {
    ok = false;
  }

  if (!input.discount_amount.empty()) {
    std::optional<int64_t> discount =
        ValidateMoney(prefix + "discount_amount", input.discount_amount, currency, violations);
    if (!discount.has_value()) {
      ok = false;
    } else if (*discount < 0) {
      violations.Add(prefix + "discount_amount", "must not be negative");
      ok = false;
    } else if (ok && *discount > line.amount) {
      violations.Add(prefix + "discount_amount",
                     absl::StrCat("must not exceed the line's amount, ",
                                  FormatAmount(line.amount, *currency), " (got ",
                                  Av(input.discount_amount), ")"));
      ok = false;
    } else {
      line.discount_amount = *discount;
    }
  }

  if (!input.tax_rate_id.empty()) {
    if (absl::Status id = CheckId(prefix + "tax_rate_id", input.tax_rate_id, kTaxRateIdPrefix);
        !id.ok()) {
      violations.AddStatus("", id);  // names its field
      ok = false;
    }
    line.tax_rate_id = input.tax_rate_id;
  }

  // A service period has both ends or neither; a half-open one would leave
  // revenue recognition guessing.
  const bool has_start = !input.service_period_start.empty();
  const bool has_end = !input.service_period_end.empty();
  if (has_start != has_end) {
    if (has_start) {
      violations.Add(prefix + "service_period_end",
                     "is required when service_period_start is given");
    } else {
      violations.Add(prefix + "service_period_start",
                     "is required when service_period_end is given");
    }
    ok = false;
  } else if (has_start) {
    std::optional<absl::CivilDay> start =
        ValidateDate(prefix + "service_period_start", input.service_period_start, violations);
    std::optional<absl::CivilDay> end =
        ValidateDate(prefix + "service_period_end", input.service_period_end, violations);
    if (start.has_value() && end.has_value() && *end < *start) {
      violations.Add(prefix + "service_period_end",
                     absl::StrCat("must not be before service_period_start (",
                                  FormatDate(*start), ")"));
      ok = false;
    }
    if (!start.has_value() || !end.has_value()) ok = false;
    line.service_period_start = start;
    line.service_period_end = end;
  }
  if (!ok) return std::nullopt;
  return line;
}

// Every line is checked even after a bad one so the caller hears of all,
// unless there are too many: then that is the one violation, and the lines
// are not looked at (a huge list would otherwise cost a violation per line).
std::optional<std::vector<LineItem>> ValidateLineItems(const std::vector<LineItemInput>& inputs,
                                                       const std::optional<Currency>& currency,
                                                       ViolationCollector& violations) {
  if (inputs.size() > kMaxLineItems) {
    violations.Add("line_items", absl::StrCat("must have at most ", kMaxLineItems,
                                              " items (got ", inputs.size(), ")"));
    return std::nullopt;
  }
  bool ok = true;
  std::vector<LineItem> lines;
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::optional<LineItem> line = ValidateLineItem(inputs[i], i, currency, violations);
    if (line.has_value()) {
      lines.push_back(*std::move(line));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return lines;
}

void ValidateDefaultRateId(std::string_view id, ViolationCollector& violations) {
  if (id.empty()) return;
  if (absl::Status status = CheckId("default_tax_rate_id", id, kTaxRateIdPrefix); !status.ok()) {
    violations.AddStatus("", status);  // names its field
  }
}

absl::Status TaxRateNotFound(std::string_view id) {
  return Error(ErrorCode::kTaxRateNotFound, absl::StrCat("tax rate ", Av(id), " not found"));
}

// Sets each line's terms from `rates`: its own rate, else `default_id`'s.
// An archived rate is refused where the caller is setting it (a line's own
// when `check_lines`, the default when `check_default`); a rate archived
// after it was set keeps applying. TAX_RATE_NOT_FOUND for a rate not in
// `rates`; validation problems go to `violations`.
absl::Status ResolveRates(std::vector<LineItem>& lines, std::string_view default_id,
                          const TaxRatesById& rates, bool check_lines, bool check_default,
                          ViolationCollector& violations) {
  std::optional<TaxRateTerms> default_terms;
  // A malformed default is reported by its validation and never looked up.
  if (!default_id.empty() && CheckId("default_tax_rate_id", default_id, kTaxRateIdPrefix).ok()) {
    auto it = rates.find(default_id);
    if (it == rates.end()) return TaxRateNotFound(default_id);
    if (check_default) {
      if (absl::Status usable = CheckUsable(it->second, "default_tax_rate_id"); !usable.ok()) {
        violations.AddStatus("", usable);  // names its field
      }
    }
    default_terms = it->second.terms;
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    LineItem& line = lines[i];
    if (line.tax_rate_id.empty()) {
      line.tax_rate = default_terms;
      continue;
    }
    auto it = rates.find(line.tax_rate_id);
    if (it == rates.end()) return TaxRateNotFound(line.tax_rate_id);
    if (check_lines) {
      const std::string field = absl::StrCat("line_items[", i, "].tax_rate_id");
      if (absl::Status usable = CheckUsable(it->second, field); !usable.ok()) {
        violations.AddStatus("", usable);  // names its field
      }
    }
    line.tax_rate = it->second.terms;
  }
  return absl::OkStatus();
}

// `set_amount`: the amount becomes the total (a draft priced); else it
// stays as stored, which a write through here made equal to it.
void SetTotals(Invoice& invoice, const InvoiceTotals& totals, bool set_amount = true) {
  for (size_t i = 0; i < invoice.line_items.size(); ++i) {
    LineItem& line = invoice.line_items[i];
    line.amount = totals.line_amounts[i];
    line.net_amount = totals.tax.lines[i].net;
    line.tax_amount = totals.tax.lines[i].tax;
  }
  invoice.tax_breakdown = totals.tax.breakdown;
  if (invoice.line_items.empty()) {  // an amount without lines carries no tax
    invoice.subtotal = invoice.amount;
    invoice.tax_amount = 0;
    return;
  }
  invoice.subtotal = totals.tax.subtotal;
  invoice.tax_amount = totals.tax.tax_amount;
  if (set_amount) invoice.amount = totals.tax.total;
}

bool AnyTax(const std::vector<LineItem>& lines) {
  return std::any_of(lines.begin(), lines.end(),
                     [](const LineItem& line) { return line.tax_rate.has_value(); });
}

// Prices validated lines: their rates' terms, then the totals, reported
// into `violations` (nullopt then). A non-validation error is returned in
// `failure`.
std::optional<InvoiceTotals> PriceLines(std::vector<LineItem>& lines, std::string_view default_id,
                                        const TaxRatesById& rates, bool check_lines,
                                        bool check_default, ViolationCollector& violations,
                                        absl::Status& failure) {
  failure = ResolveRates(lines, default_id, rates, check_lines, check_default, violations);
  if (!failure.ok()) return std::nullopt;
  absl::StatusOr<InvoiceTotals> totals = TotalsOfLines(lines);
  if (!totals.ok()) {
    if (FieldViolationsOf(totals.status()).empty()) {  // a sum past int64
      violations.Add("line_items", "the sum of the line items is too large");
    } else {
      violations.AddStatus("", totals.status());  // names line_items[i] fields
    }
    return std::nullopt;
  }
  return *std::move(totals);
}

// The invoice amount: parsed from `amount_text` when given (it must then
// equal the lines' total, if there are lines), else the lines' total: their
// sum, net of discounts, with tax. Either way it must be positive: an
// invoice for nothing is not an invoice.
std::optional<int64_t> ResolveAmount(std::string_view amount_text, bool has_line_input,
                                     const std::optional<InvoiceTotals>& totals, bool taxed,
                                     const std::optional<Currency>& currency,
                                     ViolationCollector& violations) {
  if (!currency.has_value()) return std::nullopt;
  std::optional<int64_t> sum;
  if (totals.has_value() && !totals->line_amounts.empty()) sum = totals->tax.total;

  if (amount_text.empty()) {
    if (!has_line_input) {
      violations.Add("amount", "is required when the invoice has no line items");
      return std::nullopt;
    }
    if (sum.has_value() && *sum <= 0) {
      violations.Add("line_items", "must add up to more than zero");
      return std::nullopt;
    }
    return sum;
  }

  std::optional<int64_t> amount = ValidateMoney("amount", amount_text, currency, violations);
  if (!amount.has_value()) return std::nullopt;
  if (*amount <= 0) {
    violations.Add("amount", "must be greater than zero");
    return std::nullopt;
  }
  if (sum.has_value() && *sum != *amount) {
    violations.Add("amount",
                   absl::StrCat(taxed ? "must equal the line items' total with tax, "
                                      : "must equal the sum of the line items, ",
                                FormatAmount(*sum, *currency), " ", Av(currency->code),
                                " (got ", Av(amount_text), ")"));
    return std::nullopt;
  }
  return amount;
}

// ---- Partial updates.

constexpr std::string_view kUpdatablePaths[] = {
    "customer_id", "currency",   "amount", "due_date",
    "notes",       "line_items", "status", "default_tax_rate_id"};

bool IsUpdatablePath(std::string_view path) {
  return std::find(std::begin(kUpdatablePaths), std::end(kUpdatablePaths), path) !=
         std::end(kUpdatablePaths);
}

// The invoice's output-only fields: named in an update mask, they are a
// client's mistake worth telling apart from a typo (AIP-161, AIP-203).
constexpr std::string_view kReadOnlyPaths[] = {
    "id",          "create_time",     "update_time", "process_time",      "pay_time",
    "cancel_time", "etag",            "number",      "amount_paid",       "amount_credited",
    "amount_due",  "delivery_status", "sent_time",   "delivery_error",    "delivery_attempts",
    "subtotal",    "tax_amount",      "total",       "tax_breakdown",     "seller",
    "buyer"};

bool IsReadOnlyPath(std::string_view path) {
  return std::find(std::begin(kReadOnlyPaths), std::end(kReadOnlyPaths), path) !=
         std::end(kReadOnlyPaths);
}

absl::Status ValidateMask(const std::vector<std::string>& paths) {
  ViolationCollector violations;
  if (paths.empty()) violations.Add("update_mask", "must name at least one field");
  for (const std::string& path : paths) {
    if (!IsUpdatablePath(path)) {
      violations.Add("update_mask",
                     absl::StrCat("names ", IsReadOnlyPath(path) ? "read-only" : "unknown",
                                  " field ", Quoted(path),
                                  "; updatable fields are customer_id, currency, amount, "
                                  "due_date, notes, line_items, status, "
                                  "default_tax_rate_id"));
    }
  }
  return violations.ToStatus();
}

// Which status lets `path` change. Money and who owes it are fixed once the
// invoice is sent (pending); the due date may still move while the customer
// has not paid, but not once the invoice is final (paid or cancelled):
// a final invoice is a record, and a due date on it no longer asks anything
// of anyone. Notes are annotations and stay editable.
bool IsEditable(std::string_view path, InvoiceStatus status) {
  if (path == "notes" || path == "status") return true;
  if (path == "due_date") return !IsFinal(status);
  return status == InvoiceStatus::kDraft;
}

absl::Status CheckEditable(const Invoice& current, const std::set<std::string>& paths) {
  std::vector<std::string> draft_only;
  bool due_date_locked = false;
  for (const std::string& path : paths) {
    if (IsEditable(path, current.status)) continue;
    if (path == "due_date") {
      due_date_locked = true;
    } else {
      draft_only.push_back(path);
    }
  }
  if (draft_only.empty() && !due_date_locked) return absl::OkStatus();
  std::vector<std::string> reasons;
  if (!draft_only.empty()) {
    reasons.push_back(absl::StrCat(absl::StrJoin(draft_only, ", "),
                                   " can change only while the invoice is a draft"));
  }
  if (due_date_locked) {
    reasons.push_back("due_date can change only until the invoice is paid or cancelled");
  }
  return Error(ErrorCode::kInvoiceNotEditable,
               absl::StrCat("invoice ", current.id, " is ",
                            Av(InvoiceStatusName(current.status)), "; ",
                            absl::StrJoin(reasons, "; ")));
}

// Minor units of `amount` in `from` re-expressed in `to`, keeping the
// decimal value: 12.50 USD is 1250, 12.50 KWD is 12500. Refused when `to`
// has too few decimals (12.50 cannot be JPY) or the result overflows.
std::optional<int64_t> Reexpress(int64_t amount, const Currency& from, const Currency& to) {
  int64_t scale = 1;
  for (int i = 0; i < std::abs(to.minor_units - from.minor_units); ++i) scale *= 10;
  if (to.minor_units >= from.minor_units) {
    absl::StatusOr<int64_t> scaled = CheckedMultiply(amount, scale);
    if (!scaled.ok()) return std::nullopt;
    return *scaled;
  }
  if (amount % scale != 0) return std::nullopt;
  return amount / scale;
}

// Changing the currency without sending new amounts keeps the amounts'
// decimal values, as a person reading "12.50" expects; when they cannot be
// written in the new currency the caller must send new amounts with it.
// An amount or lines the caller is replacing anyway are left alone.
bool ReexpressInvoiceMoney(Invoice& invoice, const Currency& from, const Currency& to,
                           bool keep_amount, bool keep_lines, ViolationCollector& violations) {
  bool ok = true;
  Invoice result = invoice;
  if (keep_amount) {
    if (std::optional<int64_t> amount = Reexpress(invoice.amount, from, to)) {
      result.amount = *amount;
    } else {
      ok = false;
    }
  }
  if (keep_lines) {
    for (LineItem& line : result.line_items) {
      std::optional<int64_t> unit = Reexpress(line.unit_amount, from, to);
      std::optional<int64_t> total = Reexpress(line.amount, from, to);
      std::optional<int64_t> discount = Reexpress(line.discount_amount, from, to);
      if (!unit.has_value() || !total.has_value() || !discount.has_value()) {
        ok = false;
        break;
      }
      line.unit_amount = *unit;
      line.amount = *total;
      line.discount_amount = *discount;
    }
  }
  if (!ok) {
    violations.Add("currency",
                   absl::StrCat("cannot change to ", Av(to.code), " alone: the current amounts "
                                "cannot be written with its ", to.minor_units,
                                " decimal places; send amount or line_items too"));
    return false;
  }
  invoice = std::move(result);
  return true;
}

// Applies the money-related paths (currency, amount, line_items,
// default_tax_rate_id) of a draft, repricing it with `rates`. Validation
// problems go to `violations`; other errors are returned.
absl::Status UpdateMoney(Invoice& updated, const InvoiceInput& input,
                         const std::set<std::string>& paths, const TaxRatesById& rates,
                         ViolationCollector& violations) {
  const bool set_currency = paths.contains("currency");
  const bool set_amount = paths.contains("amount");
  const bool set_lines = paths.contains("line_items");
  const bool set_default = paths.contains("default_tax_rate_id");
  if (!set_currency && !set_amount && !set_lines && !set_default) return absl::OkStatus();
  if (set_default) {
    ValidateDefaultRateId(input.default_tax_rate_id, violations);
    updated.default_tax_rate_id = input.default_tax_rate_id;
  }

  absl::StatusOr<Currency> old_currency = FindCurrency(updated.currency);
  std::optional<Currency> currency;
  if (set_currency) {
    currency = ValidateCurrency(input.currency, violations);
  } else if (old_currency.ok()) {
    currency = *old_currency;
  } else {
    violations.Add("currency", "the stored currency is not valid; set it too");
  }
  if (!currency.has_value()) return absl::OkStatus();

  // The amount is recomputed when new non-empty lines come without one.
  const bool keep_amount = !set_amount && !(set_lines && !input.line_items.empty());
  const bool keep_lines = !set_lines;
  if (old_currency.ok() && old_currency->code != currency->code &&
      !ReexpressInvoiceMoney(updated, *old_currency, *currency, keep_amount, keep_lines,
                             violations)) {
    return absl::OkStatus();
  }
  updated.currency = std::string(currency->code);

  std::optional<std::vector<LineItem>> lines =
      set_lines ? ValidateLineItems(input.line_items, currency, violations)
                : std::optional<std::vector<LineItem>>(updated.line_items);
  const bool has_lines = set_lines ? !input.line_items.empty() : !updated.line_items.empty();
  std::optional<InvoiceTotals> totals;
  if (lines.has_value()) {
    absl::Status failure;
    totals = PriceLines(*lines, updated.default_tax_rate_id, rates, set_lines, set_default,
                        violations, failure);
    RETURN_IF_ERROR(failure);
  }
  // New lines without an amount: the amount follows the lines. New empty
  // lines without an amount leave the amount as it was. Kept lines, repriced
  // (another currency or default rate), set the amount too.
  if (set_amount || has_lines) {
    std::optional<int64_t> amount =
        ResolveAmount(set_amount ? input.amount : "", has_lines, totals,
                      lines.has_value() && AnyTax(*lines), currency, violations);
    if (amount.has_value()) updated.amount = *amount;
  }
  if (!lines.has_value() || !totals.has_value()) return absl::OkStatus();  // reported
  updated.line_items = *std::move(lines);
  SetTotals(updated, *totals);
  return absl::OkStatus();
}

}  // namespace

std::string_view InvoiceStatusName(InvoiceStatus status) {
  switch (status) {
    case InvoiceStatus::kDraft: return "draft";
    case InvoiceStatus::kPending: return "pending";
    case InvoiceStatus::kPaid: return "paid";
    case InvoiceStatus::kCancelled: return "cancelled";
    case InvoiceStatus::kUncollectible: return "uncollectible";
  }
  return "draft";
}

std::optional<InvoiceStatus> InvoiceStatusFromName(std::string_view name) {
  for (InvoiceStatus status : {InvoiceStatus::kDraft, InvoiceStatus::kPending,
                               InvoiceStatus::kPaid, InvoiceStatus::kCancelled,
                               InvoiceStatus::kUncollectible}) {
    if (InvoiceStatusName(status) == name) return status;
  }
  return std::nullopt;
}

absl::Status CheckTransition(InvoiceStatus from, InvoiceStatus to) {
  if (IsAllowed(from, to)) return absl::OkStatus();
  std::string message = absl::StrCat("cannot move invoice from ", Av(InvoiceStatusName(from)),
                                     " to ", Av(InvoiceStatusName(to)));
  if (from == to) {
    absl::StrAppend(&message, "; it is already ", Av(InvoiceStatusName(from)));
  } else if (IsFinal(from)) {
    absl::StrAppend(&message, "; ", Av(InvoiceStatusName(from)), " is final");
  } else {
    absl::StrAppend(&message, "; a ", Av(InvoiceStatusName(from)), " invoice can move to ",
                    AllowedMovesFrom(from));
  }
  return Error(ErrorCode::kInvalidStateTransition, message);
}

absl::StatusOr<Invoice> NewInvoice(std::string account_id, std::string id,
                                   const InvoiceInput& input, std::string_view default_currency,
                                   absl::Time now, const TaxRatesById& rates) {
  ViolationCollector violations;
  ValidateCustomerId(input.customer_id, violations);
  std::optional<Currency> currency = ValidateCurrency(
      input.currency.empty() ? default_currency : std::string_view(input.currency), violations);
  std::optional<std::vector<LineItem>> lines =
      ValidateLineItems(input.line_items, currency, violations);
  ValidateDefaultRateId(input.default_tax_rate_id, violations);
  std::optional<InvoiceTotals> totals;
  if (lines.has_value()) {
    absl::Status failure;
    totals = PriceLines(*lines, input.default_tax_rate_id, rates, /*check_lines=*/true,
                        /*check_default=*/true, violations, failure);
    RETURN_IF_ERROR(failure);
  }
  std::optional<int64_t> amount =
      ResolveAmount(input.amount, !input.line_items.empty(), totals,
                    lines.has_value() && AnyTax(*lines), currency, violations);
  std::optional<absl::CivilDay> due_date;
  if (!input.due_date.empty()) due_date = ValidateDate("due_date", input.due_date, violations);
  ValidateNotes(input.notes, violations);
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;

  Invoice invoice;
  invoice.account_id = std::move(account_id);
  invoice.id = std::move(id);
  invoice.customer_id = input.customer_id;
  invoice.currency = std::string(currency->code);
  invoice.amount = *amount;
  invoice.status = InvoiceStatus::kDraft;
  invoice.has_due_date = due_date.has_value();
  invoice.due_date = due_date.value_or(absl::ToCivilDay(now, absl::UTCTimeZone()));
  invoice.notes = input.notes;
  invoice.line_items = *std::move(lines);
  invoice.default_tax_rate_id = input.default_tax_rate_id;
  SetTotals(invoice, *totals);
  invoice.create_time = now;
  invoice.update_time = now;
  return invoice;
}

absl::StatusOr<Invoice> ReplaceInvoice(const Invoice& current, const InvoiceInput& input,
                                       std::string_view default_currency, absl::Time now,
                                       const TaxRatesById& rates) {
  if (current.status != InvoiceStatus::kDraft) {
    return Error(ErrorCode::kInvoiceNotEditable,
                 absl::StrCat("invoice ", current.id, " is ",
                              Av(InvoiceStatusName(current.status)),
                              "; only drafts can be replaced"));
  }
  absl::StatusOr<Invoice> replaced =
      NewInvoice(current.account_id, current.id, input, default_currency, now, rates);
  if (!replaced.ok()) return replaced.status();
  replaced->create_time = current.create_time;
  return replaced;
}

absl::StatusOr<InvoiceUpdate> UpdateInvoice(const Invoice& current, const InvoiceInput& input,
                                            const std::vector<std::string>& paths,
                                            absl::Time now, const TaxRatesById& rates) {
  if (absl::Status status = ValidateMask(paths); !status.ok()) return status;
  const std::set<std::string> named(paths.begin(), paths.end());

  // State conflicts first: no input could make them succeed.
  if (absl::Status status = CheckEditable(current, named); !status.ok()) return status;
  if (named.contains("status") && input.status.has_value()) {
    if (absl::Status status = CheckTransition(current.status, *input.status); !status.ok()) {
      return status;
    }
  }

  ViolationCollector violations;
  Invoice updated = current;
  if (named.contains("customer_id")) {
    ValidateCustomerId(input.customer_id, violations);
    updated.customer_id = input.customer_id;
  }
  RETURN_IF_ERROR(UpdateMoney(updated, input, named, rates, violations));
  if (named.contains("due_date") && input.due_date.empty() &&
      current.status == InvoiceStatus::kDraft) {
    updated.has_due_date = false;  // processing gives it one by payment terms
  } else if (named.contains("due_date")) {
    std::optional<absl::CivilDay> due_date = ValidateDate("due_date", input.due_date, violations);
    if (due_date.has_value()) {
      updated.due_date = *due_date;
      updated.has_due_date = true;
    }
  }
  if (named.contains("notes")) {
    ValidateNotes(input.notes, violations);
    updated.notes = input.notes;
  }
  if (named.contains("status") && !input.status.has_value()) {
    violations.Add("status", "is required when update_mask names status");
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;

  updated.update_time = now;
  InvoiceUpdate update;
  if (named.contains("status")) {
    if (absl::Status status = ApplyTransition(updated, *input.status, now); !status.ok()) {
      return status;
    }
    update.new_status = *input.status;
  }
  update.invoice = std::move(updated);
  return update;
}

std::vector<std::string> TaxRateIdsOf(const InvoiceInput& input) {
  std::set<std::string> ids;
  auto add = [&](const std::string& id) {
    if (!id.empty() && CheckId("tax_rate_id", id, kTaxRateIdPrefix).ok()) ids.insert(id);
  };
  add(input.default_tax_rate_id);
  for (const LineItemInput& line : input.line_items) add(line.tax_rate_id);
  return {ids.begin(), ids.end()};
}

std::vector<std::string> TaxRateIdsOf(const Invoice& invoice) {
  std::set<std::string> ids;
  if (!invoice.default_tax_rate_id.empty()) ids.insert(invoice.default_tax_rate_id);
  for (const LineItem& line : invoice.line_items) {
    if (!line.tax_rate_id.empty()) ids.insert(line.tax_rate_id);
  }
  return {ids.begin(), ids.end()};
}

absl::Status ComputeInvoiceTotals(Invoice& invoice) {
  ASSIGN_OR_RETURN(InvoiceTotals totals, TotalsOfLines(invoice.line_items));
  SetTotals(invoice, totals, /*set_amount=*/false);
  return absl::OkStatus();
}

absl::Status ApplyTaxRates(Invoice& invoice, const TaxRatesById& rates) {
  ViolationCollector unused;  // nothing is checked for activity here
  RETURN_IF_ERROR(ResolveRates(invoice.line_items, invoice.default_tax_rate_id, rates,
                               /*check_lines=*/false, /*check_default=*/false, unused));
  ASSIGN_OR_RETURN(InvoiceTotals totals, TotalsOfLines(invoice.line_items));
  SetTotals(invoice, totals);
  return absl::OkStatus();
}

absl::Status ApplyTransition(Invoice& invoice, InvoiceStatus to, absl::Time now) {
  if (absl::Status status = CheckTransition(invoice.status, to); !status.ok()) return status;
  invoice.status = to;
  switch (to) {
    case InvoiceStatus::kPending: invoice.process_time = now; break;
    case InvoiceStatus::kPaid: invoice.pay_time = now; break;
    case InvoiceStatus::kCancelled:
      invoice.cancel_time = now;
      WithdrawInvoiceEmail(invoice);
      break;
    case InvoiceStatus::kUncollectible: break;  // the write-off entry is its record
    case InvoiceStatus::kDraft: break;  // unreachable: nothing moves back to draft
  }
  invoice.update_time = now;
  return absl::OkStatus();
}

absl::Status SetDueDateAtProcessing(Invoice& invoice, absl::CivilDay issue_date,
                                    std::optional<int> customer_terms_days,
                                    int organization_terms_days) {
  std::optional<absl::CivilDay> requested;
  if (invoice.has_due_date) requested = invoice.due_date;
  ASSIGN_OR_RETURN(invoice.due_date, ResolveDueDate(requested, issue_date, customer_terms_days,
                                                    organization_terms_days));
  invoice.has_due_date = true;
  return absl::OkStatus();
}

absl::Status CheckDeletable(const Invoice& invoice) {
  if (invoice.status == InvoiceStatus::kDraft) return absl::OkStatus();
  return Error(ErrorCode::kInvoiceNotEditable,
               absl::StrCat("invoice ", invoice.id, " is ", Av(InvoiceStatusName(invoice.status)),
                            "; only drafts can be deleted"));
}

std::string_view InvoiceDeliveryStatusName(InvoiceDeliveryStatus status) {
  switch (status) {
    case InvoiceDeliveryStatus::kNone: return "none";
    case InvoiceDeliveryStatus::kNotConfigured: return "not_configured";
    case InvoiceDeliveryStatus::kQueued: return "queued";
    case InvoiceDeliveryStatus::kSent: return "sent";
    case InvoiceDeliveryStatus::kFailed: return "failed";
  }
  return "none";
}

std::optional<InvoiceDeliveryStatus> InvoiceDeliveryStatusFromName(std::string_view name) {
  for (InvoiceDeliveryStatus status :
       {InvoiceDeliveryStatus::kNone, InvoiceDeliveryStatus::kNotConfigured,
        InvoiceDeliveryStatus::kQueued, InvoiceDeliveryStatus::kSent,
        InvoiceDeliveryStatus::kFailed}) {
    if (InvoiceDeliveryStatusName(status) == name) return status;
  }
  return std::nullopt;
}

bool IsIssued(InvoiceStatus status) {
  switch (status) {
    case InvoiceStatus::kPending:
    case InvoiceStatus::kPaid:
    case InvoiceStatus::kUncollectible:
      return true;
    case InvoiceStatus::kDraft:
    case InvoiceStatus::kCancelled:
      return false;
  }
  return false;
}

absl::Status CheckIssued(const Invoice& invoice) {
  if (IsIssued(invoice.status)) return absl::OkStatus();
  return Error(ErrorCode::kInvoiceNotIssued,
               absl::StrCat("invoice ", invoice.id, " is ", Av(InvoiceStatusName(invoice.status)),
                            invoice.status == InvoiceStatus::kDraft
                                ? "; it was never issued: process it first"
                                : "; a cancelled invoice is not sent: nothing is owed on it"));
}

bool WithdrawInvoiceEmail(Invoice& invoice) {
  InvoiceDelivery& delivery = invoice.delivery;
  if (IsIssued(invoice.status) || delivery.status != InvoiceDeliveryStatus::kQueued) {
    return false;
  }
  delivery.status = InvoiceDeliveryStatus::kFailed;
  delivery.next_attempt_time.reset();
  delivery.last_error = std::string(kEmailWithdrawnError);
  return true;
}

absl::Status ResendInvoiceEmail(Invoice& invoice, bool mail_configured, absl::Time now) {
  RETURN_IF_ERROR(CheckIssued(invoice));
  if (!mail_configured) {
    return Error(ErrorCode::kEmailNotConfigured,
                 "invoices cannot be emailed: the server runs without an SMTP server "
                 "(--smtp_url); nothing was queued");
  }
  return QueueInvoiceEmail(invoice, mail_configured, now);
}

absl::Status QueueInvoiceEmail(Invoice& invoice, bool mail_configured, absl::Time now) {
  RETURN_IF_ERROR(CheckIssued(invoice));
  InvoiceDelivery& delivery = invoice.delivery;
  delivery.last_error.clear();
  if (!mail_configured) {
    delivery.status = InvoiceDeliveryStatus::kNotConfigured;
    delivery.queue_time.reset();
    delivery.next_attempt_time.reset();
    return absl::OkStatus();
  }
  delivery.status = InvoiceDeliveryStatus::kQueued;
  delivery.queue_time = now;
  delivery.next_attempt_time = now;
  return absl::OkStatus();
}

}  // namespace billing::domain
