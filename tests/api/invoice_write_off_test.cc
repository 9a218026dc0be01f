// Write-offs (issue 22) over a real gRPC server, on SQLite and PostgreSQL:
// MarkInvoiceUncollectible lowers the customer's balance by the amount due
// and leaves revenue alone; later payments reverse what they cover; the
// refusals, If-Match and Idempotency-Key behave as on the other invoice
// actions.
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "billing/v1/event.grpc.pb.h"
#include "billing/v1/invoice.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
#include "tests/support/call_metadata.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::Call;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::billing::testing::UnthrottledOptions;
using ::testing::ElementsAre;
using ::testing::Pair;

v1::Payment Pay(const std::string& amount) {
  v1::Payment payment;
  payment.set_amount(amount);
  payment.set_method("bank_transfer");
  return payment;
}

class InvoiceWriteOffTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  grpc::Status Mark(const std::string& invoice_id, v1::Invoice* out, const std::string& key = "",
                    const std::string& etag = "", bool* replayed = nullptr) {
    v1::MarkInvoiceUncollectibleRequest request;
    request.set_invoice_id(invoice_id);
    request.set_etag(etag);
    Call call(server_.authorization(), key);
    grpc::Status status = invoices_->MarkInvoiceUncollectible(&call.context, request, out);
    if (replayed != nullptr) *replayed = call.replayed();
    return status;
  }

  v1::Invoice Invoice(const std::string& id) {
    v1::Invoice invoice;
    EXPECT_TRUE(client_.GetInvoice(id, &invoice).ok());
    return invoice;
  }

  // The customer's balances as "CUR amount".
  std::vector<std::string> Balances() { return testing::CustomerBalances(client_, customer_); }

  // The customer's ledger as the API shows it: (kind, amount).
  std::vector<std::pair<v1::LedgerEntryKind, std::string>> Ledger() {
    v1::ListLedgerEntriesResponse listed;
    EXPECT_TRUE(client_.ListLedgerEntries(customer_, 1, 100, &listed).ok());
    std::vector<std::pair<v1::LedgerEntryKind, std::string>> out;
    for (const v1::LedgerEntry& entry : listed.ledger_entries()) {
      out.emplace_back(entry.kind(), entry.amount());
    }
    return out;
  }

  // The resource ids of the events of `type`.
  std::vector<std::string> Events(const std::string& type) {
    std::unique_ptr<v1::EventService::Stub> events = v1::EventService::NewStub(server_.channel());
    v1::ListEventsRequest request;
    request.set_page_size(100);
    request.set_type(type);
    grpc::ClientContext context;
    context.AddMetadata("authorization", server_.authorization());
    v1::ListEventsResponse response;
    EXPECT_TRUE(events->ListEvents(&context, request, &response).ok());
    std::vector<std::string> ids;
    for (const v1::Event& event : response.events()) ids.push_back(event.resource_id());
    return ids;
  }

  // Recognized revenue of 2026-01-01..2026-02-28 in USD.
  std::string RecognizedInJanuaryAndFebruary() {
    v1::RevenueCalculation period;
    period.set_period_start("2026-01-01");
    period.set_period_end("2026-02-28");
    v1::RevenueCalculation queued;
    EXPECT_TRUE(client_.CreateRevenueCalculation(period, &queued).ok());
    v1::RevenueCalculation done = client_.AwaitCalculation(queued.id());
    EXPECT_EQ(done.status(), v1::REVENUE_CALCULATION_STATUS_SUCCEEDED) << done.failure_reason();
    if (done.results_size() != 1) return "no result";
    return done.results(0).recognized_amount();
  }

  TestServer server_{GetParam(), UnthrottledOptions()};
  BillingClient client_{server_.channel(), server_.authorization()};
  std::unique_ptr<v1::InvoiceService::Stub> invoices_ =
      v1::InvoiceService::NewStub(server_.channel());
  std::string customer_ = client_.MustCreateCustomer("USD").id();
};

