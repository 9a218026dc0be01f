// Credit notes over a real gRPC server, on SQLite and PostgreSQL: numbers,
// what a credit does to the invoice and the customer's balance, refusals
// that write nothing, and the lists.
#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
#include "tests/support/call_metadata.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::billing::testing::UnthrottledOptions;
using ::billing::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::StartsWith;

v1::CreditNote Credit(const std::string& amount, const std::string& reason = "order_change") {
  v1::CreditNote note;
  note.set_amount(amount);
  note.set_reason(reason);
  return note;
}

v1::Payment Pay(const std::string& amount) {
  v1::Payment payment;
  payment.set_amount(amount);
  payment.set_method("cash");
  return payment;
}

class CreditNotesTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  v1::Invoice Invoice(const std::string& id) {
    v1::Invoice invoice;
    EXPECT_TRUE(client_.GetInvoice(id, &invoice).ok());
    return invoice;
  }

  // The customer's balances as "CUR amount".
  std::vector<std::string> Balances() { return testing::CustomerBalances(client_, customer_); }

  TestServer server_{GetParam(), UnthrottledOptions()};
  BillingClient client_{server_.channel(), server_.authorization()};
  std::string customer_ = client_.MustCreateCustomer("USD").id();
};

TEST_P(CreditNotesTest, ACreditLowersTheAmountDueAndIsNumberedInItsOwnSequence) {
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer_, "100.00");
  v1::CreditNote note = Credit("25.00");
  note.set_memo("two seats cancelled");
  v1::CreditNote issued;
  ASSERT_TRUE(client_.CreateCreditNote(invoice.id(), note, &issued).ok());
  EXPECT_THAT(issued.id(), StartsWith("cn_"));
  EXPECT_EQ(issued.number(), "CN-000001");
  EXPECT_EQ(issued.invoice_id(), invoice.id());
  EXPECT_EQ(issued.customer_id(), customer_);
  EXPECT_EQ(issued.amount(), "25.00");
  EXPECT_EQ(issued.currency(), "USD");
  EXPECT_EQ(issued.reason(), "order_change");
  EXPECT_EQ(issued.memo(), "two seats cancelled");
  EXPECT_FALSE(issued.date().empty());

  const v1::Invoice after = Invoice(invoice.id());
  EXPECT_EQ(after.amount_credited(), "25.00");
  EXPECT_EQ(after.amount_due(), "75.00");
  EXPECT_EQ(after.status(), v1::INVOICE_STATUS_PENDING);
  EXPECT_THAT(Balances(), ElementsAre("USD 75.00"));

  v1::CreditNote second;
  ASSERT_TRUE(client_.CreateCreditNote(invoice.id(), Credit("1.00"), &second).ok());
  EXPECT_EQ(second.number(), "CN-000002");
  EXPECT_EQ(Invoice(invoice.id()).number(), "INV-000001") << "invoice numbers are separate";
  v1::CreditNote fetched;
  ASSERT_TRUE(client_.GetCreditNote(issued.id(), &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), issued.SerializeAsString());
}

TEST_P(CreditNotesTest, CreditingWhatIsStillDueInFullPaysTheInvoice) {
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer_, "40.00");
  v1::Payment paid;
  ASSERT_TRUE(client_.CreatePayment(invoice.id(), Pay("30.00"), &paid).ok());
  v1::CreditNote issued;
  ASSERT_TRUE(client_.CreateCreditNote(invoice.id(), Credit("10.00"), &issued).ok());
  const v1::Invoice after = Invoice(invoice.id());
  EXPECT_EQ(after.status(), v1::INVOICE_STATUS_PAID);
  EXPECT_EQ(after.amount_due(), "0.00");
  EXPECT_THAT(Balances(), ElementsAre("USD 0.00"));
}

TEST_P(CreditNotesTest, ACreditBeyondWhatIsDueIsOwedToTheCustomer) {
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer_, "40.00");
  v1::Payment paid;
  ASSERT_TRUE(client_.CreatePayment(invoice.id(), Pay("40.00"), &paid).ok());
  v1::CreditNote issued;
  ASSERT_TRUE(client_.CreateCreditNote(invoice.id(), Credit("15.00"), &issued).ok());
  const v1::Invoice after = Invoice(invoice.id());
  EXPECT_EQ(after.status(), v1::INVOICE_STATUS_PAID);
  EXPECT_EQ(after.amount_credited(), "15.00");
  EXPECT_EQ(after.amount_due(), "0.00");
  EXPECT_THAT(Balances(), ElementsAre("USD -15.00")) << "the customer is owed 15.00";
}

