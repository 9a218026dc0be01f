#include "domain/credit_note.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/error.h"
#include "domain/invoice.h"
#include "domain/payment.h"
#include "domain/receivables.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::HasErrorCode;
using ::billing::testing::IsOk;
using ::billing::testing::IsOkAndHolds;
using absl::CivilDay;

const absl::Time kNow = absl::FromUnixSeconds(1'780'000'000);
const CivilDay kToday(2026, 5, 28);

Invoice InvoiceIn(InvoiceStatus status) {
  Invoice invoice;
  invoice.account_id = "acct";
  invoice.id = "inv_1";
  invoice.customer_id = "cus_1";
  invoice.currency = "USD";
  invoice.amount = 10000;
  invoice.status = status;
  return invoice;
}

CreditNoteInput Input(std::string amount, std::string reason = "order_change") {
  return {std::move(amount), std::move(reason), "two seats removed"};
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

TEST(CreditNoteReasonTest, NamesRoundTrip) {
  for (std::string name :
       {"duplicate", "fraudulent", "order_change", "product_unsatisfactory", "other"}) {
    std::optional<CreditNoteReason> reason = CreditNoteReasonFromName(name);
    ASSERT_TRUE(reason.has_value()) << name;
    EXPECT_EQ(CreditNoteReasonName(*reason), name);
  }
  EXPECT_EQ(CreditNoteReasonFromName("refund"), std::nullopt);
  EXPECT_EQ(CreditNoteReasonFromName(""), std::nullopt);
}

TEST(NewCreditNoteTest, BuildsANoteDatedToday) {
  absl::StatusOr<CreditNote> note = NewCreditNote("cn_1", InvoiceIn(InvoiceStatus::kPending),
                                                  {10000, 0, 0}, Input("25.00"), kToday, kNow);
  ASSERT_THAT(note, IsOk());
  EXPECT_EQ(note->account_id, "acct");
  EXPECT_EQ(note->id, "cn_1");
  EXPECT_EQ(note->number, "");  // allocated by storage when it is stored
  EXPECT_EQ(note->invoice_id, "inv_1");
  EXPECT_EQ(note->customer_id, "cus_1");
  EXPECT_EQ(note->currency, "USD");
  EXPECT_EQ(note->amount, 2500);
  EXPECT_EQ(note->reason, CreditNoteReason::kOrderChange);
  EXPECT_EQ(note->memo, "two seats removed");
  EXPECT_EQ(note->date, kToday);
  EXPECT_EQ(note->create_time, kNow);
}

TEST(NewCreditNoteTest, RefusesEveryBadFieldAtOnce) {
  CreditNoteInput input{"1.005", "refund", std::string(2001, 'm')};
  absl::Status status =
      NewCreditNote("cn_1", InvoiceIn(InvoiceStatus::kPaid), {10000, 10000, 0}, input, kToday,
                    kNow)
          .status();
  EXPECT_THAT(status, HasErrorCode(ErrorCode::kValidationError));
  EXPECT_EQ(Fields(status), (std::vector<std::string>{"amount", "reason", "memo"}));
  for (std::string amount : {"", "0", "-1.00", "1e2", "92233720368547758.08"}) {
    EXPECT_EQ(Fields(NewCreditNote("cn_1", InvoiceIn(InvoiceStatus::kPaid), {10000, 10000, 0},
                                   Input(amount), kToday, kNow)
                         .status()),
              std::vector<std::string>{"amount"})
        << amount;
  }
}

// Issue 19: a note in another currency than its invoice's is refused, as a
// payment is, rather than silently issued in the invoice's currency.
TEST(NewCreditNoteTest, ACurrencyOtherThanTheInvoicesIsRefused) {
  CreditNoteInput input = Input("25.00");
  input.currency = "EUR";  // the invoice is in USD
  absl::Status status = NewCreditNote("cn_1", InvoiceIn(InvoiceStatus::kPending),
                                      {10000, 0, 0}, input, kToday, kNow)
                            .status();
  EXPECT_THAT(status, HasErrorCode(ErrorCode::kValidationError));
  EXPECT_EQ(Fields(status), std::vector<std::string>{"currency"});
  input.currency = "USD";
  EXPECT_THAT(NewCreditNote("cn_1", InvoiceIn(InvoiceStatus::kPending), {10000, 0, 0}, input,
                            kToday, kNow),
              IsOk());
}

// docs/errors.md: free text holds no C0, DEL or C1 control character; a
// memo may span lines, like an invoice's notes.
TEST(NewCreditNoteTest, MemoRefusesControlCharactersButKeepsLines) {
  for (std::string memo : {std::string("a\x01"), std::string("\x1b[31mred"),
                           std::string("a\x7f"), std::string("a\xC2\x85" "b")}) {
    EXPECT_EQ(Fields(NewCreditNote("cn_1", InvoiceIn(InvoiceStatus::kPaid), {10000, 10000, 0},
                                   {"1.00", "other", memo}, kToday, kNow)
                         .status()),
              std::vector<std::string>{"memo"})
        << memo;
  }
  EXPECT_THAT(NewCreditNote("cn_1", InvoiceIn(InvoiceStatus::kPaid), {10000, 10000, 0},
                            {"1.00", "other", "two seats\r\n\tremoved"}, kToday, kNow),
              IsOk());
}

TEST(NewCreditNoteTest, OnlyPendingOrPaidInvoices) {
  for (InvoiceStatus status : {InvoiceStatus::kDraft, InvoiceStatus::kCancelled}) {
    absl::Status refused =
        NewCreditNote("cn_1", InvoiceIn(status), {10000, 0, 0}, Input("1.00"), kToday, kNow)
            .status();
    EXPECT_THAT(refused, HasErrorCode(ErrorCode::kInvoiceNotCreditable));
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  }
}

TEST(NewCreditNoteTest, TotalCreditedNeverAboveTheInvoiceAmount) {
  // 90.00 of 100.00 already credited: 10.00 more is the most.
  const InvoiceAmounts amounts{10000, 0, 9000};
  EXPECT_THAT(NewCreditNote("cn", InvoiceIn(InvoiceStatus::kPaid), amounts, Input("10.00"),
                            kToday, kNow),
              IsOk());
  absl::Status refused = NewCreditNote("cn", InvoiceIn(InvoiceStatus::kPaid), amounts,
                                       Input("10.01"), kToday, kNow)
                             .status();
  EXPECT_THAT(refused, HasErrorCode(ErrorCode::kCreditExceedsInvoice));
  EXPECT_EQ(refused.message(),
            "a credit of 10.01 USD would credit invoice inv_1 beyond its amount (10.00 USD is "
            "left to credit)");
}

TEST(SplitCreditTest, LowersTheAmountDueFirst) {
  // Nothing paid: all of it lowers what is due.
  EXPECT_EQ(SplitCredit({10000, 0, 0}, 2500), (CreditSplit{2500, 0}));
  // 50.00 paid, 50.00 due: a 75.00 credit lowers the due 50.00 and the
  // other 25.00 is owed back.
  EXPECT_EQ(SplitCredit({10000, 5000, 0}, 7500), (CreditSplit{5000, 2500}));
  // Paid in full: all of it is owed back.
  EXPECT_EQ(SplitCredit({10000, 10000, 0}, 3000), (CreditSplit{0, 3000}));
  // Earlier credits count as well: 60.00 credited, 40.00 paid, nothing due.
  EXPECT_EQ(SplitCredit({10000, 4000, 6000}, 4000), (CreditSplit{0, 4000}));
}

TEST(ApplyCreditNoteTest, PayHalfCreditAQuarterPayTheRest) {
  // The README's session: 100.00 invoice, pay 50.00, credit 25.00, pay 25.00.
  Invoice invoice = InvoiceIn(InvoiceStatus::kPending);
  InvoiceAmounts amounts{10000, 0, 0};
  PaymentInput pay{"50.00", "", "card", "", ""};
  ASSERT_THAT(ApplyPayment(NewPayment("p1", invoice, amounts, pay, kToday, kNow).value(), invoice,
                           amounts, kNow),
              IsOk());
  CreditNote note = NewCreditNote("cn_1", invoice, amounts, Input("25.00"), kToday, kNow).value();
  EXPECT_THAT(ApplyCreditNote(note, invoice, amounts, kNow), IsOkAndHolds(CreditSplit{2500, 0}));
  EXPECT_EQ(AmountDue(amounts), 2500);
  EXPECT_EQ(invoice.status, InvoiceStatus::kPending);
  pay.amount = "25.00";
  ASSERT_THAT(ApplyPayment(NewPayment("p2", invoice, amounts, pay, kToday, kNow).value(), invoice,
                           amounts, kNow),
              IsOk());
  EXPECT_EQ(amounts, (InvoiceAmounts{10000, 7500, 2500}));
  EXPECT_EQ(invoice.status, InvoiceStatus::kPaid);
}

TEST(ApplyCreditNoteTest, CreditingWhatIsDueSettlesThePendingInvoice) {
  Invoice invoice = InvoiceIn(InvoiceStatus::kPending);
  InvoiceAmounts amounts{10000, 0, 0};
  CreditNote note = NewCreditNote("cn_1", invoice, amounts, Input("100.00", "duplicate"), kToday,
                                  kNow)
                        .value();
  EXPECT_THAT(ApplyCreditNote(note, invoice, amounts, kNow),
              IsOkAndHolds(CreditSplit{10000, 0}));
  EXPECT_EQ(invoice.status, InvoiceStatus::kPaid);
  EXPECT_EQ(invoice.pay_time, kNow);
  EXPECT_EQ(AmountOwedToCustomer(amounts), 0);
}

TEST(ApplyCreditNoteTest, CreditOnAPaidInvoiceIsOwedBack) {
  Invoice invoice = InvoiceIn(InvoiceStatus::kPaid);
  InvoiceAmounts amounts{10000, 10000, 0};
  CreditNote note = NewCreditNote("cn_1", invoice, amounts, Input("30.00"), kToday, kNow).value();
  EXPECT_THAT(ApplyCreditNote(note, invoice, amounts, kNow), IsOkAndHolds(CreditSplit{0, 3000}));
  EXPECT_EQ(invoice.status, InvoiceStatus::kPaid);
  EXPECT_EQ(AmountOwedToCustomer(amounts), 3000);
}

TEST(ApplyCreditNoteTest, RechecksAgainstAmountsReadInTheTransaction) {
  Invoice invoice = InvoiceIn(InvoiceStatus::kPaid);
  InvoiceAmounts amounts{10000, 10000, 0};
  CreditNote first = NewCreditNote("cn_1", invoice, amounts, Input("60.00"), kToday, kNow).value();
  CreditNote second = NewCreditNote("cn_2", invoice, amounts, Input("60.00"), kToday, kNow).value();
  ASSERT_THAT(ApplyCreditNote(first, invoice, amounts, kNow), IsOk());
  EXPECT_THAT(ApplyCreditNote(second, invoice, amounts, kNow),
              HasErrorCode(ErrorCode::kCreditExceedsInvoice));
  EXPECT_EQ(amounts.credited, 6000);
}

}  // namespace
}  // namespace billing::domain
