#include "domain/aging.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/business_calendar.h"
#include "domain/credit_note.h"
#include "domain/dates.h"
#include "domain/error.h"
#include "domain/invoice.h"
#include "domain/ledger.h"
#include "domain/payment.h"
#include "domain/receivables.h"
#include "domain/write_off.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOkAndHolds;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

const absl::CivilDay kAsOf(2026, 6, 30);

TEST(AgingBucketTest, DaysPastDueAsOfTheEndOfTheDay) {
  EXPECT_EQ(AgingBucketOf(kAsOf + 10, kAsOf), AgingBucket::kCurrent);  // not yet due
  EXPECT_EQ(AgingBucketOf(kAsOf, kAsOf), AgingBucket::kCurrent);       // due today
  EXPECT_EQ(AgingBucketOf(kAsOf - 1, kAsOf), AgingBucket::k1To30);
  EXPECT_EQ(AgingBucketOf(kAsOf - 30, kAsOf), AgingBucket::k1To30);
  EXPECT_EQ(AgingBucketOf(kAsOf - 31, kAsOf), AgingBucket::k31To60);
  EXPECT_EQ(AgingBucketOf(kAsOf - 60, kAsOf), AgingBucket::k31To60);
  EXPECT_EQ(AgingBucketOf(kAsOf - 61, kAsOf), AgingBucket::k61To90);
  EXPECT_EQ(AgingBucketOf(kAsOf - 90, kAsOf), AgingBucket::k61To90);
  EXPECT_EQ(AgingBucketOf(kAsOf - 91, kAsOf), AgingBucket::kOver90);
  EXPECT_EQ(AgingBucketOf(kAsOf - 5000, kAsOf), AgingBucket::kOver90);
}

TEST(AgingBucketTest, ApiNames) {
  EXPECT_EQ(AgingBucketName(AgingBucket::kCurrent), "current");
  EXPECT_EQ(AgingBucketName(AgingBucket::k1To30), "1-30");
  EXPECT_EQ(AgingBucketName(AgingBucket::k31To60), "31-60");
  EXPECT_EQ(AgingBucketName(AgingBucket::k61To90), "61-90");
  EXPECT_EQ(AgingBucketName(AgingBucket::kOver90), "over90");
}

absl::Time At(absl::CivilDay day, int hour, absl::TimeZone zone = absl::UTCTimeZone()) {
  return absl::FromCivil(absl::CivilHour(day.year(), day.month(), day.day(), hour), zone);
}

LedgerEntry Entry(std::string customer, std::string invoice, int64_t amount, absl::Time time,
                  std::string currency = "USD") {
  LedgerEntry entry;
  entry.id = absl::StrCat("led_", invoice, "_", amount);
  entry.customer_id = std::move(customer);
  entry.invoice_id = std::move(invoice);
  entry.amount = amount;
  entry.currency = std::move(currency);
  entry.create_time = time;
  return entry;
}

AgingAmounts Amounts(int64_t current, int64_t d30, int64_t d60, int64_t d90, int64_t over) {
  return {.buckets = {current, d30, d60, d90, over},
          .total = current + d30 + d60 + d90 + over};
}

TEST(OpenItemsTest, ALaterPaymentStillCountsAsOpen) {
  const std::vector<AgingInvoice> invoices = {{"inv_1", kAsOf - 10}};
  const std::vector<LedgerEntry> entries = {
      Entry("cus_1", "inv_1", 10000, At(kAsOf - 40, 9)),
      Entry("cus_1", "inv_1", -2500, At(kAsOf, 23)),     // paid late that very day
      Entry("cus_1", "inv_1", -7500, At(kAsOf + 1, 0)),  // the rest the next morning
  };
  absl::StatusOr<std::vector<OpenItem>> items =
      OpenItemsAsOf(entries, invoices, kAsOf, absl::UTCTimeZone());
  ASSERT_TRUE(items.ok()) << items.status();
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].amount, 7500);
  EXPECT_EQ((*items)[0].due_date, kAsOf - 10);
  // As of the next day it is settled and drops out.
  EXPECT_THAT(OpenItemsAsOf(entries, invoices, kAsOf + 1, absl::UTCTimeZone()),
              IsOkAndHolds(IsEmpty()));
}

