// Payments over a real gRPC server, on SQLite and PostgreSQL: partial
// payments, the invoice's amounts and status, refusals that write nothing,
// the ledger, PATCH to paid, cancelling, and concurrent over-collection.
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "app/ports/store.h"
#include "domain/dates.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::billing::testing::UnthrottledOptions;
using ::billing::testing::ViolatedFields;
using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::StartsWith;

v1::Payment Pay(const std::string& amount, const std::string& method = "card") {
  v1::Payment payment;
  payment.set_amount(amount);
  payment.set_method(method);
  return payment;
}

class PaymentsTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  v1::Invoice Invoice(const std::string& id) {
    v1::Invoice invoice;
    EXPECT_TRUE(client_.GetInvoice(id, &invoice).ok());
    return invoice;
  }

  // The invoice's ledger entries as (kind, amount in minor units).
  std::vector<std::pair<std::string, int64_t>> Ledger(const std::string& invoice_id) {
    std::vector<std::pair<std::string, int64_t>> out;
    EXPECT_TRUE(server_.server().store().Read([&](app::Transaction& tx) -> absl::Status {
      auto entries = tx.ledger().ListForInvoice(TestServer::kAccount, invoice_id);
      if (!entries.ok()) return entries.status();
      for (const domain::LedgerEntry& e : *entries) out.emplace_back(e.kind, e.amount);
      return absl::OkStatus();
    }).ok());
    return out;
  }

  int64_t PaymentCount(const std::string& invoice_id) {
    v1::ListPaymentsRequest request;
    request.set_invoice_id(invoice_id);
    v1::ListPaymentsResponse listed;
    EXPECT_TRUE(client_.ListPayments(request, &listed).ok());
    return listed.total_items();
  }

  TestServer server_{GetParam(), UnthrottledOptions()};
  BillingClient client_{server_.channel(), server_.authorization()};
  std::string customer_ = client_.MustCreateCustomer("USD").id();
};

TEST_P(PaymentsTest, PartialPaymentsLowerTheAmountDueAndTheLastOnePaysTheInvoice) {
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer_, "100.00");
  EXPECT_EQ(invoice.amount_due(), "100.00");
  EXPECT_EQ(invoice.amount_paid(), "0.00");

  v1::Payment half = Pay("50.00", "bank_transfer");
  half.set_reference("TX-1");
  half.set_received_date("2026-01-15");
  v1::Payment first;
  ASSERT_TRUE(client_.CreatePayment(invoice.id(), half, &first).ok());
  EXPECT_THAT(first.id(), StartsWith("pay_"));
  EXPECT_EQ(first.invoice_id(), invoice.id());
  EXPECT_EQ(first.customer_id(), customer_);
  EXPECT_EQ(first.amount(), "50.00");
  EXPECT_EQ(first.currency(), "USD");
  EXPECT_EQ(first.method(), "bank_transfer");
  EXPECT_EQ(first.reference(), "TX-1");
  EXPECT_EQ(first.received_date(), "2026-01-15");
  v1::Invoice after = Invoice(invoice.id());
  EXPECT_EQ(after.status(), v1::INVOICE_STATUS_PENDING);
  EXPECT_EQ(after.amount_paid(), "50.00");
  EXPECT_EQ(after.amount_due(), "50.00");

  v1::Payment second;
  ASSERT_TRUE(client_.CreatePayment(invoice.id(), Pay("50.00"), &second).ok());
  after = Invoice(invoice.id());
  EXPECT_EQ(after.status(), v1::INVOICE_STATUS_PAID);
  EXPECT_TRUE(after.has_pay_time());
  EXPECT_EQ(after.amount_due(), "0.00");
  EXPECT_EQ(after.amount_paid(), "100.00");
  EXPECT_EQ(second.received_date(), domain::FormatDate(absl::ToCivilDay(absl::Now(),
                                                                        absl::UTCTimeZone())))
      << "an empty receivedDate is today";

  v1::Payment fetched;
  ASSERT_TRUE(client_.GetPayment(first.id(), &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), first.SerializeAsString());
  EXPECT_THAT(Ledger(invoice.id()),
              ElementsAre(std::pair<std::string, int64_t>{"invoice_processed", 10000},
                          std::pair<std::string, int64_t>{"payment_received", -5000},
                          std::pair<std::string, int64_t>{"payment_received", -5000}));
}

