// The receivables aging report (GetReceivablesAging) over a real gRPC
// server, on SQLite and PostgreSQL: after random sequences of invoices,
// payments, credit notes, cancellations and write-offs at random times (the use cases
// run on the server's store with a pinned clock), the report of every day
// agrees to the cent with the customers' ledger entries as listed by the
// API, cut at the end of that day in the organization's zone.
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "api/resource_encoder.h"
#include "app/credit_notes.h"
#include "app/invoices.h"
#include "app/payments.h"
#include "domain/receivables.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::billing::testing::ViolatedFields;
using ::testing::ElementsAre;

// New York: a day ends at 05:00 UTC (04:00 in summer), so entries written
// in the early UTC hours belong to the day before.
constexpr char kZone[] = "America/New_York";
const std::vector<std::string> kBuckets = {"current", "1-30", "31-60", "61-90", "over90"};

// "-12.34" -> -1234 (both currencies here have two decimals).
int64_t Minor(const std::string& text) {
  const bool negative = !text.empty() && text[0] == '-';
  std::string digits;
  for (char c : text.substr(negative ? 1 : 0)) {
    if (c != '.') digits += c;
  }
  const int64_t value = std::stoll(digits);
  return negative ? -value : value;
}

std::string Decimal(int64_t minor) {
  const int64_t magnitude = minor < 0 ? -minor : minor;
  return absl::StrCat(minor < 0 ? "-" : "", magnitude / 100, ".", magnitude % 100 < 10 ? "0" : "",
                      magnitude % 100);
}