TEST(OpenItemsTest, TheEndOfTheDayIsInTheOrganizationsZone) {
  absl::StatusOr<absl::TimeZone> la = LoadOrganizationTimeZone("America/Los_Angeles");
  ASSERT_TRUE(la.ok());
  const std::vector<AgingInvoice> invoices = {{"inv_1", kAsOf}};
  // 06:30 UTC on July 1st is 23:30 on June 30th in Los Angeles.
  const std::vector<LedgerEntry> entries = {
      Entry("cus_1", "inv_1", 10000, At(kAsOf - 5, 12)),
      Entry("cus_1", "inv_1", -10000, At(kAsOf + 1, 6) + absl::Minutes(30)),
  };
  EXPECT_THAT(OpenItemsAsOf(entries, invoices, kAsOf, *la), IsOkAndHolds(IsEmpty()));
  absl::StatusOr<std::vector<OpenItem>> in_utc =
      OpenItemsAsOf(entries, invoices, kAsOf, absl::UTCTimeZone());
  ASSERT_TRUE(in_utc.ok());
  ASSERT_EQ(in_utc->size(), 1u);
  EXPECT_EQ((*in_utc)[0].amount, 10000);
  // The last nanosecond of the day counts, the first of the next does not.
  const absl::Time end = EndOfDay(kAsOf, *la);
  const std::vector<LedgerEntry> edge = {Entry("cus_1", "inv_1", 100, end - absl::Nanoseconds(1)),
                                         Entry("cus_1", "inv_1", 1, end)};
  absl::StatusOr<std::vector<OpenItem>> items = OpenItemsAsOf(edge, invoices, kAsOf, *la);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].amount, 100);
}

TEST(OpenItemsTest, AnEntryOfAnInvoiceNotGivenIsAWiringMistake) {
  EXPECT_THAT(OpenItemsAsOf({Entry("cus_1", "inv_9", 100, At(kAsOf, 1))}, {{"inv_1", kAsOf}},
                            kAsOf, absl::UTCTimeZone()),
              HasErrorCode(ErrorCode::kInternal));
  EXPECT_THAT(OpenItemsAsOf({Entry("cus_1", "", 100, At(kAsOf, 1))}, {{"inv_1", kAsOf}}, kAsOf,
                            absl::UTCTimeZone()),
              HasErrorCode(ErrorCode::kInternal));
  // Unless it was written after the day: it is not read at all.
  EXPECT_THAT(OpenItemsAsOf({Entry("cus_1", "inv_9", 100, At(kAsOf + 1, 1))}, {}, kAsOf,
                            absl::UTCTimeZone()),
              IsOkAndHolds(IsEmpty()));
}

TEST(OpenItemsTest, AnInvoiceWhoseEntriesDisagreeIsCorruptData) {
  const std::vector<AgingInvoice> invoices = {{"inv_1", kAsOf}};
  EXPECT_THAT(OpenItemsAsOf({Entry("cus_1", "inv_1", 100, At(kAsOf, 1)),
                             Entry("cus_2", "inv_1", -50, At(kAsOf, 2))},
                            invoices, kAsOf, absl::UTCTimeZone()),
              HasErrorCode(ErrorCode::kInternal));
  EXPECT_THAT(OpenItemsAsOf({Entry("cus_1", "inv_1", 100, At(kAsOf, 1)),
                             Entry("cus_1", "inv_1", -50, At(kAsOf, 2), "EUR")},
                            invoices, kAsOf, absl::UTCTimeZone()),
              HasErrorCode(ErrorCode::kInternal));
}

TEST(OpenItemsTest, OrderedByCurrencyCustomerAndInvoice) {
  const std::vector<AgingInvoice> invoices = {
      {"inv_1", kAsOf}, {"inv_2", kAsOf}, {"inv_3", kAsOf}, {"inv_4", kAsOf}};
  absl::StatusOr<std::vector<OpenItem>> items =
      OpenItemsAsOf({Entry("cus_b", "inv_1", 1, At(kAsOf, 1)),
                     Entry("cus_a", "inv_4", 2, At(kAsOf, 1)),
                     Entry("cus_a", "inv_3", 3, At(kAsOf, 1), "EUR"),
                     Entry("cus_a", "inv_2", 4, At(kAsOf, 1))},
                    invoices, kAsOf, absl::UTCTimeZone());
  ASSERT_TRUE(items.ok());
  std::vector<std::string> order;
  for (const OpenItem& item : *items) order.push_back(item.invoice_id);
  EXPECT_THAT(order, ElementsAre("inv_3", "inv_2", "inv_4", "inv_1"));
}

