#include "domain/aging.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/business_calendar.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

absl::Status Add(int64_t& sum, int64_t amount, std::string_view what) {
  if (__builtin_add_overflow(sum, amount, &sum)) {
    return Error(ErrorCode::kInternal,
                 absl::StrCat("the aging ", Av(what), " overflows 64-bit minor units"));
  }
  return absl::OkStatus();
}

absl::Status AddTo(AgingAmounts& amounts, AgingBucket bucket, int64_t amount,
                   std::string_view what) {
  RETURN_IF_ERROR(Add(amounts.buckets[static_cast<size_t>(bucket)], amount, what));
  return Add(amounts.total, amount, what);
}

}  // namespace

std::string_view AgingBucketName(AgingBucket bucket) {
  switch (bucket) {
    case AgingBucket::kCurrent: return "current";
    case AgingBucket::k1To30: return "1-30";
    case AgingBucket::k31To60: return "31-60";
    case AgingBucket::k61To90: return "61-90";
    case AgingBucket::kOver90: return "over90";
  }
  return "current";
}

AgingBucket AgingBucketOf(absl::CivilDay due_date, absl::CivilDay as_of) {
  const int64_t days_past_due = as_of - due_date;
  if (days_past_due <= 0) return AgingBucket::kCurrent;
  if (days_past_due <= 30) return AgingBucket::k1To30;
  if (days_past_due <= 60) return AgingBucket::k31To60;
  if (days_past_due <= 90) return AgingBucket::k61To90;
  return AgingBucket::kOver90;
}

absl::StatusOr<std::vector<OpenItem>> OpenItemsAsOf(const std::vector<LedgerEntry>& entries,
                                                    const std::vector<AgingInvoice>& invoices,
                                                    absl::CivilDay as_of, absl::TimeZone zone) {
  std::unordered_map<std::string_view, absl::CivilDay> due_dates;
  due_dates.reserve(invoices.size());
  for (const AgingInvoice& invoice : invoices) due_dates[invoice.invoice_id] = invoice.due_date;

  const absl::Time cutoff = EndOfDay(as_of, zone);
  // By invoice: hashing one id is what keeps 100k invoices fast.
  std::unordered_map<std::string_view, OpenItem> items;
  items.reserve(invoices.size());
  for (const LedgerEntry& entry : entries) {
    if (entry.create_time >= cutoff) continue;
    auto due = due_dates.find(entry.invoice_id);
    if (due == due_dates.end()) {
      return Error(ErrorCode::kInternal,
                   absl::StrCat("ledger entry ", entry.id, " names invoice \"", entry.invoice_id,
                                "\", which the aging report was not given"));
    }
    auto [it, inserted] = items.try_emplace(entry.invoice_id);
    OpenItem& item = it->second;
    if (inserted) {
      item.customer_id = entry.customer_id;
      item.currency = entry.currency;
      item.invoice_id = entry.invoice_id;
      item.due_date = due->second;
    } else if (item.customer_id != entry.customer_id || item.currency != entry.currency) {
      return Error(ErrorCode::kInternal,
                   absl::StrCat("ledger entry ", entry.id, " of invoice ", entry.invoice_id,
                                " names another customer or currency than its other entries"));
    }
    RETURN_IF_ERROR(Add(item.amount, entry.amount, "open amount of an invoice"));
  }
  std::vector<OpenItem> open;
  open.reserve(items.size());
  for (auto& [id, item] : items) {
    if (item.amount != 0) open.push_back(std::move(item));
  }
  // A stable order for callers and tests, whatever the hashing.
  std::sort(open.begin(), open.end(), [](const OpenItem& a, const OpenItem& b) {
    return std::tie(a.currency, a.customer_id, a.invoice_id) <
           std::tie(b.currency, b.customer_id, b.invoice_id);
  });
  return open;
}

absl::StatusOr<std::vector<CurrencyAging>> AgingReport(const std::vector<OpenItem>& items,
                                                       absl::CivilDay as_of,
                                                       std::string_view currency) {
  std::map<std::string_view, std::map<std::string_view, AgingAmounts>> by_currency;
  for (const OpenItem& item : items) {
    if (!currency.empty() && item.currency != currency) continue;
    const AgingBucket bucket =
        item.amount < 0 ? AgingBucket::kCurrent : AgingBucketOf(item.due_date, as_of);
    RETURN_IF_ERROR(AddTo(by_currency[item.currency][item.customer_id], bucket, item.amount,
                          "balance of a customer"));
  }
  std::vector<CurrencyAging> report;
  for (const auto& [code, customers] : by_currency) {
    CurrencyAging aging;
    aging.currency = std::string(code);
    for (const auto& [customer_id, amounts] : customers) {
      if (amounts == AgingAmounts{}) continue;
      for (size_t i = 0; i < kAgingBucketCount; ++i) {
        RETURN_IF_ERROR(AddTo(aging.totals, static_cast<AgingBucket>(i), amounts.buckets[i],
                              "total of a currency"));
      }
      aging.customers.push_back({std::string(customer_id), amounts});
    }
    if (!aging.customers.empty()) report.push_back(std::move(aging));
  }
  return report;
}

}  // namespace billing::domain