absl::Time FromProto(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// Bucket amounts by name, then "total".
std::map<std::string, int64_t> Amounts(const v1::AgingAmounts& amounts) {
  std::map<std::string, int64_t> out;
  std::vector<std::string> names;
  for (const v1::AgingBucketAmount& bucket : amounts.buckets()) {
    names.push_back(bucket.bucket());
    out[bucket.bucket()] = Minor(bucket.amount());
  }
  EXPECT_EQ(names, kBuckets) << "every bucket, in order";
  out["total"] = Minor(amounts.total());
  return out;
}

struct Entry {
  std::string customer_id;
  std::string invoice_id;
  std::string currency;
  int64_t amount;
  absl::Time create_time;
};

class ReceivablesAgingPropertyTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    v1::Organization zone;
    zone.set_time_zone(kZone);
    v1::Organization out;
    grpc::Status status = client_.UpdateOrganization(zone, {"time_zone"}, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const char* currency : {"USD", "USD", "EUR"}) {
      customers_.push_back(client_.MustCreateCustomer(currency).id());
    }
  }

  // Every ledger entry of every customer, as the API lists them.
  std::vector<Entry> ListedEntries() {
    std::vector<Entry> entries;
    for (const std::string& customer : customers_) {
      v1::ListLedgerEntriesRequest request;
      request.set_customer_id(customer);
      request.set_page_size(100);
      while (true) {
        v1::ListLedgerEntriesResponse response;
        grpc::Status status = client_.ListLedgerEntries(request, &response);
        EXPECT_TRUE(status.ok()) << status.error_message();
        if (!status.ok()) return entries;
        for (const v1::LedgerEntry& entry : response.ledger_entries()) {
          entries.push_back({customer, entry.invoice_id(), entry.currency(),
                             Minor(entry.amount()), FromProto(entry.create_time())});
        }
        if (response.next_page_token().empty()) break;
        request.set_page_token(response.next_page_token());
      }
    }
    return entries;
  }

  // One random step at now_: a new invoice, or a payment, credit note,
  // cancellation or write-off on a random earlier one (when it allows it).
  void Step() {
    std::uniform_int_distribution<int> pick(0, 10);
    const int kind = invoices_made_.empty() ? 0 : pick(rng_);
    if (kind < 4) {
      const std::string customer = customers_[rng_() % customers_.size()];
      const absl::CivilDay issue = absl::ToCivilDay(now_, zone_);
      domain::InvoiceInput input{.customer_id = customer,
                                 .amount = Decimal(100 + static_cast<int64_t>(rng_() % 99900))};
      // No due date half the time: the organization's terms (30 days) give it.
      if (rng_() % 2 == 0) input.due_date = absl::FormatCivilTime(issue + static_cast<int64_t>(rng_() % 100));
      absl::StatusOr<domain::Invoice> draft = invoices_.Create(ctx_, input);
      ASSERT_TRUE(draft.ok()) << draft.status();
      absl::StatusOr<domain::Invoice> processed = invoices_.Process(ctx_, draft->id);
      ASSERT_TRUE(processed.ok()) << processed.status();
      invoices_made_.push_back(draft->id);
      return;
    }
    const std::string id = invoices_made_[rng_() % invoices_made_.size()];
    absl::StatusOr<domain::Invoice> invoice = invoices_.Get(ctx_, id);
    ASSERT_TRUE(invoice.ok()) << invoice.status();
    const int64_t due = domain::AmountDue(*invoice);
    const int64_t creditable = invoice->amount - invoice->amount_credited;
    if (kind < 7) {
      // A written-off invoice still takes payments (they reverse the write-off).
      if ((invoice->status != domain::InvoiceStatus::kPending &&
           invoice->status != domain::InvoiceStatus::kUncollectible) ||
          due <= 0) {
        return;
      }
      const int64_t amount = rng_() % 3 == 0 ? due : 1 + static_cast<int64_t>(rng_() % static_cast<uint64_t>(due));
      absl::StatusOr<domain::Payment> paid =
          payments_.Create(ctx_, id, {.amount = Decimal(amount), .method = "bank_transfer"});
      ASSERT_TRUE(paid.ok()) << paid.status();
      ++payments_made_;
    } else if (kind < 9) {
      if (invoice->status == domain::InvoiceStatus::kCancelled ||
          invoice->status == domain::InvoiceStatus::kUncollectible || creditable <= 0) {
        return;
      }
      const int64_t amount = 1 + static_cast<int64_t>(rng_() % static_cast<uint64_t>(creditable));
      absl::StatusOr<domain::CreditNote> note =
          credit_notes_.Create(ctx_, id, {.amount = Decimal(amount), .reason = "other"});
      ASSERT_TRUE(note.ok()) << note.status();
      ++credits_made_;
    } else if (kind < 10) {
      // Refused once anything was paid: only what the rules allow counts.
      if (invoices_.Cancel(ctx_, id).ok()) ++cancellations_made_;
    } else {
      if (invoices_.MarkUncollectible(ctx_, id).ok()) ++write_offs_made_;
    }
  }

  // The report of `day` against the listed entries written before its end.
  void CheckDay(absl::CivilDay day, const std::vector<Entry>& entries,
                const std::map<std::string, absl::CivilDay>& due_dates) {
    const absl::Time end = absl::FromCivil(day + 1, zone_);
    // Expected: balances per (currency, customer) and, per invoice, its
    // bucket by its due date (anything owed to the customer is current).
    std::map<std::tuple<std::string, std::string, std::string>, int64_t> by_invoice;
    for (const Entry& entry : entries) {
      if (entry.create_time < end) {
        by_invoice[{entry.currency, entry.customer_id, entry.invoice_id}] += entry.amount;
      }
    }
    std::map<std::string, std::map<std::string, std::map<std::string, int64_t>>> want;
    for (const auto& [key, amount] : by_invoice) {
      const auto& [currency, customer, invoice] = key;
      if (amount == 0) continue;
      const int64_t late = day - due_dates.at(invoice);
      const std::string bucket = amount < 0 || late <= 0 ? "current"
                                 : late <= 30            ? "1-30"
                                 : late <= 60            ? "31-60"
                                 : late <= 90            ? "61-90"
                                                         : "over90";
      std::map<std::string, int64_t>& amounts = want[currency][customer];
      for (const std::string& name : kBuckets) amounts.try_emplace(name, 0);
      amounts[bucket] += amount;
      amounts["total"] += amount;
    }

    v1::ReceivablesAging report;
    grpc::Status status = client_.GetReceivablesAging(absl::FormatCivilTime(day), "", &report);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(report.as_of(), absl::FormatCivilTime(day));
    std::map<std::string, std::map<std::string, std::map<std::string, int64_t>>> got;
    for (const v1::CurrencyAging& currency : report.results()) {
      std::map<std::string, int64_t> sum;
      for (const v1::CustomerAging& customer : currency.customers()) {
        got[currency.currency()][customer.customer_id()] = Amounts(customer.amounts());
        for (const auto& [name, amount] : Amounts(customer.amounts())) sum[name] += amount;
      }
      EXPECT_EQ(Amounts(currency.totals()), sum) << day << " " << currency.currency();
    }
    // Customers whose buckets all net to zero are left out of the report.
    for (auto& [currency, customers] : want) {
      std::erase_if(customers, [](const auto& c) {
        for (const auto& [name, amount] : c.second) {
          if (amount != 0) return false;
        }
        return true;
      });
    }
    std::erase_if(want, [](const auto& c) { return c.second.empty(); });
    EXPECT_EQ(got, want) << "as of " << day;
  }

  std::mt19937_64 rng_;
  const absl::TimeZone zone_ = [] {
    absl::TimeZone zone;
    absl::LoadTimeZone(kZone, &zone);
    return zone;
  }();
  absl::Time now_ = absl::FromCivil(absl::CivilSecond(2025, 11, 1, 12, 0, 0), absl::UTCTimeZone());
  app::Clock clock_ = [this] { return now_; };
  TestServer server_{GetParam(), testing::UnthrottledOptions()};
  BillingClient client_{server_.channel(), server_.authorization()};
  app::CallContext ctx_{.account_id = TestServer::kAccount};
  const api::ProtoResourceEncoder encoder_;
  app::Invoices invoices_{server_.server().store(), encoder_, clock_};
  app::Payments payments_{server_.server().store(), encoder_, clock_};
  app::CreditNotes credit_notes_{server_.server().store(), encoder_, clock_};
  std::vector<std::string> customers_;
  std::vector<std::string> invoices_made_;
  int payments_made_ = 0;
  int credits_made_ = 0;
  int cancellations_made_ = 0;
  int write_offs_made_ = 0;
};

