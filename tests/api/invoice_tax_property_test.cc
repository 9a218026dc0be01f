// Property: no minor unit is created or lost between an invoice's lines,
// its tax breakdown and totals, its credit notes, the customer's ledger and
// revenue. Random invoices (several rates, inclusive ones too, decimal
// quantities, discounts) and random partial credit notes up to the full
// amount, through the real server and storage, on SQLite and PostgreSQL.
// A fixed list of seeds, so that a failure names the seed that reproduces it.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
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
using ::billing::testing::TestServer;

// Minor units of a signed EUR decimal string ("-1.23" -> -123).
int64_t Cents(const std::string& amount) {
  const bool negative = !amount.empty() && amount[0] == '-';
  const std::string digits = negative ? amount.substr(1) : amount;
  const size_t dot = digits.find('.');
  EXPECT_NE(dot, std::string::npos) << amount;
  const int64_t cents = std::stoll(digits.substr(0, dot)) * 100 + std::stoll(digits.substr(dot + 1));
  return negative ? -cents : cents;
}

std::string Eur(int64_t cents) { return absl::StrFormat("%d.%02d", cents / 100, cents % 100); }

// A quantity of ten-thousandths as a decimal string ("7.5", "0.0001").
std::string Quantity(int64_t e4) {
  std::string text = absl::StrFormat("%d.%04d", e4 / 10000, e4 % 10000);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

class InvoiceTaxPropertyTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  std::string Rate(const std::string& percentage, bool inclusive, const std::string& category = "S",
                   const std::string& vatex = "") {
    domain::TaxRateInput input{.display_name = "VAT",
                               .percentage = percentage,
                               .inclusive = inclusive,
                               .country = "DE",
                               .category = category,
                               .exemption_reason_code = vatex};
    return ::billing::testing::SeedTaxRate(server_.server().store(), TestServer::kAccount, input);
  }

  TestServer server_{GetParam(), testing::UnthrottledOptions()};  // hundreds of calls
  BillingClient client_{server_.channel(), server_.authorization()};
};

