// The tax report (GetTaxReport) over a real gRPC server, on SQLite and
// PostgreSQL: per currency and (country, category, percentage), what
// invoices processed in the period charged, less the credit notes dated in
// it and the cancellations made in it, and the period's validation.
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "app/ports/store.h"
#include "domain/ids.h"
#include "domain/tax_rate_resource.h"
#include "tests/support/billing_client.h"
#include "tests/support/tax_rate_seed.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::billing::testing::ViolatedFields;
using ::testing::ElementsAre;

struct Line {
  std::string unit_amount;
  std::string tax_rate_id;  // "": untaxed
};

// One row as "country category percentage | invoiced | credited |
// cancelled | net", each amount as taxable/tax.
std::string Row(const v1::TaxReportRow& row) {
  auto pair = [](const v1::TaxAmounts& a) { return a.taxable_amount() + "/" + a.tax_amount(); };
  return row.country() + " " + row.category() + " " + row.percentage() + " | " +
         pair(row.invoiced()) + " | " + pair(row.credited()) + " | " + pair(row.cancelled()) +
         " | " + pair(row.net());
}

std::vector<std::string> Rows(const v1::CurrencyTaxReport& report) {
  std::vector<std::string> rows;
  for (const v1::TaxReportRow& row : report.rows()) rows.push_back(Row(row));
  return rows;
}

std::string Day(absl::CivilDay day) { return absl::FormatCivilTime(day); }

class TaxReportTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  // A rate written through the store as the tax-rates API would.
  std::string Rate(const std::string& percentage, const std::string& country,
                   const std::string& category = "S", const std::string& vatex = "") {
    domain::TaxRateInput input{.display_name = "VAT",
                               .percentage = percentage,
                               .country = country,
                               .category = category,
                               .exemption_reason_code = vatex};
    return ::billing::testing::SeedTaxRate(server_.server().store(), TestServer::kAccount, input);
  }

  v1::Invoice Draft(const std::string& customer_id, const std::vector<Line>& lines) {
    v1::Invoice invoice;
    invoice.set_customer_id(customer_id);
    invoice.set_due_date("2099-12-31");
    for (const Line& line : lines) {
      v1::LineItem* item = invoice.add_line_items();
      item->set_description("Work");
      item->set_quantity(1);
      item->set_unit_amount(line.unit_amount);
      item->set_tax_rate_id(line.tax_rate_id);
    }
    v1::Invoice created;
    grpc::Status status = client_.CreateInvoice(invoice, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  v1::Invoice Processed(const std::string& customer_id, const std::vector<Line>& lines) {
    v1::Invoice processed;
    grpc::Status status = client_.ProcessInvoice(Draft(customer_id, lines).id(), &processed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return processed;
  }

  void Credit(const std::string& invoice_id, const std::string& amount) {
    v1::CreditNote note;
    note.set_amount(amount);
    note.set_reason("order_change");
    v1::CreditNote issued;
    grpc::Status status = client_.CreateCreditNote(invoice_id, note, &issued);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  // Moves an invoice's processing to `when`, as if it had been processed then.
  void ProcessedOn(const std::string& invoice_id, absl::Time when) {
    ASSERT_TRUE(server_.server()
                    .store()
                    .Write([&](app::Transaction& tx) -> absl::Status {
                      absl::StatusOr<domain::Invoice> invoice =
                          tx.invoices().Get(TestServer::kAccount, invoice_id);
                      if (!invoice.ok()) return invoice.status();
                      invoice->process_time = when;
                      return tx.invoices().Update(*invoice);
                    })
                    .ok());
  }

  v1::TaxReport Report(absl::CivilDay start, absl::CivilDay end) {
    v1::TaxReport report;
    grpc::Status status = client_.GetTaxReport(Day(start), Day(end), &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return report;
  }

  const absl::CivilDay today_ = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  TestServer server_{GetParam()};
  BillingClient client_{server_.channel(), server_.authorization()};
  std::string eur_ = client_.MustCreateCustomer("EUR").id();
};

TEST_P(TaxReportTest, InvoicedLessCreditedAndCancelledPerCountryCategoryAndPercentage) {
  const std::string de19 = Rate("19", "DE");
  const std::string at20 = Rate("20", "AT");
  const std::string reverse = Rate("0", "DE", "AE", "VATEX-EU-AE");
  const v1::Invoice a = Processed(eur_, {{"100.00", de19}, {"50.00", reverse}});
  ASSERT_EQ(a.amount(), "169.00");
  Credit(a.id(), "16.90");  // a tenth of each part
  const v1::Invoice b = Processed(eur_, {{"200.00", de19}, {"30.00", at20}, {"10.00", ""}});
  v1::Invoice cancelled;
  ASSERT_TRUE(client_.CancelInvoice(b.id(), &cancelled).ok());
  Processed(client_.MustCreateCustomer("USD").id(), {{"10.00", de19}});
  Draft(eur_, {{"1000.00", de19}});  // a draft was never issued

  const v1::TaxReport report = Report(today_, today_);
  EXPECT_EQ(report.period_start(), Day(today_));
  EXPECT_EQ(report.period_end(), Day(today_));
  ASSERT_EQ(report.results_size(), 2);
  EXPECT_EQ(report.results(0).currency(), "EUR");
  // By country, category, percentage; the untaxed line is in no row.
  EXPECT_THAT(Rows(report.results(0)),
              ElementsAre("AT S 20 | 30.00/6.00 | 0.00/0.00 | 30.00/6.00 | 0.00/0.00",
                          "DE AE 0 | 50.00/0.00 | 5.00/0.00 | 0.00/0.00 | 45.00/0.00",
                          "DE S 19 | 300.00/57.00 | 10.00/1.90 | 200.00/38.00 | 90.00/17.10"));
  EXPECT_EQ(report.results(0).net().taxable_amount(), "135.00");
  EXPECT_EQ(report.results(0).net().tax_amount(), "17.10");
  EXPECT_EQ(report.results(1).currency(), "USD");
  EXPECT_THAT(Rows(report.results(1)),
              ElementsAre("DE S 19 | 10.00/1.90 | 0.00/0.00 | 0.00/0.00 | 10.00/1.90"));

  EXPECT_EQ(Report(today_ - 1, today_ - 1).results_size(), 0) << "nothing was dated yesterday";
}

TEST_P(TaxReportTest, CreditsAndCancellationsCountOnTheirOwnDay) {
  const std::string de19 = Rate("19", "DE");
  const v1::Invoice invoice = Processed(eur_, {{"100.00", de19}});
  ProcessedOn(invoice.id(), absl::FromCivil(absl::CivilDay(2020, 1, 15), absl::UTCTimeZone()));
  Credit(invoice.id(), "11.90");
  v1::Invoice cancelled;
  ASSERT_TRUE(client_.CancelInvoice(invoice.id(), &cancelled).ok());

  // January 2020 keeps what was invoiced then; today's report takes back
  // the credit and what the invoice still charged when it was cancelled.
  const v1::TaxReport january = Report(absl::CivilDay(2020, 1, 1), absl::CivilDay(2020, 1, 31));
  ASSERT_EQ(january.results_size(), 1);
  EXPECT_THAT(Rows(january.results(0)),
              ElementsAre("DE S 19 | 100.00/19.00 | 0.00/0.00 | 0.00/0.00 | 100.00/19.00"));
  const v1::TaxReport now = Report(today_, today_);
  ASSERT_EQ(now.results_size(), 1);
  EXPECT_THAT(Rows(now.results(0)),
              ElementsAre("DE S 19 | 0.00/0.00 | 10.00/1.90 | 90.00/17.10 | -100.00/-19.00"));
  // Over both, nothing is left: reversed once, never twice.
  const v1::TaxReport both = Report(absl::CivilDay(2020, 1, 1), today_);
  ASSERT_EQ(both.results_size(), 1);
  EXPECT_EQ(both.results(0).net().taxable_amount(), "0.00");
  EXPECT_EQ(both.results(0).net().tax_amount(), "0.00");
}

TEST_P(TaxReportTest, ABadPeriodIsRefusedNamingTheField) {
  struct Case {
    std::string start, end, field;
  };
  for (const Case& c : std::vector<Case>{{"", "2026-01-31", "period_start"},
                                         {"2026-01-01", "", "period_end"},
                                         {"2026-13-01", "2026-12-31", "period_start"},
                                         {"2026-01-01", "31.01.2026", "period_end"},
                                         {"2026-02-01", "2026-01-31", "period_end"},
                                         {"2000-01-01", "2026-01-01", "period_end"}}) {
    v1::TaxReport report;
    const grpc::Status status = client_.GetTaxReport(c.start, c.end, &report);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.start << " " << c.end;
    EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
    EXPECT_THAT(ViolatedFields(status), ElementsAre(c.field)) << c.start << " " << c.end;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, TaxReportTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