TEST(AgingReportTest, PerCurrencyPerCustomerAndTotals) {
  const std::vector<OpenItem> items = {
      {"cus_b", "USD", "inv_1", kAsOf + 5, 1000},  // current
      {"cus_a", "USD", "inv_2", kAsOf - 1, 2000},  // 1-30
      {"cus_a", "USD", "inv_3", kAsOf - 45, 300},  // 31-60
      {"cus_a", "USD", "inv_4", kAsOf - 75, 40},   // 61-90
      {"cus_b", "USD", "inv_5", kAsOf - 200, 5},   // over90
      {"cus_a", "JPY", "inv_6", kAsOf - 100, 700},
      {"cus_c", "USD", "inv_7", kAsOf - 10, -600},  // overpaid: owed back, not late
  };
  absl::StatusOr<std::vector<CurrencyAging>> report = AgingReport(items, kAsOf);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->size(), 2u);
  const CurrencyAging& jpy = (*report)[0];
  EXPECT_EQ(jpy.currency, "JPY");
  ASSERT_EQ(jpy.customers.size(), 1u);
  EXPECT_EQ(jpy.totals, Amounts(0, 0, 0, 0, 700));
  const CurrencyAging& usd = (*report)[1];
  EXPECT_EQ(usd.currency, "USD");
  ASSERT_EQ(usd.customers.size(), 3u);
  EXPECT_EQ(usd.customers[0].customer_id, "cus_a");
  EXPECT_EQ(usd.customers[0].amounts, Amounts(0, 2000, 300, 40, 0));
  EXPECT_EQ(usd.customers[1].customer_id, "cus_b");
  EXPECT_EQ(usd.customers[1].amounts, Amounts(1000, 0, 0, 0, 5));
  EXPECT_EQ(usd.customers[2].customer_id, "cus_c");
  EXPECT_EQ(usd.customers[2].amounts, Amounts(-600, 0, 0, 0, 0));
  EXPECT_EQ(usd.totals, Amounts(400, 2000, 300, 40, 5));
  EXPECT_EQ(usd.totals.in(AgingBucket::k1To30), 2000);
  // Filtered on one currency.
  absl::StatusOr<std::vector<CurrencyAging>> only_jpy = AgingReport(items, kAsOf, "JPY");
  ASSERT_TRUE(only_jpy.ok());
  ASSERT_EQ(only_jpy->size(), 1u);
  EXPECT_EQ((*only_jpy)[0].currency, "JPY");
  EXPECT_THAT(AgingReport(items, kAsOf, "EUR"), IsOkAndHolds(IsEmpty()));
}

TEST(AgingReportTest, TheSameItemsAgeAsTheReportDateMoves) {
  const std::vector<OpenItem> items = {{"cus_a", "USD", "inv_1", kAsOf, 1000}};
  for (auto [days, bucket] : std::vector<std::pair<int, int>>{{0, 0}, {1, 1}, {31, 2}, {61, 3},
                                                              {91, 4}}) {
    absl::StatusOr<std::vector<CurrencyAging>> report = AgingReport(items, kAsOf + days);
    ASSERT_TRUE(report.ok());
    AgingAmounts expected;
    expected.buckets[bucket] = 1000;
    expected.total = 1000;
    EXPECT_EQ((*report)[0].totals, expected) << days;
  }
}

TEST(AgingReportTest, OverflowIsAnErrorNotAWrap) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_THAT(AgingReport({{"cus_a", "USD", "inv_1", kAsOf, kMax},
                           {"cus_b", "USD", "inv_2", kAsOf, 1}},
                          kAsOf),
              HasErrorCode(ErrorCode::kInternal));
  EXPECT_THAT(OpenItemsAsOf({Entry("cus_1", "inv_1", kMax, At(kAsOf, 1)),
                             Entry("cus_1", "inv_1", kMax, At(kAsOf, 2))},
                            {{"inv_1", kAsOf}}, kAsOf, absl::UTCTimeZone()),
              HasErrorCode(ErrorCode::kInternal));
}