TEST_P(ReceivablesAgingPropertyTest, EveryDayTotalsEqualTheLedgerBalancesToTheCent) {
  for (uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(absl::StrCat("seed ", seed));
    rng_.seed(seed);
    const absl::CivilDay first = absl::ToCivilDay(now_, zone_);
    for (int i = 0; i < 40; ++i) {
      // 0 to 4 days on, at any minute: some steps land in the UTC hours
      // that still belong to the day before in New York.
      now_ += absl::Hours(static_cast<int64_t>(rng_() % 5) * 24) +
              absl::Minutes(static_cast<int64_t>(rng_() % (24 * 60)));
      ASSERT_NO_FATAL_FAILURE(Step());
    }
    const std::vector<Entry> entries = ListedEntries();
    std::map<std::string, absl::CivilDay> due_dates;
    for (const std::string& id : invoices_made_) {
      v1::Invoice invoice;
      ASSERT_TRUE(client_.GetInvoice(id, &invoice).ok());
      absl::CivilDay due;
      ASSERT_TRUE(absl::ParseCivilTime(invoice.due_date(), &due)) << invoice.due_date();
      due_dates[id] = due;
    }
    // Every day from before the first entry to past every bucket's edge.
    const absl::CivilDay last = absl::ToCivilDay(now_, zone_) + 200;
    for (absl::CivilDay day = first - 1; day <= last; ++day) {
      ASSERT_NO_FATAL_FAILURE(CheckDay(day, entries, due_dates));
    }
  }
  // The walks did reach every kind of entry.
  EXPECT_GT(payments_made_, 0);
  EXPECT_GT(credits_made_, 0);
  EXPECT_GT(cancellations_made_, 0);
  EXPECT_GT(write_offs_made_, 0);
}

TEST_P(ReceivablesAgingPropertyTest, ALaterPaymentStillCountsAsOpenOnAnEarlierDay) {
  now_ = absl::FromCivil(absl::CivilSecond(2026, 1, 10, 15, 0, 0), zone_);
  absl::StatusOr<domain::Invoice> draft = invoices_.Create(
      ctx_, {.customer_id = customers_[0], .amount = "100.00", .due_date = "2026-01-20"});
  ASSERT_TRUE(draft.ok()) << draft.status();
  ASSERT_TRUE(invoices_.Process(ctx_, draft->id).ok());
  // Paid at 01:00 UTC on Feb 26: still Feb 25 in New York.
  now_ = absl::FromCivil(absl::CivilSecond(2026, 2, 26, 1, 0, 0), absl::UTCTimeZone());
  ASSERT_TRUE(payments_.Create(ctx_, draft->id, {.amount = "100.00", .method = "bank_transfer"})
                  .ok());
  auto total_late = [&](const std::string& as_of, const std::string& bucket) -> std::string {
    v1::ReceivablesAging report;
    grpc::Status status = client_.GetReceivablesAging(as_of, "USD", &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (report.results_size() == 0) return "none";
    for (const v1::AgingBucketAmount& b : report.results(0).totals().buckets()) {
      if (b.bucket() == bucket) return b.amount();
    }
    return "missing";
  };
  EXPECT_EQ(total_late("2026-01-20", "current"), "100.00") << "due that day is current";
  EXPECT_EQ(total_late("2026-01-21", "1-30"), "100.00");
  EXPECT_EQ(total_late("2026-02-24", "31-60"), "100.00") << "35 days late, not yet paid";
  EXPECT_EQ(total_late("2026-02-25", "none"), "none") << "paid that evening in New York";
  EXPECT_EQ(total_late("2026-01-09", "none"), "none") << "before it was processed";

  v1::ReceivablesAging report;
  grpc::Status status = client_.GetReceivablesAging("2026-02-24", "EUR", &report);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(report.results_size(), 0) << "another currency only";
}

TEST_P(ReceivablesAgingPropertyTest, AMissingOrBadAsOfOrCurrencyIsAValidationError) {
  for (const auto& [as_of, currency, field] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"", "", "as_of"},
           {"2026-02-30", "", "as_of"},
           {"yesterday", "USD", "as_of"},
           {"2026-01-31", "usd", "currency"},
           {"2026-01-31", "XXQ", "currency"}}) {
    v1::ReceivablesAging report;
    grpc::Status status = client_.GetReceivablesAging(as_of, currency, &report);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << as_of << currency;
    EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
    EXPECT_THAT(ViolatedFields(status), ElementsAre(field)) << as_of << " " << currency;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ReceivablesAgingPropertyTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
