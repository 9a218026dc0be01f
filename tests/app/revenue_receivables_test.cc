// Revenue that never rewrites a closed month, through the use cases on a
// real store (SQLite file, PostgreSQL schema) with a pinned clock: cases
// worked by hand, 10.00 a day over a 90-day quarter unless said otherwise.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "api/resource_encoder.h"
#include "app/credit_notes.h"
#include "app/customers.h"
#include "app/invoices.h"
#include "app/revenue_calculations.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/organization_seed.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_backend.h"

namespace billing {
namespace {

using ::billing::testing::IsOk;

// "2026-01 31000" per month of a result's schedule, for readable failures.
std::vector<std::string> Schedule(const domain::CurrencyRevenue& revenue) {
  std::vector<std::string> out;
  for (const domain::MonthlyAmount& m : revenue.schedule) {
    out.push_back(absl::StrCat(absl::FormatCivilTime(m.month), " ", m.amount));
  }
  return out;
}

class RevenueReceivablesTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetDay(absl::CivilDay day) {
    now_ = absl::FromCivil(day, absl::UTCTimeZone()) + absl::Hours(12);
  }

  // A processed invoice of one line of `amount` over [start, end], processed on `start`.
  std::string Processed(const std::string& amount, const std::string& start,
                        const std::string& end) {
    domain::InvoiceInput input{.customer_id = customer_, .due_date = "2099-12-31"};
    input.line_items.push_back({.description = "Service",
                                .quantity = 1,
                                .unit_amount = amount,
                                .service_period_start = start,
                                .service_period_end = end});
    absl::StatusOr<domain::Invoice> draft = invoices_.Create(ctx_, input);
    EXPECT_THAT(draft.status(), IsOk());
    EXPECT_THAT(invoices_.Process(ctx_, draft->id).status(), IsOk());
    return draft->id;
  }

  void Credit(const std::string& invoice_id, const std::string& amount) {
    EXPECT_THAT(credit_notes_.Create(ctx_, invoice_id, {.amount = amount, .reason = "other"})
                    .status(),
                IsOk());
  }

  // The USD result of a report over [start, end], run now.
  domain::CurrencyRevenue Report(const std::string& start, const std::string& end) {
    absl::StatusOr<domain::RevenueCalculation> queued =
        calculations_.Create(ctx_, {.period_start = start, .period_end = end});
    EXPECT_THAT(queued.status(), IsOk());
    EXPECT_THAT(worker_.RunPending(), IsOk());
    absl::StatusOr<domain::RevenueCalculation> done = calculations_.Get(ctx_, queued->id);
    EXPECT_THAT(done.status(), IsOk());
    EXPECT_EQ(done->status, domain::CalculationStatus::kSucceeded) << done->failure_reason;
    if (done->results.size() != 1) {
      ADD_FAILURE() << "expected one currency, got " << done->results.size();
      return {};
    }
    return done->results[0];
  }

  absl::Time now_ = absl::FromCivil(absl::CivilDay(2026, 1, 1), absl::UTCTimeZone());
  app::Clock clock_ = [this] { return now_; };
  std::unique_ptr<app::Store> store_ = testing::OpenTestStore(testing::FreshDatabase(GetParam()));
  app::CallContext ctx_{.account_id = "acct_revenue"};
  // The events these use cases record need the API's wire form.
  const api::ProtoResourceEncoder encoder_;
  app::Customers customers_{*store_, encoder_, clock_};
  app::Invoices invoices_{*store_, encoder_, clock_};
  app::CreditNotes credit_notes_{*store_, encoder_, clock_};
  app::RevenueWorker worker_{*store_, encoder_, clock_};
  app::RevenueCalculations calculations_{*store_, clock_, &worker_};
  std::string customer_ =
      customers_
          .Create(ctx_, "", {.name = "Acme", .email = "ap@acme.test", .default_currency = "USD"})
          ->id;
  // Processing needs the account's organization (the seller).
  const absl::Status organization_seeded_ = testing::SeedOrganization(*store_, ctx_.account_id);
};

TEST_P(RevenueReceivablesTest, JanuaryIsTheSameBeforeAndAfterACancellationInMarch) {
  const std::string invoice = Processed("900.00", "2026-01-01", "2026-03-31");
  SetDay(absl::CivilDay(2026, 2, 5));
  const domain::CurrencyRevenue before = Report("2026-01-01", "2026-01-31");
  EXPECT_EQ(before.recognized, 31000);
  EXPECT_EQ(before.deferred, 59000);

  SetDay(absl::CivilDay(2026, 3, 10));
  ASSERT_THAT(invoices_.Cancel(ctx_, invoice).status(), IsOk());
  const domain::CurrencyRevenue after = Report("2026-01-01", "2026-01-31");
  EXPECT_EQ(after.recognized, before.recognized);
  EXPECT_EQ(after.deferred, before.deferred);
  EXPECT_EQ(Schedule(after), Schedule(before));

  // From the 10th nothing more is recognized and nothing stays deferred.
  const domain::CurrencyRevenue quarter = Report("2026-01-01", "2026-03-31");
  EXPECT_EQ(quarter.recognized, 31000 + 28000 + 9000);
  EXPECT_EQ(quarter.deferred, 0);
  EXPECT_THAT(Schedule(quarter),
              ::testing::ElementsAre("2026-01 31000", "2026-02 28000", "2026-03 9000"));
}

TEST_P(RevenueReceivablesTest, ACreditNoteInTheMiddleOfTheServicePeriod) {
  const std::string invoice = Processed("900.00", "2026-01-01", "2026-03-31");
  SetDay(absl::CivilDay(2026, 2, 1));
  const domain::CurrencyRevenue january_before = Report("2026-01-01", "2026-01-31");
  // 90.00 on Feb 1: January's 31 days' share (31.00) lands on Feb 1, the
  // other 59.00 is spread over the 59 days left (1.00 a day).
  Credit(invoice, "90.00");
  const domain::CurrencyRevenue january_after = Report("2026-01-01", "2026-01-31");
  EXPECT_EQ(january_after.recognized, january_before.recognized);
  EXPECT_EQ(january_after.deferred, january_before.deferred);

  const domain::CurrencyRevenue quarter = Report("2026-01-01", "2026-03-31");
  EXPECT_THAT(Schedule(quarter), ::testing::ElementsAre("2026-01 31000", "2026-02 22100",
                                                        "2026-03 27900"));
  EXPECT_EQ(quarter.recognized, 90000 - 9000) << "no cent created or lost";
  EXPECT_EQ(quarter.deferred, 0);
}

TEST_P(RevenueReceivablesTest, ACreditOnAnInvoiceWhoseServiceEndedLongAgoLandsOnItsDay) {
  const std::string invoice = Processed("310.00", "2026-01-01", "2026-01-31");
  SetDay(absl::CivilDay(2026, 6, 15));
  Credit(invoice, "50.00");
  const domain::CurrencyRevenue january = Report("2026-01-01", "2026-01-31");
  EXPECT_EQ(january.recognized, 31000) << "January stays as reported";
  const domain::CurrencyRevenue june = Report("2026-06-01", "2026-06-30");
  EXPECT_EQ(june.recognized, -5000);
  const domain::CurrencyRevenue may = Report("2026-05-01", "2026-05-31");
  EXPECT_EQ(may.recognized, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, RevenueReceivablesTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