TEST_P(CreditNotesTest, RefusalsWriteNothingAndUseUpNoNumber) {
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer_, "10.00");
  v1::CreditNote out;
  ASSERT_TRUE(client_.CreateCreditNote(invoice.id(), Credit("6.00"), &out).ok());
  grpc::Status too_much = client_.CreateCreditNote(invoice.id(), Credit("4.01"), &out);
  EXPECT_EQ(ErrorReason(too_much), "CREDIT_EXCEEDS_INVOICE");
  const v1::Invoice draft = client_.MustCreateInvoice(customer_, "10.00");
  EXPECT_EQ(ErrorReason(client_.CreateCreditNote(draft.id(), Credit("1.00"), &out)),
            "INVOICE_NOT_CREDITABLE");
  const v1::Invoice cancelled = client_.MustCreatePendingInvoice(customer_, "10.00");
  v1::Invoice ignored;
  ASSERT_TRUE(client_.CancelInvoice(cancelled.id(), &ignored).ok());
  EXPECT_EQ(ErrorReason(client_.CreateCreditNote(cancelled.id(), Credit("1.00"), &out)),
            "INVOICE_NOT_CREDITABLE");
  for (const v1::CreditNote& bad :
       {Credit("0.00"), Credit("-1.00"), Credit("1.001"), Credit("1e3"),
        Credit("92233720368547758.08")}) {
    grpc::Status refused = client_.CreateCreditNote(invoice.id(), bad, &out);
    EXPECT_EQ(ErrorReason(refused), "VALIDATION_ERROR") << bad.amount();
    EXPECT_THAT(ViolatedFields(refused), ElementsAre("amount")) << bad.amount();
  }
  for (const char* reason : {"", "goodwill"}) {
    grpc::Status refused = client_.CreateCreditNote(invoice.id(), Credit("1.00", reason), &out);
    EXPECT_EQ(ErrorReason(refused), "VALIDATION_ERROR");
    EXPECT_THAT(ViolatedFields(refused), ElementsAre("reason"));
  }
  // Free text: no C0, DEL or C1 control character (SOH, ESC, DEL, NEL).
  for (const char* memo : {"a\x01", "\x1b[2J", "a\x7f", "a\xc2\x85"}) {
    v1::CreditNote bad = Credit("1.00");
    bad.set_memo(memo);
    grpc::Status refused = client_.CreateCreditNote(invoice.id(), bad, &out);
    EXPECT_EQ(ErrorReason(refused), "VALIDATION_ERROR") << memo;
    EXPECT_THAT(ViolatedFields(refused), ElementsAre("memo")) << memo;
  }
  // A note in another currency was once issued in the invoice's, silently.
  for (const char* currency : {"EUR", "usd", "XXX"}) {
    v1::CreditNote bad = Credit("1.00");
    bad.set_currency(currency);
    grpc::Status refused = client_.CreateCreditNote(invoice.id(), bad, &out);
    EXPECT_EQ(ErrorReason(refused), "VALIDATION_ERROR") << currency;
    EXPECT_THAT(ViolatedFields(refused), ElementsAre("currency")) << currency;
  }

  EXPECT_EQ(Invoice(invoice.id()).amount_credited(), "6.00");
  v1::CreditNote same = Credit("4.00");
  same.set_currency("USD");  // the invoice's own currency may be named
  ASSERT_TRUE(client_.CreateCreditNote(invoice.id(), same, &out).ok());
  EXPECT_EQ(out.number(), "CN-000002") << "refused notes took no number";
}

TEST_P(CreditNotesTest, ListsFilterByInvoiceAndCustomer) {
  const v1::Invoice a = client_.MustCreatePendingInvoice(customer_, "10.00");
  const std::string other = client_.MustCreateCustomer("USD").id();
  const v1::Invoice b = client_.MustCreatePendingInvoice(other, "10.00");
  v1::CreditNote out;
  ASSERT_TRUE(client_.CreateCreditNote(a.id(), Credit("1.00"), &out).ok());
  ASSERT_TRUE(client_.CreateCreditNote(a.id(), Credit("2.00"), &out).ok());
  ASSERT_TRUE(client_.CreateCreditNote(b.id(), Credit("3.00"), &out).ok());
  v1::ListCreditNotesRequest request;
  v1::ListCreditNotesResponse listed;
  request.set_invoice_id(a.id());
  ASSERT_TRUE(client_.ListCreditNotes(request, &listed).ok());
  ASSERT_EQ(listed.credit_notes_size(), 2);
  EXPECT_EQ(listed.credit_notes(0).amount(), "1.00") << "oldest first";
  request.Clear();
  request.set_customer_id(other);
  ASSERT_TRUE(client_.ListCreditNotes(request, &listed).ok());
  ASSERT_EQ(listed.credit_notes_size(), 1);
  EXPECT_EQ(listed.credit_notes(0).amount(), "3.00");
  EXPECT_EQ(ErrorReason(client_.GetCreditNote("cn_missing", &out)), "CREDIT_NOTE_NOT_FOUND");
}

TEST_P(CreditNotesTest, ConcurrentCreditsNeverExceedTheInvoiceAndTakeConsecutiveNumbers) {
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer_, "10.00");
  std::vector<grpc::Status> statuses(16);
  std::vector<std::string> numbers(statuses.size());
  std::vector<std::thread> issuers;
  for (size_t i = 0; i < statuses.size(); ++i) {
    issuers.emplace_back([&, i] {
      BillingClient own(server_.channel(), server_.authorization());
      v1::CreditNote out;
      statuses[i] = own.CreateCreditNote(invoice.id(), Credit("1.00"), &out);  // 16 x 1.00
      numbers[i] = out.number();
    });
  }
  for (std::thread& issuer : issuers) issuer.join();
  std::vector<std::string> issued;
  for (size_t i = 0; i < statuses.size(); ++i) {
    if (statuses[i].ok()) {
      issued.push_back(numbers[i]);
    } else {
      EXPECT_EQ(ErrorReason(statuses[i]), "CREDIT_EXCEEDS_INVOICE") << statuses[i].error_message();
    }
  }
  std::sort(issued.begin(), issued.end());
  std::vector<std::string> expected;
  for (int i = 1; i <= 10; ++i) expected.push_back(absl::StrFormat("CN-%06d", i));
  EXPECT_EQ(issued, expected);
  const v1::Invoice after = Invoice(invoice.id());
  EXPECT_EQ(after.amount_credited(), "10.00");
  EXPECT_EQ(after.status(), v1::INVOICE_STATUS_PAID) << "credited in full, nothing due";
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditNotesTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