TEST_P(PaymentsTest, APaymentAboveTheAmountDueIsRefusedAndWritesNothing) {
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer_, "10.00");
  v1::Payment out;
  ASSERT_TRUE(client_.CreatePayment(invoice.id(), Pay("4.00"), &out).ok());
  grpc::Status refused = client_.CreatePayment(invoice.id(), Pay("6.01"), &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(refused), "PAYMENT_EXCEEDS_AMOUNT_DUE");
  EXPECT_EQ(Invoice(invoice.id()).amount_due(), "6.00");
  EXPECT_EQ(PaymentCount(invoice.id()), 1);
  EXPECT_EQ(Ledger(invoice.id()).size(), 2u);
}

TEST_P(PaymentsTest, OnlyPendingInvoicesArePayable) {
  v1::Payment out;
  const v1::Invoice draft = client_.MustCreateInvoice(customer_, "10.00");
  EXPECT_EQ(ErrorReason(client_.CreatePayment(draft.id(), Pay("1.00"), &out)),
            "INVOICE_NOT_PAYABLE");
  const v1::Invoice paid = client_.MustCreatePendingInvoice(customer_, "10.00");
  ASSERT_TRUE(client_.CreatePayment(paid.id(), Pay("10.00"), &out).ok());
  EXPECT_EQ(ErrorReason(client_.CreatePayment(paid.id(), Pay("1.00"), &out)),
            "INVOICE_NOT_PAYABLE");
  const v1::Invoice cancelled = client_.MustCreatePendingInvoice(customer_, "10.00");
  v1::Invoice ignored;
  ASSERT_TRUE(client_.CancelInvoice(cancelled.id(), &ignored).ok());
  EXPECT_EQ(ErrorReason(client_.CreatePayment(cancelled.id(), Pay("1.00"), &out)),
            "INVOICE_NOT_PAYABLE");
  EXPECT_EQ(PaymentCount(draft.id()) + PaymentCount(cancelled.id()), 0);
}

TEST_P(PaymentsTest, BadInputIsRefusedNamingTheField) {
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer_, "10.00");
  const std::string tomorrow = domain::FormatDate(
      absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) + 1);
  struct Case {
    v1::Payment payment;
    std::string field;
  };
  std::vector<Case> cases;
  for (const char* amount : {"1.001", "0", "0.00", "-1.00", "1e2", "92233720368547758.08", ""}) {
    cases.push_back({Pay(amount), "amount"});
  }
  cases.push_back({Pay("1.00", ""), "method"});
  cases.push_back({Pay("1.00", "paypal"), "method"});
  v1::Payment future = Pay("1.00");
  future.set_received_date(tomorrow);
  cases.push_back({future, "received_date"});
  // Free text: no C0, DEL or C1 control character (SOH, ESC, DEL, NEL), and
  // a reference is one line.
  for (const char* reference : {"TX\x01", "\x1b[2J", "TX\x7f", "TX\xc2\x85", "TX\n2"}) {
    v1::Payment controlled = Pay("1.00");
    controlled.set_reference(reference);
    cases.push_back({controlled, "reference"});
  }
  v1::Payment euros = Pay("1.00");
  euros.set_currency("EUR");
  cases.push_back({euros, "currency"});
  for (const Case& c : cases) {
    v1::Payment out;
    grpc::Status refused = client_.CreatePayment(invoice.id(), c.payment, &out);
    EXPECT_EQ(ErrorReason(refused), "VALIDATION_ERROR") << c.payment.ShortDebugString();
    EXPECT_THAT(ViolatedFields(refused), ElementsAre(c.field)) << c.payment.ShortDebugString();
  }
  EXPECT_EQ(PaymentCount(invoice.id()), 0);
  EXPECT_EQ(Invoice(invoice.id()).amount_due(), "10.00");
}