TEST_P(InvoiceWriteOffTest, AWriteOffLowersTheBalanceByTheAmountDueAndLeavesRevenueAlone) {
  // 3 x 100.00 over Q1 2026: 196.67 recognized by the end of February.
  v1::Invoice draft;
  draft.set_customer_id(customer_);
  draft.set_due_date("2099-01-31");
  v1::LineItem* line = draft.add_line_items();
  line->set_description("Support, Q1");
  line->set_quantity(3);
  line->set_unit_amount("100.00");
  line->set_service_period_start("2026-01-01");
  line->set_service_period_end("2026-03-31");
  v1::Invoice created, invoice;
  ASSERT_TRUE(client_.CreateInvoice(draft, &created).ok());
  ASSERT_TRUE(client_.ProcessInvoice(created.id(), &invoice).ok());
  v1::Payment paid;
  ASSERT_TRUE(client_.CreatePayment(invoice.id(), Pay("50.00"), &paid).ok());
  EXPECT_THAT(Balances(), ElementsAre("USD 250.00"));
  EXPECT_EQ(RecognizedInJanuaryAndFebruary(), "196.67");

  v1::Invoice marked;
  grpc::Status status = Mark(invoice.id(), &marked);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(marked.status(), v1::INVOICE_STATUS_UNCOLLECTIBLE);
  EXPECT_EQ(marked.amount_due(), "250.00") << "written off, still owed";
  EXPECT_FALSE(marked.overdue());
  EXPECT_EQ(Invoice(invoice.id()).status(), v1::INVOICE_STATUS_UNCOLLECTIBLE);
  EXPECT_THAT(Balances(), ElementsAre("USD 0.00"));
  EXPECT_THAT(Ledger(), ElementsAre(Pair(v1::LEDGER_ENTRY_KIND_INVOICE, "300.00"),
                                    Pair(v1::LEDGER_ENTRY_KIND_PAYMENT, "-50.00"),
                                    Pair(v1::LEDGER_ENTRY_KIND_WRITE_OFF, "-250.00")));
  EXPECT_EQ(RecognizedInJanuaryAndFebruary(), "196.67") << "a bad debt is not a reversal";
  EXPECT_THAT(Events("invoice.marked_uncollectible"), ElementsAre(invoice.id()));

  v1::ListInvoicesRequest uncollectible;
  uncollectible.set_status(v1::INVOICE_STATUS_UNCOLLECTIBLE);
  v1::ListInvoicesResponse listed;
  ASSERT_TRUE(client_.ListInvoices(uncollectible, &listed).ok());
  ASSERT_EQ(listed.invoices_size(), 1);
  EXPECT_EQ(listed.invoices(0).id(), invoice.id());
}

TEST_P(InvoiceWriteOffTest, OnlyAPendingInvoiceIsWrittenOffAndARefusalWritesNothing) {
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer_, "40.00");
  v1::Invoice out;
  ASSERT_TRUE(Mark(invoice.id(), &out).ok());
  grpc::Status again = Mark(invoice.id(), &out);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(again), "INVALID_STATE_TRANSITION");

  const v1::Invoice draft = client_.MustCreateInvoice(customer_, "10.00");
  const v1::Invoice paid = client_.MustCreatePendingInvoice(customer_, "20.00");
  v1::Payment payment;
  ASSERT_TRUE(client_.CreatePayment(paid.id(), Pay("20.00"), &payment).ok());
  const v1::Invoice cancelled = client_.MustCreatePendingInvoice(customer_, "30.00");
  ASSERT_TRUE(client_.CancelInvoice(cancelled.id(), &out).ok());
  const auto ledger = Ledger();
  for (const v1::Invoice& refused : {draft, Invoice(paid.id()), Invoice(cancelled.id())}) {
    SCOPED_TRACE(v1::InvoiceStatus_Name(refused.status()));
    EXPECT_EQ(ErrorReason(Mark(refused.id(), &out)), "INVALID_STATE_TRANSITION");
    EXPECT_EQ(Invoice(refused.id()).etag(), refused.etag()) << "unchanged";
  }
  EXPECT_EQ(Ledger(), ledger);
  EXPECT_THAT(Events("invoice.marked_uncollectible"), ElementsAre(invoice.id()));
}

TEST_P(InvoiceWriteOffTest, PaymentsAfterAWriteOffReverseWhatTheyCoverUntilPaid) {
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer_, "100.00");
  v1::Invoice out;
  ASSERT_TRUE(Mark(invoice.id(), &out).ok());
  EXPECT_THAT(Balances(), ElementsAre("USD 0.00"));

  v1::Payment first, second;
  ASSERT_TRUE(client_.CreatePayment(invoice.id(), Pay("40.00"), &first).ok());
  v1::Invoice after = Invoice(invoice.id());
  EXPECT_EQ(after.status(), v1::INVOICE_STATUS_UNCOLLECTIBLE);
  EXPECT_EQ(after.amount_due(), "60.00");
  EXPECT_THAT(Balances(), ElementsAre("USD 0.00")) << "the payment settles what was restored";

  ASSERT_TRUE(client_.CreatePayment(invoice.id(), Pay("60.00"), &second).ok());
  after = Invoice(invoice.id());
  EXPECT_EQ(after.status(), v1::INVOICE_STATUS_PAID);
  EXPECT_EQ(after.amount_due(), "0.00");
  EXPECT_THAT(Balances(), ElementsAre("USD 0.00")) << "where a normal full payment leaves it";
  EXPECT_THAT(Ledger(), ElementsAre(Pair(v1::LEDGER_ENTRY_KIND_INVOICE, "100.00"),
                                    Pair(v1::LEDGER_ENTRY_KIND_WRITE_OFF, "-100.00"),
                                    Pair(v1::LEDGER_ENTRY_KIND_WRITE_OFF_REVERSAL, "40.00"),
                                    Pair(v1::LEDGER_ENTRY_KIND_PAYMENT, "-40.00"),
                                    Pair(v1::LEDGER_ENTRY_KIND_WRITE_OFF_REVERSAL, "60.00"),
                                    Pair(v1::LEDGER_ENTRY_KIND_PAYMENT, "-60.00")));
  EXPECT_THAT(Events("invoice.paid"), ElementsAre(invoice.id()));
  EXPECT_EQ(ErrorReason(client_.CreatePayment(invoice.id(), Pay("0.01"), &first)),
            "INVOICE_NOT_PAYABLE");
}

