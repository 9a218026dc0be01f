#include "domain/payment.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/error.h"
#include "domain/invoice.h"
#include "domain/receivables.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;
using absl::CivilDay;

const absl::Time kNow = absl::FromUnixSeconds(1'780'000'000);
const CivilDay kToday(2026, 5, 28);

Invoice PendingInvoice(std::string currency = "USD", int64_t amount = 10000) {
  Invoice invoice;
  invoice.account_id = "acct";
  invoice.id = "inv_1";
  invoice.customer_id = "cus_1";
  invoice.currency = std::move(currency);
  invoice.amount = amount;
  invoice.status = InvoiceStatus::kPending;
  return invoice;
}

PaymentInput Input(std::string amount) {
  PaymentInput input;
  input.amount = std::move(amount);
  input.method = "bank_transfer";
  input.reference = "TX-2026-0042";
  input.received_date = "2026-05-27";
  return input;
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

TEST(PaymentMethodTest, NamesRoundTrip) {
  for (std::string name : {"bank_transfer", "card", "cash", "check", "other"}) {
    std::optional<PaymentMethod> method = PaymentMethodFromName(name);
    ASSERT_TRUE(method.has_value()) << name;
    EXPECT_EQ(PaymentMethodName(*method), name);
  }
  EXPECT_EQ(PaymentMethodFromName("Card"), std::nullopt);
  EXPECT_EQ(PaymentMethodFromName("paypal"), std::nullopt);
  EXPECT_EQ(PaymentMethodFromName(""), std::nullopt);
}

TEST(NewPaymentTest, BuildsAPartialPayment) {
  Invoice invoice = PendingInvoice();
  absl::StatusOr<Payment> payment =
      NewPayment("pay_1", invoice, {10000, 0, 0}, Input("50.00"), kToday, kNow);
  ASSERT_THAT(payment, IsOk());
  EXPECT_EQ(payment->account_id, "acct");
  EXPECT_EQ(payment->id, "pay_1");
  EXPECT_EQ(payment->invoice_id, "inv_1");
  EXPECT_EQ(payment->customer_id, "cus_1");
  EXPECT_EQ(payment->currency, "USD");
  EXPECT_EQ(payment->amount, 5000);
  EXPECT_EQ(payment->method, PaymentMethod::kBankTransfer);
  EXPECT_EQ(payment->reference, "TX-2026-0042");
  EXPECT_EQ(payment->received_date, CivilDay(2026, 5, 27));
  EXPECT_EQ(payment->create_time, kNow);
}

TEST(NewPaymentTest, DefaultsToTodayAndTheInvoiceCurrency) {
  PaymentInput input = Input("0.01");
  input.received_date = "";
  input.reference = "";
  input.currency = "";
  absl::StatusOr<Payment> payment =
      NewPayment("pay_1", PendingInvoice(), {10000, 0, 0}, input, kToday, kNow);
  ASSERT_THAT(payment, IsOk());
  EXPECT_EQ(payment->received_date, kToday);
  EXPECT_EQ(payment->amount, 1);
  // Today itself is not in the future; naming the invoice's currency is fine.
  input.received_date = "2026-05-28";
  input.currency = "USD";
  EXPECT_THAT(NewPayment("pay_1", PendingInvoice(), {10000, 0, 0}, input, kToday, kNow), IsOk());
}

TEST(NewPaymentTest, RefusesBadAmountsNamingTheField) {
  for (std::string amount : {"", "0", "0.00", "-5.00", "+5.00", "1e3", "12.345", "1,000.00",
                             " 5.00", "5.", ".5", "92233720368547758.08", "NaN"}) {
    absl::Status status =
        NewPayment("pay_1", PendingInvoice(), {10000, 0, 0}, Input(amount), kToday, kNow)
            .status();
    EXPECT_THAT(status, HasErrorCode(ErrorCode::kValidationError)) << amount;
    EXPECT_EQ(Fields(status), std::vector<std::string>{"amount"}) << amount;
  }
}

TEST(NewPaymentTest, AmountFollowsTheInvoiceCurrencyDecimals) {
  // JPY has no minor units, KWD three.
  EXPECT_THAT(NewPayment("p", PendingInvoice("JPY", 5000), {5000, 0, 0}, Input("5000"), kToday,
                         kNow),
              IsOk());
  EXPECT_EQ(Fields(NewPayment("p", PendingInvoice("JPY", 5000), {5000, 0, 0}, Input("50.5"),
                              kToday, kNow)
                       .status()),
            std::vector<std::string>{"amount"});
  absl::StatusOr<Payment> kwd =
      NewPayment("p", PendingInvoice("KWD", 5000), {5000, 0, 0}, Input("1.234"), kToday, kNow);
  ASSERT_THAT(kwd, IsOk());
  EXPECT_EQ(kwd->amount, 1234);
}

TEST(NewPaymentTest, RefusesEveryBadFieldAtOnce) {
  PaymentInput input;
  input.amount = "10.001";
  input.currency = "EUR";
  input.method = "paypal";
  input.reference = std::string(501, 'x');
  input.received_date = "2026-05-29";  // tomorrow
  absl::Status status =
      NewPayment("pay_1", PendingInvoice(), {10000, 0, 0}, input, kToday, kNow).status();
  EXPECT_THAT(status, HasErrorCode(ErrorCode::kValidationError));
  EXPECT_EQ(Fields(status), (std::vector<std::string>{"amount", "currency", "method",
                                                      "reference", "received_date"}));
  input = Input("1.00");
  input.received_date = "2026-02-30";
  input.reference = std::string(500, 'x');  // the longest reference is fine
  EXPECT_EQ(Fields(NewPayment("p", PendingInvoice(), {10000, 0, 0}, input, kToday, kNow).status()),
            std::vector<std::string>{"received_date"});
  input = Input("1.00");
  input.method = "";
  EXPECT_EQ(Fields(NewPayment("p", PendingInvoice(), {10000, 0, 0}, input, kToday, kNow).status()),
            std::vector<std::string>{"method"});
}

// docs/errors.md: free text holds no C0, DEL or C1 control character; a
// reference is one line.
TEST(NewPaymentTest, ReferenceRefusesControlCharactersAndLineBreaks) {
  for (std::string reference : {std::string("TX\x01"), std::string("\x1b[2JTX"),
                                std::string("TX\x7f"), std::string("TX\xC2\x85" "1"),
                                std::string("TX\n1"), std::string("TX\t1")}) {
    PaymentInput input = Input("1.00");
    input.reference = reference;
    absl::Status status =
        NewPayment("p", PendingInvoice(), {10000, 0, 0}, input, kToday, kNow).status();
    EXPECT_EQ(Fields(status), std::vector<std::string>{"reference"}) << reference;
  }
  PaymentInput input = Input("1.00");
  input.reference = "Überweisung 東京 #42";
  EXPECT_THAT(NewPayment("p", PendingInvoice(), {10000, 0, 0}, input, kToday, kNow), IsOk());
}

TEST(NewPaymentTest, OnlyPendingInvoicesArePayable) {
  for (InvoiceStatus status :
       {InvoiceStatus::kDraft, InvoiceStatus::kPaid, InvoiceStatus::kCancelled}) {
    Invoice invoice = PendingInvoice();
    invoice.status = status;
    absl::Status refused =
        NewPayment("p", invoice, {10000, 0, 0}, Input("1.00"), kToday, kNow).status();
    EXPECT_THAT(refused, HasErrorCode(ErrorCode::kInvoiceNotPayable));
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  }
}

TEST(NewPaymentTest, NeverAboveTheAmountDue) {
  // 100.00 invoice, 30.00 credited, 50.00 paid: 20.00 due.
  const InvoiceAmounts amounts{10000, 5000, 3000};
  EXPECT_THAT(NewPayment("p", PendingInvoice(), amounts, Input("20.00"), kToday, kNow), IsOk());
  absl::Status refused =
      NewPayment("p", PendingInvoice(), amounts, Input("20.01"), kToday, kNow).status();
  EXPECT_THAT(refused, HasErrorCode(ErrorCode::kPaymentExceedsAmountDue));
  EXPECT_EQ(refused.message(),
            "a payment of 20.01 USD exceeds the amount due on invoice inv_1 (20.00 USD)");
}

TEST(ApplyPaymentTest, PartialThenFinalPaymentSettlesTheInvoice) {
  Invoice invoice = PendingInvoice();
  InvoiceAmounts amounts{10000, 0, 0};
  Payment half = NewPayment("p1", invoice, amounts, Input("50.00"), kToday, kNow).value();
  ASSERT_THAT(ApplyPayment(half, invoice, amounts, kNow), IsOk());
  EXPECT_EQ(amounts, (InvoiceAmounts{10000, 5000, 0}));
  EXPECT_EQ(invoice.status, InvoiceStatus::kPending);
  EXPECT_EQ(AmountDue(amounts), 5000);

  Payment rest = NewPayment("p2", invoice, amounts, Input("50.00"), kToday, kNow).value();
  ASSERT_THAT(ApplyPayment(rest, invoice, amounts, kNow), IsOk());
  EXPECT_EQ(amounts, (InvoiceAmounts{10000, 10000, 0}));
  EXPECT_EQ(invoice.status, InvoiceStatus::kPaid);
  EXPECT_EQ(invoice.pay_time, kNow);
}

TEST(ApplyPaymentTest, RechecksAgainstAmountsReadInTheTransaction) {
  // Two payments of 60.00 validated against the same 100.00 due: the
  // second one to be booked finds only 40.00 left and changes nothing.
  Invoice invoice = PendingInvoice();
  InvoiceAmounts amounts{10000, 0, 0};
  Payment first = NewPayment("p1", invoice, amounts, Input("60.00"), kToday, kNow).value();
  Payment second = NewPayment("p2", invoice, amounts, Input("60.00"), kToday, kNow).value();
  ASSERT_THAT(ApplyPayment(first, invoice, amounts, kNow), IsOk());
  EXPECT_THAT(ApplyPayment(second, invoice, amounts, kNow),
              HasErrorCode(ErrorCode::kPaymentExceedsAmountDue));
  EXPECT_EQ(amounts, (InvoiceAmounts{10000, 6000, 0}));
  EXPECT_EQ(invoice.status, InvoiceStatus::kPending);
}

TEST(ApplyPaymentTest, RefusesAPaymentOfAnotherInvoice) {
  Invoice invoice = PendingInvoice();
  InvoiceAmounts amounts{10000, 0, 0};
  Payment payment = NewPayment("p1", invoice, amounts, Input("1.00"), kToday, kNow).value();
  payment.invoice_id = "inv_2";
  EXPECT_THAT(ApplyPayment(payment, invoice, amounts, kNow), HasErrorCode(ErrorCode::kInternal));
  EXPECT_EQ(amounts.paid, 0);
}

TEST(WholeAmountDuePaymentTest, PaysWhatIsLeftWithMethodOtherToday) {
  Invoice invoice = PendingInvoice();
  InvoiceAmounts amounts{10000, 2550, 1000};
  PaymentInput input = WholeAmountDuePayment(invoice, amounts, kToday).value();
  EXPECT_EQ(input.amount, "64.50");
  EXPECT_EQ(input.currency, "USD");
  EXPECT_EQ(input.method, "other");
  EXPECT_EQ(input.received_date, "2026-05-28");
  Payment payment = NewPayment("p", invoice, amounts, input, kToday, kNow).value();
  ASSERT_THAT(ApplyPayment(payment, invoice, amounts, kNow), IsOk());
  EXPECT_EQ(invoice.status, InvoiceStatus::kPaid);
  EXPECT_EQ(AmountDue(amounts), 0);
}

TEST(WholeAmountDuePaymentTest, RefusedWhereThePatchWasRefused) {
  for (InvoiceStatus status :
       {InvoiceStatus::kDraft, InvoiceStatus::kPaid, InvoiceStatus::kCancelled}) {
    Invoice invoice = PendingInvoice();
    invoice.status = status;
    EXPECT_THAT(WholeAmountDuePayment(invoice, {10000, 0, 0}, kToday),
                HasErrorCode(ErrorCode::kInvalidStateTransition));
  }
}

}  // namespace
}  // namespace billing::domain