TEST_P(PaymentsTest, PatchToPaidRecordsAPaymentOfTheWholeAmountDue) {
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer_, "30.00");
  v1::Payment part;
  ASSERT_TRUE(client_.CreatePayment(invoice.id(), Pay("12.50"), &part).ok());
  v1::Invoice patch;
  patch.set_status(v1::INVOICE_STATUS_PAID);
  v1::Invoice paid;
  ASSERT_TRUE(client_.UpdateInvoice(invoice.id(), patch, {"status"}, &paid).ok());
  EXPECT_EQ(paid.status(), v1::INVOICE_STATUS_PAID);
  EXPECT_EQ(paid.amount_paid(), "30.00");
  EXPECT_EQ(paid.amount_due(), "0.00");

  v1::ListPaymentsRequest request;
  request.set_invoice_id(invoice.id());
  v1::ListPaymentsResponse listed;
  ASSERT_TRUE(client_.ListPayments(request, &listed).ok());
  ASSERT_EQ(listed.payments_size(), 2);
  EXPECT_EQ(listed.payments(1).amount(), "17.50");
  EXPECT_EQ(listed.payments(1).method(), "other");
  EXPECT_EQ(listed.payments(1).received_date(),
            domain::FormatDate(absl::ToCivilDay(absl::Now(), absl::UTCTimeZone())));
  EXPECT_THAT(Ledger(invoice.id()),
              ElementsAre(std::pair<std::string, int64_t>{"invoice_processed", 3000},
                          std::pair<std::string, int64_t>{"payment_received", -1250},
                          std::pair<std::string, int64_t>{"payment_received", -1750}));
}

TEST_P(PaymentsTest, CancellingAPendingInvoiceReversesWhatWasDueAndIsRefusedOncePaidAnything) {
  const v1::Invoice unpaid = client_.MustCreatePendingInvoice(customer_, "20.00");
  v1::Invoice cancelled;
  ASSERT_TRUE(client_.CancelInvoice(unpaid.id(), &cancelled).ok());
  EXPECT_EQ(cancelled.number(), unpaid.number());
  EXPECT_THAT(Ledger(unpaid.id()),
              ElementsAre(std::pair<std::string, int64_t>{"invoice_processed", 2000},
                          std::pair<std::string, int64_t>{"invoice_cancelled", -2000}));

  const v1::Invoice part_paid = client_.MustCreatePendingInvoice(customer_, "20.00");
  v1::Payment out;
  ASSERT_TRUE(client_.CreatePayment(part_paid.id(), Pay("0.01"), &out).ok());
  grpc::Status refused = client_.CancelInvoice(part_paid.id(), &cancelled);
  EXPECT_EQ(ErrorReason(refused), "INVOICE_HAS_PAYMENTS");
  v1::Invoice patch;
  patch.set_status(v1::INVOICE_STATUS_CANCELLED);
  EXPECT_EQ(ErrorReason(client_.UpdateInvoice(part_paid.id(), patch, {"status"}, &cancelled)),
            "INVOICE_HAS_PAYMENTS");
  EXPECT_EQ(Invoice(part_paid.id()).status(), v1::INVOICE_STATUS_PENDING);
  EXPECT_EQ(Ledger(part_paid.id()).size(), 2u);
}