// ---- Random histories: the report as of any day equals the ledger.

// One invoice's life, written through the domain's own rules, with what it
// still owed after each step (the oracle), independent of the ledger sums.
struct InvoiceStory {
  Invoice invoice;
  absl::CivilDay due_date;
  std::vector<std::pair<absl::Time, int64_t>> open_after;  // time -> open amount
};

struct History {
  absl::TimeZone zone;
  std::vector<LedgerEntry> entries;
  std::vector<InvoiceStory> stories;
};

History RandomHistory(std::mt19937_64& random) {
  auto uniform = [&random](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(random);
  };
  History h;
  const char* zones[] = {"UTC", "America/Los_Angeles", "Pacific/Kiritimati"};
  h.zone = LoadOrganizationTimeZone(zones[uniform(0, 2)]).value();
  const absl::CivilDay start(2026, 1, 1);
  // A random instant of a random day, in the organization's zone.
  auto instant = [&](absl::CivilDay day) {
    return StartOfDay(day, h.zone) + absl::Seconds(uniform(0, 86'399));
  };
  const int invoices = static_cast<int>(uniform(1, 12));
  for (int i = 0; i < invoices; ++i) {
    InvoiceStory story;
    Invoice& invoice = story.invoice;
    invoice.account_id = "acct_1";
    invoice.id = absl::StrCat("inv_", i);
    invoice.customer_id = absl::StrCat("cus_", uniform(0, 3));
    invoice.currency = uniform(0, 2) == 0 ? "JPY" : "USD";
    invoice.amount = uniform(1, 100'000);
    invoice.status = InvoiceStatus::kPending;
    absl::CivilDay day = start + uniform(0, 150);
    story.due_date = day + uniform(0, 60);
    absl::Time now = instant(day);
    auto record = [&](const std::vector<LedgerEntry>& written, int64_t open) {
      h.entries.insert(h.entries.end(), written.begin(), written.end());
      story.open_after.emplace_back(now, open);
    };
    record(LedgerEntriesForTransition(invoice, InvoiceStatus::kDraft, now), invoice.amount);
    InvoiceAmounts amounts = AmountsOf(invoice);
    int64_t written_off = 0;
    int64_t reversed = 0;
    int64_t open = invoice.amount;
    for (int step = 0; step < 6; ++step) {
      day += uniform(0, 40);
      now = std::max(now + absl::Seconds(1), instant(day));
      const int64_t due = AmountDue(amounts);
      const bool pending = invoice.status == InvoiceStatus::kPending;
      const bool uncollectible = invoice.status == InvoiceStatus::kUncollectible;
      const int64_t choice = uniform(0, 9);
      if (choice <= 3 && (pending || uncollectible) && due > 0) {  // a payment, possibly on a written-off debt
        Payment payment{.account_id = "acct_1", .id = absl::StrCat("pay_", i, "_", step),
                        .invoice_id = invoice.id, .customer_id = invoice.customer_id,
                        .currency = invoice.currency, .amount = uniform(1, due)};
        std::vector<LedgerEntry> written;
        if (uncollectible) {
          const int64_t back = WriteOffReversalAmount(written_off, reversed, payment.amount);
          reversed += back;
          written = WriteOffReversalLedgerEntries(payment, back, now);
          open += back;
        }
        written.push_back(PaymentLedgerEntry(payment, now));
        amounts.paid += payment.amount;
        open -= payment.amount;
        SettleIfNothingDue(invoice, amounts, now);
        record(written, open);
      } else if (choice <= 5 && invoice.status != InvoiceStatus::kCancelled && !uncollectible &&
                 amounts.credited < invoice.amount) {  // a credit note, maybe beyond what is due
        CreditNote note{.account_id = "acct_1", .id = absl::StrCat("cn_", i, "_", step),
                        .invoice_id = invoice.id, .customer_id = invoice.customer_id,
                        .currency = invoice.currency,
                        .amount = uniform(1, invoice.amount - amounts.credited)};
        amounts.credited += note.amount;
        open -= note.amount;
        SettleIfNothingDue(invoice, amounts, now);
        record({CreditNoteLedgerEntry(note, now)}, open);
      } else if (choice == 6 && pending && amounts.paid == 0) {
        const int64_t back = CancelInvoice(invoice, amounts, now).value();
        open -= back;
        record(CancellationLedgerEntries(invoice, back, now), open);
      } else if (choice >= 7 && pending && due > 0) {
        written_off = MarkUncollectible(invoice, amounts, now).value();
        open -= written_off;
        record({WriteOffLedgerEntry(invoice, written_off, now)}, open);
      }
    }
    h.stories.push_back(std::move(story));
  }
  // Storage hands entries over in no particular order.
  std::shuffle(h.entries.begin(), h.entries.end(), random);
  return h;
}

TEST(AgingPropertyTest, TotalsEqualTheLedgerBalancesAsOfAnyDay) {
  for (uint64_t seed = 1; seed <= 1500; ++seed) {
    std::mt19937_64 random(seed);
    const History h = RandomHistory(random);
    const absl::CivilDay as_of =
        absl::CivilDay(2026, 1, 1) + std::uniform_int_distribution<int>(-5, 400)(random);
    std::vector<AgingInvoice> invoices;
    for (const InvoiceStory& story : h.stories) {
      invoices.push_back({story.invoice.id, story.due_date});
    }
    absl::StatusOr<std::vector<OpenItem>> items = OpenItemsAsOf(h.entries, invoices, as_of, h.zone);
    ASSERT_TRUE(items.ok()) << items.status();
    absl::StatusOr<std::vector<CurrencyAging>> report = AgingReport(*items, as_of);
    ASSERT_TRUE(report.ok()) << report.status();

    // 1. Per customer and currency, the total is the ledger balance of the
    // entries written by the end of the day (ledger.h's own sum).
    const absl::Time cutoff = EndOfDay(as_of, h.zone);
    std::map<std::string, std::vector<LedgerEntry>> by_customer;
    for (const LedgerEntry& entry : h.entries) {
      if (entry.create_time < cutoff) by_customer[entry.customer_id].push_back(entry);
    }
    std::map<std::pair<std::string, std::string>, int64_t> ledger;  // (currency, customer)
    for (const auto& [customer, entries] : by_customer) {
      absl::StatusOr<std::vector<CurrencyBalance>> balances = BalancesOf(entries);
      ASSERT_TRUE(balances.ok()) << balances.status();
      for (const CurrencyBalance& balance : *balances) {
        if (balance.amount != 0) ledger[{balance.currency, customer}] = balance.amount;
      }
    }
    std::map<std::pair<std::string, std::string>, int64_t> aged;
    std::map<std::string, AgingAmounts> currency_sums;
    for (const CurrencyAging& currency : *report) {
      AgingAmounts sum;
      for (const CustomerAging& customer : currency.customers) {
        if (customer.amounts.total != 0) {
          aged[{currency.currency, customer.customer_id}] = customer.amounts.total;
        }
        for (size_t b = 0; b < kAgingBucketCount; ++b) {
          sum.buckets[b] += customer.amounts.buckets[b];
        }
        sum.total += customer.amounts.total;
      }
      // 2. The currency's totals are the sum of its customers, bucket by bucket.
      EXPECT_EQ(currency.totals, sum) << "seed " << seed << " " << currency.currency;
      currency_sums[currency.currency] = sum;
    }
    EXPECT_EQ(aged, ledger) << "seed " << seed << " as of " << FormatDate(as_of);

    // 3. Each bucket holds what the invoices owed then, by their due dates,
    // from the story of each invoice rather than from the ledger.
    std::map<std::string, AgingAmounts> expected;
    for (const InvoiceStory& story : h.stories) {
      std::optional<int64_t> open;
      for (const auto& [time, amount] : story.open_after) {
        if (time < cutoff) open = amount;
      }
      if (!open || *open == 0) continue;
      const AgingBucket bucket =
          *open < 0 ? AgingBucket::kCurrent : AgingBucketOf(story.due_date, as_of);
      AgingAmounts& sums = expected[story.invoice.currency];
      sums.buckets[static_cast<size_t>(bucket)] += *open;
      sums.total += *open;
    }
    std::erase_if(expected, [](const auto& kv) { return kv.second == AgingAmounts{}; });
    std::erase_if(currency_sums, [](const auto& kv) { return kv.second == AgingAmounts{}; });
    EXPECT_EQ(currency_sums, expected) << "seed " << seed << " as of " << FormatDate(as_of);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace billing::domain