TEST_P(InvoiceTaxPropertyTest, NoMinorUnitIsCreatedOrLost) {
  // An invoice has only exclusive or only inclusive rates (mixing is refused).
  const std::vector<std::string> exclusive = {Rate("19", false), Rate("7", false),
                                              Rate("5.5", false), Rate("8.875", false),
                                              Rate("0", false, "Z"),
                                              Rate("0", false, "AE", "VATEX-EU-AE")};
  const std::vector<std::string> inclusive = {Rate("19", true), Rate("7.7", true),
                                              Rate("20", true)};
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  int64_t expected_revenue = 0;  // every invoice's subtotal less its credits' net
  int invoices = 0;

  for (const uint32_t seed : {1u, 2u, 3u, 5u, 8u, 13u, 21u, 34u, 55u, 89u, 144u, 233u}) {
    SCOPED_TRACE(absl::StrCat("seed ", seed));
    std::mt19937 random(seed);
    auto uniform = [&](int64_t lo, int64_t hi) {
      return std::uniform_int_distribution<int64_t>(lo, hi)(random);
    };
    for (int round = 0; round < 5; ++round) {
      // A customer per invoice: its balance is this invoice's alone.
      const std::string customer = client_.MustCreateCustomer("EUR").id();
      const std::vector<std::string>& rates = uniform(0, 2) == 0 ? inclusive : exclusive;
      v1::Invoice draft;
      draft.set_customer_id(customer);
      draft.set_due_date("2099-12-31");
      const int lines = static_cast<int>(uniform(1, 6));
      for (int i = 0; i < lines; ++i) {
        v1::LineItem* item = draft.add_line_items();
        item->set_description("Work");
        const int64_t quantity = uniform(0, 1) == 0 ? uniform(1, 20) * 10000 : uniform(1, 200000);
        const int64_t unit = uniform(0, 3) == 0 ? uniform(1, 99) : uniform(1, 500000);
        item->set_quantity_decimal(Quantity(quantity));
        item->set_unit_amount(Eur(unit));
        // The line's amount, rounded half up once (BT-131).
        const int64_t amount = (static_cast<__int128>(quantity) * unit + 5000) / 10000;
        if (uniform(0, 1) == 0) item->set_discount_amount(Eur(uniform(0, amount)));
        item->set_tax_rate_id(rates[uniform(0, static_cast<int64_t>(rates.size()) - 1)]);
      }
      v1::Invoice created;
      grpc::Status status = client_.CreateInvoice(draft, &created);
      ASSERT_TRUE(status.ok()) << status.error_message();
      v1::Invoice invoice;
      status = client_.ProcessInvoice(created.id(), &invoice);
      ASSERT_TRUE(status.ok()) << status.error_message();
      ++invoices;

      // Lines, breakdown and totals.
      int64_t line_nets = 0, line_taxes = 0;
      for (const v1::LineItem& line : invoice.line_items()) {
        line_nets += Cents(line.net_amount());
        line_taxes += Cents(line.tax_amount());
      }
      int64_t taxable = 0, taxes = 0;
      for (const v1::TaxBreakdownEntry& entry : invoice.tax_breakdown()) {
        taxable += Cents(entry.taxable_amount());
        taxes += Cents(entry.tax_amount());
      }
      const int64_t subtotal = Cents(invoice.subtotal());
      const int64_t tax = Cents(invoice.tax_amount());
      const int64_t amount = Cents(invoice.amount());
      EXPECT_EQ(line_nets, subtotal);
      EXPECT_EQ(taxable, subtotal);
      EXPECT_EQ(taxes, tax);
      EXPECT_EQ(line_taxes, tax) << "the lines' tax shares add up to the entries'";
      EXPECT_EQ(subtotal + tax, Cents(invoice.total()));
      EXPECT_EQ(Cents(invoice.total()), amount);

      // Random partial credit notes, sometimes up to the full amount.
      std::vector<int64_t> entry_taxable(invoice.tax_breakdown_size());
      std::vector<int64_t> entry_tax(invoice.tax_breakdown_size());
      int64_t credited = 0, credited_net = 0;
      const int notes = amount == 0 ? 0 : static_cast<int>(uniform(0, 4));
      for (int n = 0; n < notes && credited < amount; ++n) {
        const int64_t left = amount - credited;
        const int64_t part = n == notes - 1 && uniform(0, 1) == 0 ? left : uniform(1, left);
        v1::CreditNote request;
        request.set_amount(Eur(part));
        request.set_reason("order_change");
        v1::CreditNote note;
        status = client_.CreateCreditNote(invoice.id(), request, &note);
        ASSERT_TRUE(status.ok()) << status.error_message();
        EXPECT_EQ(Cents(note.subtotal()) + Cents(note.tax_amount()), part);
        ASSERT_EQ(note.tax_breakdown_size(), invoice.tax_breakdown_size());
        int64_t note_taxes = 0;
        for (int e = 0; e < note.tax_breakdown_size(); ++e) {
          EXPECT_GE(Cents(note.tax_breakdown(e).tax_amount()), 0);
          entry_taxable[e] += Cents(note.tax_breakdown(e).taxable_amount());
          entry_tax[e] += Cents(note.tax_breakdown(e).tax_amount());
          note_taxes += Cents(note.tax_breakdown(e).tax_amount());
        }
        EXPECT_EQ(note_taxes, Cents(note.tax_amount()));
        credited += part;
        credited_net += Cents(note.subtotal());
      }
      for (int e = 0; e < invoice.tax_breakdown_size(); ++e) {
        const int64_t charged_taxable = Cents(invoice.tax_breakdown(e).taxable_amount());
        const int64_t charged_tax = Cents(invoice.tax_breakdown(e).tax_amount());
        EXPECT_LE(entry_taxable[e], charged_taxable) << "entry " << e;
        EXPECT_LE(entry_tax[e], charged_tax) << "entry " << e;
        if (credited == amount) {
          EXPECT_EQ(entry_taxable[e], charged_taxable) << "fully credited, entry " << e;
          EXPECT_EQ(entry_tax[e], charged_tax) << "fully credited, entry " << e;
        }
      }
      expected_revenue += subtotal - credited_net;

      // The ledger: the customer owes the amount less the credits.
      v1::Customer after;
      ASSERT_TRUE(client_.GetCustomer(customer, &after).ok());
      int64_t balance = 0;
      for (const v1::CustomerBalance& b : after.balances()) {
        if (b.currency() == "EUR") balance = Cents(b.amount());
      }
      EXPECT_EQ(balance, amount - credited);
      v1::Invoice stored;
      ASSERT_TRUE(client_.GetInvoice(invoice.id(), &stored).ok());
      EXPECT_EQ(Cents(stored.amount_credited()), credited);
    }
  }

  // Revenue: everything falls on the day of processing, so recognized plus
  // deferred is every invoice's subtotal less its credits' net part.
  v1::RevenueCalculation period;
  period.set_period_start(absl::FormatCivilTime(today));
  period.set_period_end(absl::FormatCivilTime(today + 1));
  v1::RevenueCalculation queued;
  ASSERT_TRUE(client_.CreateRevenueCalculation(period, &queued).ok());
  const v1::RevenueCalculation done = client_.AwaitCalculation(queued.id());
  ASSERT_EQ(done.status(), v1::REVENUE_CALCULATION_STATUS_SUCCEEDED) << done.failure_reason();
  ASSERT_EQ(done.results_size(), 1);
  EXPECT_EQ(Cents(done.results(0).recognized_amount()) + Cents(done.results(0).deferred_amount()),
            expected_revenue)
      << invoices << " invoices";
}

INSTANTIATE_TEST_SUITE_P(Backends, InvoiceTaxPropertyTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