TEST_P(PaymentsTest, ListsFilterByInvoiceAndCustomerAndPage) {
  const v1::Invoice a = client_.MustCreatePendingInvoice(customer_, "10.00");
  const std::string other_customer = client_.MustCreateCustomer("USD").id();
  const v1::Invoice b = client_.MustCreatePendingInvoice(other_customer, "10.00");
  v1::Payment out;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client_.CreatePayment(a.id(), Pay("1.00"), &out).ok());
  ASSERT_TRUE(client_.CreatePayment(b.id(), Pay("2.00"), &out).ok());

  v1::ListPaymentsRequest request;
  v1::ListPaymentsResponse listed;
  ASSERT_TRUE(client_.ListPayments(request, &listed).ok());
  EXPECT_EQ(listed.total_items(), 4);
  request.set_customer_id(other_customer);
  ASSERT_TRUE(client_.ListPayments(request, &listed).ok());
  ASSERT_EQ(listed.payments_size(), 1);
  EXPECT_EQ(listed.payments(0).amount(), "2.00");

  request.Clear();
  request.set_invoice_id(a.id());
  request.set_page(2);
  request.set_page_size(2);
  ASSERT_TRUE(client_.ListPayments(request, &listed).ok());
  EXPECT_EQ(listed.payments_size(), 1);
  EXPECT_EQ(listed.total_items(), 3);
  EXPECT_EQ(listed.total_pages(), 2);

  request.set_invoice_id("inv_missing");
  EXPECT_EQ(ErrorReason(client_.ListPayments(request, &listed)), "INVOICE_NOT_FOUND");
  EXPECT_EQ(ErrorReason(client_.GetPayment("pay_missing", &out)), "PAYMENT_NOT_FOUND");
}

// Walks a list by next_page_token from `first`; the ids (with a ledger
// entry's running balance) in the order walked, each page's number in
// `pages`.
template <typename Request, typename Response, typename List, typename Items>
std::vector<std::string> WalkByToken(Request request, List list, Items items,
                                     std::vector<int>& pages) {
  std::vector<std::string> walked;
  pages.clear();
  for (int guard = 0; guard < 20; ++guard) {
    Response response;
    const grpc::Status status = list(request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    pages.push_back(response.page());
    for (const std::string& item : items(response)) walked.push_back(item);
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  return walked;
}

// Payments, credit notes and ledger entries page by token (AIP-158) as by
// number: the same items in the same order, the page numbers right, the
// running balances carried over, a token only for its own list.
TEST_P(PaymentsTest, PaymentsCreditNotesAndLedgerEntriesPageByToken) {
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer_, "100.00");
  v1::Payment paid;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client_.CreatePayment(invoice.id(), Pay("1.00"), &paid).ok());
  v1::CreditNote credit;
  credit.set_amount("2.00");
  credit.set_reason("other");
  v1::CreditNote credited;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client_.CreateCreditNote(invoice.id(), credit, &credited).ok());
  }
  std::vector<int> pages;

  v1::ListPaymentsRequest payments;
  payments.set_invoice_id(invoice.id());
  payments.set_page_size(100);
  v1::ListPaymentsResponse all_payments;
  ASSERT_TRUE(client_.ListPayments(payments, &all_payments).ok());
  std::vector<std::string> payment_ids;
  for (const v1::Payment& p : all_payments.payments()) payment_ids.push_back(p.id());
  ASSERT_EQ(payment_ids.size(), 5u);
  EXPECT_TRUE(all_payments.next_page_token().empty());
  payments.set_page_size(2);
  auto payment_items = [](const v1::ListPaymentsResponse& r) {
    std::vector<std::string> ids;
    for (const v1::Payment& p : r.payments()) ids.push_back(p.id());
    return ids;
  };
  EXPECT_EQ((WalkByToken<v1::ListPaymentsRequest, v1::ListPaymentsResponse>(
                payments,
                [&](const v1::ListPaymentsRequest& r, v1::ListPaymentsResponse* out) {
                  return client_.ListPayments(r, out);
                },
                payment_items, pages)),
            payment_ids);
  EXPECT_THAT(pages, ElementsAre(1, 2, 3));

  v1::ListCreditNotesRequest notes;
  notes.set_customer_id(customer_);
  notes.set_page_size(2);
  std::vector<std::string> walked_notes = WalkByToken<v1::ListCreditNotesRequest,
                                                      v1::ListCreditNotesResponse>(
      notes,
      [&](const v1::ListCreditNotesRequest& r, v1::ListCreditNotesResponse* out) {
        return client_.ListCreditNotes(r, out);
      },
      [](const v1::ListCreditNotesResponse& r) {
        std::vector<std::string> ids;
        for (const v1::CreditNote& n : r.credit_notes()) ids.push_back(n.id());
        return ids;
      },
      pages);
  EXPECT_EQ(walked_notes.size(), 3u);
  EXPECT_THAT(pages, ElementsAre(1, 2));

  // The statement: 1 invoice + 5 payments + 3 credit notes, each with the
  // running balance a page-number walk shows.
  v1::ListLedgerEntriesResponse all_entries;
  ASSERT_TRUE(client_.ListLedgerEntries(customer_, 1, 100, &all_entries).ok());
  std::vector<std::string> entries;
  for (const v1::LedgerEntry& e : all_entries.ledger_entries()) {
    entries.push_back(e.id() + " " + e.running_balance());
  }
  ASSERT_EQ(entries.size(), 9u);
  v1::ListLedgerEntriesRequest ledger;
  ledger.set_customer_id(customer_);
  ledger.set_page_size(4);
  EXPECT_EQ((WalkByToken<v1::ListLedgerEntriesRequest, v1::ListLedgerEntriesResponse>(
                ledger,
                [&](const v1::ListLedgerEntriesRequest& r, v1::ListLedgerEntriesResponse* out) {
                  return client_.ListLedgerEntries(r, out);
                },
                [](const v1::ListLedgerEntriesResponse& r) {
                  std::vector<std::string> lines;
                  for (const v1::LedgerEntry& e : r.ledger_entries()) {
                    lines.push_back(e.id() + " " + e.running_balance());
                  }
                  return lines;
                },
                pages)),
            entries);
  EXPECT_THAT(pages, ElementsAre(1, 2, 3));

  // A payments token continues neither another filter nor another list.
  v1::ListPaymentsResponse first;
  ASSERT_TRUE(client_.ListPayments(payments, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  v1::ListCreditNotesRequest foreign;
  foreign.set_customer_id(customer_);
  foreign.set_page_size(2);
  foreign.set_page_token(first.next_page_token());
  v1::ListCreditNotesResponse refused;
  const grpc::Status status = client_.ListCreditNotes(foreign, &refused);
  EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(status), ElementsAre("page_token"));
  v1::ListPaymentsRequest other_filter = payments;
  other_filter.clear_invoice_id();
  other_filter.set_page_token(first.next_page_token());
  EXPECT_THAT(ViolatedFields(client_.ListPayments(other_filter, &first)), ElementsAre("page_token"));
}