TEST_P(InvoiceWriteOffTest, AnUncollectibleInvoiceMayBeCancelledButNotCredited) {
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer_, "80.00");
  v1::Invoice out;
  ASSERT_TRUE(Mark(invoice.id(), &out).ok());
  v1::CreditNote note, issued;
  note.set_amount("10.00");
  note.set_reason("order_change");
  EXPECT_EQ(ErrorReason(client_.CreateCreditNote(invoice.id(), note, &issued)),
            "INVOICE_NOT_CREDITABLE");

  // Voided as Stripe allows: the write-off is restored, then cancelled.
  ASSERT_TRUE(client_.CancelInvoice(invoice.id(), &out).ok());
  EXPECT_EQ(out.status(), v1::INVOICE_STATUS_CANCELLED);
  EXPECT_EQ(out.amount_due(), "0.00");
  EXPECT_THAT(Balances(), ElementsAre("USD 0.00"));
  EXPECT_THAT(Ledger(), ElementsAre(Pair(v1::LEDGER_ENTRY_KIND_INVOICE, "80.00"),
                                    Pair(v1::LEDGER_ENTRY_KIND_WRITE_OFF, "-80.00"),
                                    Pair(v1::LEDGER_ENTRY_KIND_WRITE_OFF_REVERSAL, "80.00"),
                                    Pair(v1::LEDGER_ENTRY_KIND_CANCELLATION, "-80.00")));

  // Once anything was paid it is not cancelled, as for a pending invoice.
  const v1::Invoice part_paid = client_.MustCreatePendingInvoice(customer_, "10.00");
  ASSERT_TRUE(Mark(part_paid.id(), &out).ok());
  v1::Payment payment;
  ASSERT_TRUE(client_.CreatePayment(part_paid.id(), Pay("1.00"), &payment).ok());
  EXPECT_EQ(ErrorReason(client_.CancelInvoice(part_paid.id(), &out)), "INVOICE_HAS_PAYMENTS");
}

TEST_P(InvoiceWriteOffTest, AStaleEtagIsRefusedAndAKeyedRetryWritesOnce) {
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer_, "25.00");
  v1::Invoice noted;
  v1::Invoice notes;
  notes.set_notes("called twice");
  ASSERT_TRUE(client_.UpdateInvoice(invoice.id(), notes, {"notes"}, &noted).ok());

  v1::Invoice out;
  grpc::Status stale = Mark(invoice.id(), &out, "", invoice.etag());
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(stale), "ETAG_MISMATCH");
  EXPECT_EQ(Invoice(invoice.id()).status(), v1::INVOICE_STATUS_PENDING);
  EXPECT_THAT(Balances(), ElementsAre("USD 25.00"));

  v1::Invoice first, again;
  bool replayed = false;
  ASSERT_TRUE(Mark(invoice.id(), &first, "write-off-1", noted.etag()).ok());
  grpc::Status retried = Mark(invoice.id(), &again, "write-off-1", noted.etag(), &replayed);
  ASSERT_TRUE(retried.ok()) << "not INVALID_STATE_TRANSITION: " << retried.error_message();
  EXPECT_TRUE(replayed);
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_THAT(Ledger(), ElementsAre(Pair(v1::LEDGER_ENTRY_KIND_INVOICE, "25.00"),
                                    Pair(v1::LEDGER_ENTRY_KIND_WRITE_OFF, "-25.00")));
  EXPECT_THAT(Events("invoice.marked_uncollectible"), ElementsAre(invoice.id()));
}

INSTANTIATE_TEST_SUITE_P(Backends, InvoiceWriteOffTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
