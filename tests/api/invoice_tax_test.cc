// Tax on invoices over a real gRPC server, on SQLite and PostgreSQL: the
// issue's worked rounding cases through real invoices, decimal quantities
// and discounts, default rates, the refusals, the customer's taxExempt,
// and rates frozen when the invoice is processed.
#include <string>
#include <utility>
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
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::billing::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Line {
  std::string unit_amount;
  std::string tax_rate_id;
  int64_t quantity = 1;
  std::string quantity_decimal;
  std::string discount_amount;
};

class InvoiceTaxTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  // A rate of `account`, written through the store as the tax-rates API
  // would (kept apart from this file).
  std::string Rate(const std::string& percentage, bool inclusive = false,
                   const std::string& category = "S", const std::string& vatex = "",
                   const std::string& account = TestServer::kAccount) {
    domain::TaxRateInput input{.display_name = "VAT",
                               .percentage = percentage,
                               .inclusive = inclusive,
                               .category = category,
                               .exemption_reason_code = vatex};
    absl::StatusOr<domain::TaxRate> rate = domain::NewTaxRate(
        account, domain::NewId(domain::kTaxRateIdPrefix), input, absl::Now());
    EXPECT_TRUE(rate.ok()) << rate.status();
    EXPECT_TRUE(server_.server()
                    .store()
                    .Write([&](app::Transaction& tx) { return tx.tax_rates().Insert(*rate); })
                    .ok());
    return rate->id;
  }

  // Changes a rate behind the API's back (as if it had never been used), to
  // show what an issued invoice does with a rate that changes.
  void ChangeRate(const std::string& id, int64_t percentage, bool active = true) {
    EXPECT_TRUE(server_.server()
                    .store()
                    .Write([&](app::Transaction& tx) -> absl::Status {
                      absl::StatusOr<domain::TaxRate> rate =
                          tx.tax_rates().Get(TestServer::kAccount, id);
                      if (!rate.ok()) return rate.status();
                      rate->terms.percentage = percentage;
                      rate->active = active;
                      return tx.tax_rates().Update(*rate);
                    })
                    .ok());
  }

  v1::Invoice Draft(const std::string& customer_id, const std::vector<Line>& lines,
                    const std::string& default_rate = "") {
    v1::Invoice invoice;
    invoice.set_customer_id(customer_id);
    invoice.set_due_date("2099-12-31");
    invoice.set_default_tax_rate_id(default_rate);
    for (const Line& line : lines) {
      v1::LineItem* item = invoice.add_line_items();
      item->set_description("Work");
      item->set_quantity(line.quantity);
      item->set_quantity_decimal(line.quantity_decimal);
      item->set_unit_amount(line.unit_amount);
      item->set_discount_amount(line.discount_amount);
      item->set_tax_rate_id(line.tax_rate_id);
    }
    return invoice;
  }

  v1::Invoice MustCreate(const v1::Invoice& draft) {
    v1::Invoice created;
    grpc::Status status = client_.CreateInvoice(draft, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  std::string CustomerWithExemption(const std::string& tax_exempt) {
    v1::Customer customer;
    customer.set_name("Buyer");
    customer.set_email("ap@buyer.example");
    customer.set_default_currency("EUR");
    customer.set_tax_exempt(tax_exempt);
    v1::Customer created;
    grpc::Status status = client_.CreateCustomer(customer, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created.id();
  }

  TestServer server_{GetParam()};
  BillingClient client_{server_.channel(), server_.authorization()};
  std::string eur_ = client_.MustCreateCustomer("EUR").id();
};

TEST_P(InvoiceTaxTest, TaxIsRoundedOncePerBreakdownEntryNotPerLine) {
  const std::string vat = Rate("19");
  const v1::Invoice invoice = MustCreate(Draft(eur_, std::vector<Line>(7, {"0.07", vat})));
  // 7 x round(0.0133) would be 0.07; the entry's 0.49 x 19 % is 0.0931.
  EXPECT_EQ(invoice.subtotal(), "0.49");
  EXPECT_EQ(invoice.tax_amount(), "0.09");
  EXPECT_EQ(invoice.total(), "0.58");
  EXPECT_EQ(invoice.amount(), "0.58") << "the amount is the gross total due";
  ASSERT_EQ(invoice.tax_breakdown_size(), 1);
  EXPECT_EQ(invoice.tax_breakdown(0).category(), "S");
  EXPECT_EQ(invoice.tax_breakdown(0).percentage(), "19");
  EXPECT_EQ(invoice.tax_breakdown(0).taxable_amount(), "0.49");
  EXPECT_EQ(invoice.tax_breakdown(0).tax_amount(), "0.09");
  // The lines' shares add up to the entry's tax exactly.
  int64_t shares = 0;
  for (const v1::LineItem& line : invoice.line_items()) {
    EXPECT_EQ(line.net_amount(), "0.07");
    shares += line.tax_amount() == "0.02" ? 2 : line.tax_amount() == "0.01" ? 1 : 100;
  }
  EXPECT_EQ(shares, 9);
}

TEST_P(InvoiceTaxTest, InclusiveAmountsAreSplitSoNetPlusTaxIsTheGross) {
  const std::string inclusive = Rate("19", /*inclusive=*/true);
  const v1::Invoice big = MustCreate(Draft(eur_, {{"119.00", inclusive}}));
  EXPECT_EQ(big.subtotal(), "100.00");
  EXPECT_EQ(big.tax_amount(), "19.00");
  EXPECT_EQ(big.amount(), "119.00");
  const v1::Invoice small = MustCreate(Draft(eur_, {{"10.00", inclusive}}));
  EXPECT_EQ(small.subtotal(), "8.40");
  EXPECT_EQ(small.tax_amount(), "1.60");
  EXPECT_EQ(small.amount(), "10.00");
}

TEST_P(InvoiceTaxTest, TaxFollowsTheCurrencysMinorUnits) {
  const std::string ten = Rate("10");
  const std::string five = Rate("5");
  const v1::Invoice yen =
      MustCreate(Draft(client_.MustCreateCustomer("JPY").id(), {{"1000", ten}}));
  EXPECT_EQ(yen.tax_amount(), "100");
  EXPECT_EQ(yen.amount(), "1100");
  const v1::Invoice dinar =
      MustCreate(Draft(client_.MustCreateCustomer("KWD").id(), {{"1.000", five}}));
  EXPECT_EQ(dinar.tax_amount(), "0.050");
  EXPECT_EQ(dinar.amount(), "1.050");
}

TEST_P(InvoiceTaxTest, DecimalQuantitiesAndDiscountsPriceTheLine) {
  const std::string vat = Rate("19");
  Line hours{"80.00", vat};
  hours.quantity = 0;
  hours.quantity_decimal = "7.5";
  hours.discount_amount = "100.00";
  const v1::Invoice invoice = MustCreate(Draft(eur_, {hours}));
  ASSERT_EQ(invoice.line_items_size(), 1);
  EXPECT_EQ(invoice.line_items(0).quantity_decimal(), "7.5");
  EXPECT_EQ(invoice.line_items(0).quantity(), 0) << "not a whole quantity";
  EXPECT_EQ(invoice.line_items(0).amount(), "600.00");
  EXPECT_EQ(invoice.line_items(0).discount_amount(), "100.00");
  EXPECT_EQ(invoice.line_items(0).net_amount(), "500.00");
  EXPECT_EQ(invoice.subtotal(), "500.00");
  EXPECT_EQ(invoice.tax_amount(), "95.00");
  EXPECT_EQ(invoice.amount(), "595.00");

  // A whole integer quantity reads back in both fields, as before.
  const v1::Invoice whole = MustCreate(Draft(eur_, {{"10.00", "", 3}}));
  EXPECT_EQ(whole.line_items(0).quantity(), 3);
  EXPECT_EQ(whole.line_items(0).quantity_decimal(), "3");
}

TEST_P(InvoiceTaxTest, AnInvoiceWithoutRatesIsPricedAsBefore) {
  const v1::Invoice invoice = MustCreate(Draft(eur_, {{"15.00", "", 2}, {"0.50"}}));
  EXPECT_EQ(invoice.amount(), "30.50");
  EXPECT_EQ(invoice.subtotal(), "30.50");
  EXPECT_EQ(invoice.tax_amount(), "0.00");
  EXPECT_EQ(invoice.total(), "30.50");
  EXPECT_EQ(invoice.tax_breakdown_size(), 0);
}

TEST_P(InvoiceTaxTest, LinesWithoutARateTakeTheInvoicesDefault) {
  const std::string standard = Rate("19");
  const std::string reduced = Rate("7");
  const v1::Invoice invoice =
      MustCreate(Draft(eur_, {{"100.00"}, {"100.00", reduced}}, standard));
  EXPECT_EQ(invoice.tax_amount(), "26.00");
  ASSERT_EQ(invoice.tax_breakdown_size(), 2);
  EXPECT_EQ(invoice.tax_breakdown(0).percentage(), "19");
  EXPECT_EQ(invoice.tax_breakdown(1).percentage(), "7");

  // Changing the default reprices the draft.
  v1::Invoice patch;
  patch.set_default_tax_rate_id(reduced);
  v1::Invoice updated;
  ASSERT_TRUE(client_.UpdateInvoice(invoice.id(), patch, {"default_tax_rate_id"}, &updated).ok());
  EXPECT_EQ(updated.tax_amount(), "14.00");
  EXPECT_EQ(updated.amount(), "214.00");
  ASSERT_EQ(updated.tax_breakdown_size(), 1);
  EXPECT_EQ(updated.tax_breakdown(0).taxable_amount(), "200.00");
}

TEST_P(InvoiceTaxTest, ProcessingFreezesTheRatesTermsAndBooksTheGross) {
  const std::string vat = Rate("19");
  const v1::Invoice draft = MustCreate(Draft(eur_, {{"100.00", vat}}));
  // A rate changed before processing: processing takes it as it is then.
  ChangeRate(vat, 200000);
  v1::Invoice processed;
  ASSERT_TRUE(client_.ProcessInvoice(draft.id(), &processed).ok());
  EXPECT_EQ(processed.tax_amount(), "20.00");
  EXPECT_EQ(processed.amount(), "120.00");
  EXPECT_EQ(processed.amount_due(), "120.00") << "what is owed is the gross";

  // Changed after: the issued invoice keeps what it was issued with.
  ChangeRate(vat, 250000, /*active=*/false);
  v1::Invoice fetched;
  ASSERT_TRUE(client_.GetInvoice(draft.id(), &fetched).ok());
  EXPECT_EQ(fetched.tax_amount(), "20.00");
  EXPECT_EQ(fetched.tax_breakdown(0).percentage(), "20");
  EXPECT_EQ(fetched.amount_due(), "120.00");
}

TEST_P(InvoiceTaxTest, BadTaxInputIsRefusedNamingTheField) {
  const std::string exclusive = Rate("19");
  const std::string inclusive = Rate("7", /*inclusive=*/true);
  v1::Invoice out;

  grpc::Status mixed = client_.CreateInvoice(
      Draft(eur_, {{"10.00", exclusive}, {"10.00", inclusive}}), &out);
  EXPECT_EQ(mixed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(mixed), ElementsAre("line_items[1].tax_rate_id"));

  Line over{"10.00", exclusive};
  over.discount_amount = "10.01";
  grpc::Status discount = client_.CreateInvoice(Draft(eur_, {over}), &out);
  EXPECT_EQ(discount.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(discount), ElementsAre("line_items[0].discount_amount"));

  for (const char* bad : {"1.00001", "0", "-1", "0.0000"}) {
    Line line{"10.00", exclusive};
    line.quantity = 0;
    line.quantity_decimal = bad;
    grpc::Status status = client_.CreateInvoice(Draft(eur_, {line}), &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_THAT(ViolatedFields(status), ElementsAre("line_items[0].quantity_decimal")) << bad;
  }

  grpc::Status malformed = client_.CreateInvoice(Draft(eur_, {{"10.00", "19%"}}), &out);
  EXPECT_EQ(malformed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(malformed), ElementsAre("line_items[0].tax_rate_id"));

  const std::string archived = Rate("19");
  ChangeRate(archived, 190000, /*active=*/false);
  grpc::Status old = client_.CreateInvoice(Draft(eur_, {{"10.00", archived}}), &out);
  EXPECT_EQ(old.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(old), ElementsAre("line_items[0].tax_rate_id"));
  grpc::Status old_default = client_.CreateInvoice(Draft(eur_, {{"10.00"}}, archived), &out);
  EXPECT_THAT(ViolatedFields(old_default), ElementsAre("default_tax_rate_id"));

  // Unknown, and another account's: not found, as for other resources.
  const std::string foreign = Rate("19", false, "S", "", "acct_other");
  for (const std::string& id : {std::string("txr_nosuchrate"), foreign}) {
    grpc::Status missing = client_.CreateInvoice(Draft(eur_, {{"10.00", id}}), &out);
    EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND) << id;
    EXPECT_EQ(ErrorReason(missing), "TAX_RATE_NOT_FOUND") << id;
    EXPECT_THAT(missing.error_message(), HasSubstr(id));
  }

  v1::ListInvoicesRequest request;
  request.set_page_size(50);
  v1::ListInvoicesResponse list;
  ASSERT_TRUE(client_.ListInvoices(request, &list).ok());
  EXPECT_EQ(list.invoices_size(), 0) << "nothing was written";
}

TEST_P(InvoiceTaxTest, ACustomersTaxExemptionAsksForItsCategoryOnEveryLine) {
  const std::string standard = Rate("19");
  const std::string reverse_charge = Rate("0", false, "AE", "VATEX-EU-AE");
  const std::string exempt = Rate("0", false, "E", "VATEX-EU-132");
  const std::string reverse = CustomerWithExemption("reverse");
  v1::Invoice out;

  grpc::Status mixed =
      client_.CreateInvoice(Draft(reverse, {{"10.00", reverse_charge}, {"10.00", standard}}),
                            &out);
  EXPECT_EQ(mixed.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(mixed), "TAX_EXEMPTION_MISMATCH");
  EXPECT_THAT(mixed.error_message(), HasSubstr("line_items[1].tax_rate_id"));

  const v1::Invoice ok = MustCreate(Draft(reverse, {{"10.00"}, {"5.00"}}, reverse_charge));
  EXPECT_EQ(ok.tax_amount(), "0.00");
  ASSERT_EQ(ok.tax_breakdown_size(), 1);
  EXPECT_EQ(ok.tax_breakdown(0).category(), "AE");
  EXPECT_FALSE(ok.tax_breakdown(0).exemption_reason().empty());

  const std::string exempt_customer = CustomerWithExemption("exempt");
  EXPECT_EQ(ErrorReason(client_.CreateInvoice(Draft(exempt_customer, {{"10.00"}}), &out)),
            "TAX_EXEMPTION_MISMATCH");
  EXPECT_TRUE(client_.CreateInvoice(Draft(exempt_customer, {{"10.00", exempt}}), &out).ok());

  // Moving a standard-rated draft to the reverse-charge customer is refused.
  const v1::Invoice draft = MustCreate(Draft(eur_, {{"10.00", standard}}));
  v1::Invoice patch;
  patch.set_customer_id(reverse);
  EXPECT_EQ(ErrorReason(client_.UpdateInvoice(draft.id(), patch, {"customer_id"}, &out)),
            "TAX_EXEMPTION_MISMATCH");
}

v1::CreditNote Credit(const std::string& amount) {
  v1::CreditNote note;
  note.set_amount(amount);
  note.set_reason("order_change");
  return note;
}

// Minor units of a decimal string with two decimals ("1.23" -> 123).
int64_t Cents(const std::string& amount) {
  const size_t dot = amount.find('.');
  return std::stoll(amount.substr(0, dot)) * 100 + std::stoll(amount.substr(dot + 1));
}

TEST_P(InvoiceTaxTest, ACreditNoteCarriesTaxBackPerBreakdownEntry) {
  const std::string standard = Rate("19");
  const std::string reduced = Rate("7");
  const v1::Invoice draft = MustCreate(Draft(eur_, {{"100.00", standard}, {"100.00", reduced}}));
  v1::Invoice invoice;
  ASSERT_TRUE(client_.ProcessInvoice(draft.id(), &invoice).ok());
  ASSERT_EQ(invoice.amount(), "226.00");

  // Half of the gross: half of each entry's net and tax.
  v1::CreditNote half;
  ASSERT_TRUE(client_.CreateCreditNote(invoice.id(), Credit("113.00"), &half).ok());
  EXPECT_EQ(half.amount(), "113.00") << "a credit note's amount is gross";
  EXPECT_EQ(half.subtotal(), "100.00");
  EXPECT_EQ(half.tax_amount(), "13.00");
  ASSERT_EQ(half.tax_breakdown_size(), 2);
  EXPECT_EQ(half.tax_breakdown(0).percentage(), "19");
  EXPECT_EQ(half.tax_breakdown(0).taxable_amount(), "50.00");
  EXPECT_EQ(half.tax_breakdown(0).tax_amount(), "9.50");
  EXPECT_EQ(half.tax_breakdown(1).percentage(), "7");
  EXPECT_EQ(half.tax_breakdown(1).tax_amount(), "3.50");

  v1::CreditNote fetched;
  ASSERT_TRUE(client_.GetCreditNote(half.id(), &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), half.SerializeAsString()) << "stored as issued";

  // The rest, in uneven pieces: together exactly what each entry charged.
  int64_t tax19 = Cents(half.tax_breakdown(0).tax_amount());
  int64_t tax7 = Cents(half.tax_breakdown(1).tax_amount());
  int64_t net = Cents(half.subtotal());
  for (const char* amount : {"33.33", "0.01", "79.66"}) {
    v1::CreditNote note;
    ASSERT_TRUE(client_.CreateCreditNote(invoice.id(), Credit(amount), &note).ok()) << amount;
    EXPECT_EQ(Cents(note.subtotal()) + Cents(note.tax_amount()), Cents(amount));
    tax19 += Cents(note.tax_breakdown(0).tax_amount());
    tax7 += Cents(note.tax_breakdown(1).tax_amount());
    net += Cents(note.subtotal());
  }
  EXPECT_EQ(tax19, 1900);
  EXPECT_EQ(tax7, 700);
  EXPECT_EQ(net, 20000);
}

TEST_P(InvoiceTaxTest, RevenueIsNetOfTaxAndACreditTakesBackOnlyItsNet) {
  const std::string vat = Rate("19");
  Line line{"100.00", vat};
  line.discount_amount = "20.00";
  const v1::Invoice draft = MustCreate(Draft(eur_, {line}));
  v1::Invoice invoice;
  ASSERT_TRUE(client_.ProcessInvoice(draft.id(), &invoice).ok());
  ASSERT_EQ(invoice.amount(), "95.20");  // 80.00 net + 15.20 tax
  v1::CreditNote note;
  ASSERT_TRUE(client_.CreateCreditNote(invoice.id(), Credit("47.60"), &note).ok());
  ASSERT_EQ(note.subtotal(), "40.00");

  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  const absl::CivilMonth month(today);
  v1::RevenueCalculation period;
  period.set_period_start(absl::FormatCivilTime(absl::CivilDay(month)));
  period.set_period_end(absl::FormatCivilTime(absl::CivilDay(month + 1) - 1));
  v1::RevenueCalculation queued;
  ASSERT_TRUE(client_.CreateRevenueCalculation(period, &queued).ok());
  const v1::RevenueCalculation done = client_.AwaitCalculation(queued.id());
  ASSERT_EQ(done.status(), v1::REVENUE_CALCULATION_STATUS_SUCCEEDED) << done.failure_reason();
  ASSERT_EQ(done.results_size(), 1);
  // 80.00 net recognized, less the credit's 40.00 net: never the tax.
  EXPECT_EQ(done.results(0).recognized_amount(), "40.00");
  EXPECT_EQ(done.results(0).deferred_amount(), "0.00");
}

INSTANTIATE_TEST_SUITE_P(Backends, InvoiceTaxTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
