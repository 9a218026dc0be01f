// The receivables aging report: per currency, per customer and in total,
// what is open as of the end of a day, by how late it is. It is derived from
// the ledger alone, so that its totals equal the customers' balances as of
// that day to the cent: an entry written after the day (a later payment,
// credit, cancellation or write-off) does not count.
#ifndef BILLING_DOMAIN_AGING_H_
#define BILLING_DOMAIN_AGING_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/ledger.h"

namespace billing::domain {

// Days past the due date as of the end of the report's day: current (not
// yet due, or due that day), 1-30, 31-60, 61-90, over 90.
enum class AgingBucket { kCurrent, k1To30, k31To60, k61To90, kOver90 };
inline constexpr size_t kAgingBucketCount = 5;

// "current", "1-30", "31-60", "61-90", "over90" (the API's spelling).
std::string_view AgingBucketName(AgingBucket bucket);

// The bucket of an amount due on `due_date`, as of `as_of`.
AgingBucket AgingBucketOf(absl::CivilDay due_date, absl::CivilDay as_of);

// One invoice's net ledger amount as of the report's day; or, as storage
// reads them (LedgerRepository::OpenAmountsBefore), the sum of those of one
// customer, currency and due date that share a sign, without an invoice id:
// the report is the same.
struct OpenItem {
  std::string customer_id;
  std::string currency;
  std::string invoice_id;
  absl::CivilDay due_date;
  int64_t amount = 0;  // minor units; negative: owed to the customer
};

// An invoice's due date, as the report reads it.
struct AgingInvoice {
  std::string invoice_id;
  absl::CivilDay due_date;
};

// The open items as of the end of `as_of` in `zone`: per invoice, the sum of
// its entries written before EndOfDay(as_of, zone); invoices netting to zero
// are left out; ordered by currency, customer, invoice. Storage may compute
// the same sums in SQL and call AgingReport directly. INTERNAL for an entry
// without an invoice or whose invoice is not in `invoices` (a wiring
// mistake), entries of one invoice naming different customers or
// currencies (corrupt data), or on overflow.
absl::StatusOr<std::vector<OpenItem>> OpenItemsAsOf(const std::vector<LedgerEntry>& entries,
                                                    const std::vector<AgingInvoice>& invoices,
                                                    absl::CivilDay as_of, absl::TimeZone zone);

struct AgingAmounts {
  std::array<int64_t, kAgingBucketCount> buckets{};  // indexed by AgingBucket
  int64_t total = 0;                                 // the sum of the buckets

  int64_t in(AgingBucket bucket) const { return buckets[static_cast<size_t>(bucket)]; }
  friend bool operator==(const AgingAmounts&, const AgingAmounts&) = default;
};

struct CustomerAging {
  std::string customer_id;
  AgingAmounts amounts;
};

struct CurrencyAging {
  std::string currency;
  std::vector<CustomerAging> customers;  // by customer id; none with every bucket at zero
  AgingAmounts totals;
};

// The report over `items` as of `as_of`: by currency code, then customer id.
// An item is aged by its due date; a negative item (paid or credited beyond
// the invoice, owed to the customer) is not late, so it counts in current.
// Amounts never mix currencies. Only `currency` when not empty. INTERNAL on
// overflow.
absl::StatusOr<std::vector<CurrencyAging>> AgingReport(const std::vector<OpenItem>& items,
                                                       absl::CivilDay as_of,
                                                       std::string_view currency = "");

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_AGING_H_