TEST_P(PaymentsTest, ThirtyTwoConcurrentPaymentsNeverCollectMoreThanTheAmountDue) {
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer_, "10.00");
  std::vector<grpc::Status> statuses(32);
  std::vector<std::thread> payers;
  for (size_t i = 0; i < statuses.size(); ++i) {
    payers.emplace_back([&, i] {
      BillingClient own(server_.channel(), server_.authorization());
      v1::Payment out;
      statuses[i] = own.CreatePayment(invoice.id(), Pay("0.50"), &out);  // 32 x 0.50 = 16.00
    });
  }
  for (std::thread& payer : payers) payer.join();
  int accepted = 0;
  for (const grpc::Status& status : statuses) {
    if (status.ok()) {
      ++accepted;
    } else {
      EXPECT_THAT(ErrorReason(status),
                  AnyOf("PAYMENT_EXCEEDS_AMOUNT_DUE", "INVOICE_NOT_PAYABLE"))
          << status.error_message();
    }
  }
  EXPECT_EQ(accepted, 20);
  const v1::Invoice after = Invoice(invoice.id());
  EXPECT_EQ(after.amount_paid(), "10.00");
  EXPECT_EQ(after.status(), v1::INVOICE_STATUS_PAID);
  EXPECT_EQ(PaymentCount(invoice.id()), 20);
  int64_t ledger_sum = 0;
  for (const auto& [kind, amount] : Ledger(invoice.id())) ledger_sum += amount;
  EXPECT_EQ(ledger_sum, 0) << "the customer owes nothing on it, and is owed nothing";
}

INSTANTIATE_TEST_SUITE_P(Backends, PaymentsTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
