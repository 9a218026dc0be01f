// InvoiceService over a real gRPC channel to a real server and SQLite file:
// money rules, the lifecycle, editing rules and the process transaction.
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "app/ports/store.h"
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
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

class InvoiceServiceTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  v1::Invoice Draft(const std::string& customer_id) {
    v1::Invoice invoice;
    invoice.set_customer_id(customer_id);
    invoice.set_due_date("2099-12-31");
    invoice.set_notes("thanks for your business");
    v1::LineItem* consulting = invoice.add_line_items();
    consulting->set_description("Consulting");
    consulting->set_quantity(2);
    consulting->set_unit_amount("15.00");
    v1::LineItem* hosting = invoice.add_line_items();
    hosting->set_description("Hosting, January");
    hosting->set_quantity(1);
    hosting->set_unit_amount("0.50");
    hosting->set_service_period_start("2026-01-01");
    hosting->set_service_period_end("2026-01-31");
    return invoice;
  }

  // Ledger entries and outbox messages, read through the server's store.
  std::pair<std::vector<domain::LedgerEntry>, std::vector<domain::OutboxMessage>> Effects(
      const std::string& invoice_id) {
    std::vector<domain::LedgerEntry> ledger;
    std::vector<domain::OutboxMessage> outbox;
    EXPECT_TRUE(server_.server().store().Read([&](app::Transaction& tx) -> absl::Status {
      auto entries = tx.ledger().ListForInvoice(TestServer::kAccount, invoice_id);
      if (!entries.ok()) return entries.status();
      ledger = *entries;
      auto messages = tx.outbox().List(TestServer::kAccount);
      if (!messages.ok()) return messages.status();
      outbox = *messages;
      return absl::OkStatus();
    }).ok());
    return {ledger, outbox};
  }

  TestServer server_{GetParam()};
  BillingClient client_{server_.channel(), server_.authorization()};
};

TEST_P(InvoiceServiceTest, CreateComputesTheAmountFromLineItems) {
  v1::Customer customer = client_.MustCreateCustomer("USD");
  v1::Invoice created;
  ASSERT_TRUE(client_.CreateInvoice(Draft(customer.id()), &created).ok());
  EXPECT_THAT(created.id(), StartsWith("inv_"));
  EXPECT_EQ(created.status(), v1::INVOICE_STATUS_DRAFT);
  EXPECT_EQ(created.currency(), "USD") << "taken from the customer";
  EXPECT_EQ(created.amount(), "30.50");
  ASSERT_EQ(created.line_items_size(), 2);
  EXPECT_EQ(created.line_items(0).amount(), "30.00");
  EXPECT_EQ(created.line_items(1).service_period_end(), "2026-01-31");
  EXPECT_FALSE(created.has_process_time());

  v1::Invoice fetched;
  ASSERT_TRUE(client_.GetInvoice(created.id(), &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), created.SerializeAsString());
}

TEST_P(InvoiceServiceTest, AmountsFollowTheCurrencysMinorUnits) {
  v1::Customer yen = client_.MustCreateCustomer("JPY");
  v1::Customer dinar = client_.MustCreateCustomer("KWD");
  v1::Invoice out;

  EXPECT_EQ(client_.MustCreateInvoice(yen.id(), "1500").amount(), "1500");
  EXPECT_EQ(client_.MustCreateInvoice(dinar.id(), "1.234").amount(), "1.234");
  EXPECT_EQ(client_.MustCreateInvoice(dinar.id(), "7").amount(), "7.000");

  for (const char* bad : {"100.5", "-5", "1e3", "0", "", "99999999999999999999"}) {
    v1::Invoice invoice;
    invoice.set_customer_id(yen.id());
    invoice.set_amount(bad);
    invoice.set_due_date("2099-12-31");
    grpc::Status status = client_.CreateInvoice(invoice, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_THAT(ViolatedFields(status), ElementsAre("amount")) << bad;
  }
}

TEST_P(InvoiceServiceTest, EveryBadFieldIsReportedAtOnce) {
  v1::Customer customer = client_.MustCreateCustomer("USD");
  v1::Invoice invoice = Draft(customer.id());
  invoice.set_currency("XYZ");
  invoice.set_due_date("2026-02-30");
  invoice.mutable_line_items(0)->set_quantity(0);
  invoice.mutable_line_items(1)->set_service_period_end("2025-12-31");
  v1::Invoice out;
  grpc::Status status = client_.CreateInvoice(invoice, &out);
  EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(status),
              ::testing::IsSupersetOf({"currency", "due_date", "line_items[0].quantity",
                                       "line_items[1].service_period_end"}));

  v1::Invoice mismatch = Draft(customer.id());
  mismatch.set_amount("31.00");
  EXPECT_THAT(ViolatedFields(client_.CreateInvoice(mismatch, &out)), ElementsAre("amount"));
}

TEST_P(InvoiceServiceTest, CreateForAnUnknownCustomerIsNotFound) {
  v1::Invoice out;
  grpc::Status status = client_.CreateInvoice(Draft("cus_ghost"), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ErrorReason(status), "CUSTOMER_NOT_FOUND");

  EXPECT_EQ(ErrorReason(client_.GetInvoice("inv_ghost", &out)), "INVOICE_NOT_FOUND");
}

// Peak resident memory of this process (the server runs in it), in MiB.
long PeakRssMib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6)) / 1024;
  }
  ADD_FAILURE() << "no VmHWM in /proc/self/status";
  return 0;
}

// Issue 8 item 1: ~350k invalid lines in one request (under 1 MiB on the
// wire) once made about 1M violations, an answer larger than HTTP/2 headers
// allow and gigabytes of memory.
TEST_P(InvoiceServiceTest, AHugeInvalidInvoiceGetsOneSmallError) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice hostile = Draft(customer.id());
  hostile.clear_line_items();
  for (int i = 0; i < 350'000; ++i) hostile.add_line_items()->set_unit_amount("x");
  ASSERT_LT(hostile.ByteSizeLong(), 4u << 20) << "must fit the receive limit";

  const long rss_before = PeakRssMib();
  v1::Invoice out;
  for (int attempt = 0; attempt < 3; ++attempt) {
    grpc::Status status = client_.CreateInvoice(hostile, &out);
    EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
    EXPECT_THAT(ViolatedFields(status), ElementsAre("line_items"));
    EXPECT_LE(status.error_details().size(), 3072u);
    EXPECT_THAT(status.error_message(), HasSubstr("at most 100"));
  }
  // The request itself is parsed into memory (a few hundred MiB at most,
  // twice that under AddressSanitizer's red zones); a violation per line
  // used to cost gigabytes. A line has five more fields since issue 19 (tax
  // rate, discount, decimal quantity, net and tax): 350k parsed lines peaked
  // at 424 MiB once on PostgreSQL, so the bound has that headroom.
#if defined(__SANITIZE_ADDRESS__)
  constexpr long kMaxGrowthMib = 1024;
#else
  constexpr long kMaxGrowthMib = 512;
#endif
  EXPECT_LT(PeakRssMib() - rss_before, kMaxGrowthMib) << "MiB of peak memory grown";

  v1::ListInvoicesResponse list;
  ASSERT_TRUE(client_.ListInvoices({}, &list).ok());
  EXPECT_EQ(list.total_items(), 0) << "nothing written";
}

TEST_P(InvoiceServiceTest, ManyBadFieldsAreCappedAndFitTheTransport) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice bad = Draft(customer.id());
  bad.clear_line_items();
  // 100 lines, each with four bad fields and a long description: 400
  // violations whose text alone would be far over any header limit.
  for (int i = 0; i < 100; ++i) {
    v1::LineItem* line = bad.add_line_items();
    line->set_description(std::string(5000, 'd'));
    line->set_quantity(0);
    line->set_unit_amount(std::string(5000, '9') + "x");
    line->set_service_period_start(std::string(5000, '2'));
  }
  v1::Invoice out;
  grpc::Status status = client_.CreateInvoice(bad, &out);
  EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
  const std::vector<std::string> fields = ViolatedFields(status);
  ASSERT_GE(fields.size(), 10u);
  EXPECT_LE(fields.size(), 51u);
  EXPECT_EQ(fields.front(), "line_items[0].description");
  EXPECT_EQ(fields.back(), "") << "the last entry counts the violations not listed";
  EXPECT_LE(status.error_details().size(), 3072u);
  EXPECT_LE(status.error_message().size(), 515u);
}

// Issue 8 item 7: ids are checked for shape before any lookup, and never
// echoed whole.
TEST_P(InvoiceServiceTest, MalformedIdsAreRefusedBeforeTheLookup) {
  const std::string huge(900'000, 'c');
  v1::Invoice out;
  grpc::Status status = client_.CreateInvoice(Draft(huge), &out);
  EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(status), ElementsAre("customer_id"));
  EXPECT_LT(status.error_message().size() + status.error_details().size(), 1024u);

  for (const std::string& id : {huge, std::string("inv_a/b"), std::string("cus_123")}) {
    grpc::Status get = client_.GetInvoice(id, &out);
    EXPECT_EQ(ErrorReason(get), "VALIDATION_ERROR") << id.substr(0, 10);
    EXPECT_THAT(ViolatedFields(get), ElementsAre("invoice_id"));
    EXPECT_THAT(ViolatedFields(client_.ProcessInvoice(id, &out)), ElementsAre("invoice_id"));
    EXPECT_THAT(ViolatedFields(client_.DeleteInvoice(id)), ElementsAre("invoice_id"));
    EXPECT_LT(get.error_message().size(), 200u);
  }

  v1::ListInvoicesRequest filter;
  filter.set_customer_id(huge);
  v1::ListInvoicesResponse list;
  EXPECT_THAT(ViolatedFields(client_.ListInvoices(filter, &list)), ElementsAre("customer_id"));
}

TEST_P(InvoiceServiceTest, ListFiltersByCustomerAndStatus) {
  v1::Customer a = client_.MustCreateCustomer();
  v1::Customer b = client_.MustCreateCustomer();
  v1::Invoice a1 = client_.MustCreateInvoice(a.id(), "10.00");
  v1::Invoice a2 = client_.MustCreateInvoice(a.id(), "20.00");
  client_.MustCreateInvoice(b.id(), "30.00");
  v1::Invoice processed;
  ASSERT_TRUE(client_.ProcessInvoice(a2.id(), &processed).ok());

  v1::ListInvoicesRequest by_customer;
  by_customer.set_customer_id(a.id());
  v1::ListInvoicesResponse list;
  ASSERT_TRUE(client_.ListInvoices(by_customer, &list).ok());
  ASSERT_EQ(list.invoices_size(), 2);
  EXPECT_EQ(list.invoices(0).id(), a1.id());
  EXPECT_EQ(list.total_items(), 2);

  v1::ListInvoicesRequest pending = by_customer;
  pending.set_status(v1::INVOICE_STATUS_PENDING);
  ASSERT_TRUE(client_.ListInvoices(pending, &list).ok());
  ASSERT_EQ(list.invoices_size(), 1);
  EXPECT_EQ(list.invoices(0).id(), a2.id());

  v1::ListInvoicesRequest all;
  ASSERT_TRUE(client_.ListInvoices(all, &list).ok());
  EXPECT_EQ(list.total_items(), 3);

  v1::ListInvoicesRequest ghost;
  ghost.set_customer_id("cus_ghost");
  EXPECT_EQ(ErrorReason(client_.ListInvoices(ghost, &list)), "CUSTOMER_NOT_FOUND");

  v1::ListInvoicesRequest bogus_status;
  bogus_status.set_status(static_cast<v1::InvoiceStatus>(42));
  grpc::Status refused = client_.ListInvoices(bogus_status, &list);
  EXPECT_THAT(ViolatedFields(refused), ElementsAre("status"));
}

TEST_P(InvoiceServiceTest, PageTokensWalkAFilteredListWithItsPagingRight) {
  v1::Customer a = client_.MustCreateCustomer();
  v1::Customer b = client_.MustCreateCustomer();
  std::vector<std::string> created;
  for (int i = 0; i < 5; ++i) {
    created.push_back(client_.MustCreateInvoice(a.id(), "10.00").id());
    client_.MustCreateInvoice(b.id(), "10.00");
  }
  v1::ListInvoicesRequest request;
  request.set_customer_id(a.id());
  request.set_page_size(2);
  std::vector<std::string> walked;
  std::vector<int> pages;
  while (true) {
    v1::ListInvoicesResponse list;
    ASSERT_TRUE(client_.ListInvoices(request, &list).ok());
    for (const v1::Invoice& invoice : list.invoices()) walked.push_back(invoice.id());
    pages.push_back(list.page());
    EXPECT_EQ(list.total_items(), 5);
    EXPECT_EQ(list.total_pages(), 3);
    if (list.next_page_token().empty()) break;
    request.set_page_token(list.next_page_token());
  }
  EXPECT_EQ(walked, created);
  EXPECT_THAT(pages, ElementsAre(1, 2, 3));

  // The token of one filter does not continue another.
  v1::ListInvoicesRequest first;
  first.set_customer_id(a.id());
  first.set_page_size(2);
  v1::ListInvoicesResponse list;
  ASSERT_TRUE(client_.ListInvoices(first, &list).ok());
  v1::ListInvoicesRequest other;
  other.set_customer_id(b.id());
  other.set_page_token(list.next_page_token());
  EXPECT_THAT(ViolatedFields(client_.ListInvoices(other, &list)), ElementsAre("page_token"));
  v1::ListInvoicesRequest garbage;
  garbage.set_page_token("bm90IGEgdG9rZW4");
  EXPECT_THAT(ViolatedFields(client_.ListInvoices(garbage, &list)), ElementsAre("page_token"));
}

TEST_P(InvoiceServiceTest, ProcessMovesToPendingAndRecordsReceivableAndNotification) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice draft = client_.MustCreateInvoice(customer.id(), "125.00");
  v1::Invoice pending;
  ASSERT_TRUE(client_.ProcessInvoice(draft.id(), &pending).ok());
  EXPECT_EQ(pending.status(), v1::INVOICE_STATUS_PENDING);
  EXPECT_TRUE(pending.has_process_time());

  auto [ledger, outbox] = Effects(draft.id());
  ASSERT_EQ(ledger.size(), 1u);
  EXPECT_EQ(ledger[0].amount, 12500);
  EXPECT_EQ(ledger[0].customer_id, customer.id());
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].topic, "invoice.send");
  EXPECT_THAT(outbox[0].payload, ::testing::HasSubstr(draft.id()));

  grpc::Status again = client_.ProcessInvoice(draft.id(), &pending);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(again), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(Effects(draft.id()).first.size(), 1u) << "a refused process records nothing";
}

TEST_P(InvoiceServiceTest, AFailedProcessLeavesTheInvoiceAsItWas) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice draft = client_.MustCreateInvoice(customer.id(), "40.00");
  // Make the last step of the transaction (queuing the notification) fail.
  testing::ExecSql(
      server_.db_path(),
      GetParam() == testing::Backend::kSqlite
          ? "CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox_messages "
            "BEGIN SELECT RAISE(ABORT, 'outbox refused'); END;"
          : "CREATE FUNCTION refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS "
            "$$BEGIN RAISE EXCEPTION 'outbox refused'; END$$; "
            "CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox_messages "
            "FOR EACH ROW EXECUTE FUNCTION refuse_outbox();");

  v1::Invoice out;
  grpc::Status status = client_.ProcessInvoice(draft.id(), &out);
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.error_message(), ::testing::Not(::testing::HasSubstr("outbox refused")))
      << "internal detail must not reach the caller";

  v1::Invoice after;
  ASSERT_TRUE(client_.GetInvoice(draft.id(), &after).ok());
  EXPECT_EQ(after.status(), v1::INVOICE_STATUS_DRAFT);
  EXPECT_FALSE(after.has_process_time());
  EXPECT_TRUE(Effects(draft.id()).first.empty()) << "no receivable without the notification";
}

TEST_P(InvoiceServiceTest, LifecycleThroughPaymentAndCancellation) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice invoice = client_.MustCreateInvoice(customer.id(), "50.00");
  v1::Invoice out;
  ASSERT_TRUE(client_.ProcessInvoice(invoice.id(), &out).ok());

  v1::Invoice paid_patch;
  paid_patch.set_status(v1::INVOICE_STATUS_PAID);
  ASSERT_TRUE(client_.UpdateInvoice(invoice.id(), paid_patch, {"status"}, &out).ok());
  EXPECT_EQ(out.status(), v1::INVOICE_STATUS_PAID);
  EXPECT_TRUE(out.has_pay_time());
  EXPECT_EQ(Effects(invoice.id()).first.size(), 2u) << "invoiced, then paid";

  grpc::Status cancel_paid = client_.CancelInvoice(invoice.id(), &out);
  EXPECT_EQ(cancel_paid.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(cancel_paid), "INVALID_STATE_TRANSITION");

  v1::Invoice draft = client_.MustCreateInvoice(customer.id(), "5.00");
  ASSERT_TRUE(client_.CancelInvoice(draft.id(), &out).ok());
  EXPECT_EQ(out.status(), v1::INVOICE_STATUS_CANCELLED);
  EXPECT_TRUE(out.has_cancel_time());
  v1::Invoice back_to_draft;
  back_to_draft.set_status(v1::INVOICE_STATUS_DRAFT);
  EXPECT_EQ(ErrorReason(client_.UpdateInvoice(draft.id(), back_to_draft, {"status"}, &out)),
            "INVALID_STATE_TRANSITION");

  v1::Invoice no_status;
  grpc::Status unspecified = client_.UpdateInvoice(draft.id(), no_status, {"status"}, &out);
  EXPECT_THAT(ViolatedFields(unspecified), ElementsAre("status"));
}

TEST_P(InvoiceServiceTest, OnlyDraftsChangeMoneyButNotesChangeAnyTime) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice invoice = client_.MustCreateInvoice(customer.id(), "50.00");
  v1::Invoice out;

  v1::Invoice patch;
  patch.set_amount("60.00");
  ASSERT_TRUE(client_.UpdateInvoice(invoice.id(), patch, {"amount"}, &out).ok());
  EXPECT_EQ(out.amount(), "60.00");

  ASSERT_TRUE(client_.ProcessInvoice(invoice.id(), &out).ok());
  grpc::Status refused = client_.UpdateInvoice(invoice.id(), patch, {"amount"}, &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(refused), "INVOICE_NOT_EDITABLE");

  v1::Invoice notes;
  notes.set_notes("paid by wire on the 3rd");
  ASSERT_TRUE(client_.UpdateInvoice(invoice.id(), notes, {"notes"}, &out).ok());
  EXPECT_EQ(out.notes(), "paid by wire on the 3rd");
  EXPECT_EQ(out.amount(), "60.00");

  v1::Invoice due;
  due.set_due_date("2027-01-15");
  ASSERT_TRUE(client_.UpdateInvoice(invoice.id(), due, {"due_date"}, &out).ok());
  EXPECT_EQ(out.due_date(), "2027-01-15");

  EXPECT_THAT(ViolatedFields(client_.UpdateInvoice(invoice.id(), due, {}, &out)),
              ElementsAre("update_mask"));
}

TEST_P(InvoiceServiceTest, ReplaceAndDeleteOnlyDrafts) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice invoice = client_.MustCreateInvoice(customer.id(), "50.00");
  v1::Invoice out;
  ASSERT_TRUE(client_.ReplaceInvoice(invoice.id(), Draft(customer.id()), &out).ok());
  EXPECT_EQ(out.id(), invoice.id());
  EXPECT_EQ(out.amount(), "30.50");
  EXPECT_EQ(out.line_items_size(), 2);

  EXPECT_EQ(ErrorReason(client_.ReplaceInvoice("inv_ghost", Draft(customer.id()), &out)),
            "INVOICE_NOT_FOUND");

  ASSERT_TRUE(client_.ProcessInvoice(invoice.id(), &out).ok());
  grpc::Status replace = client_.ReplaceInvoice(invoice.id(), Draft(customer.id()), &out);
  EXPECT_EQ(ErrorReason(replace), "INVOICE_NOT_EDITABLE");
  grpc::Status remove = client_.DeleteInvoice(invoice.id());
  EXPECT_EQ(remove.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(remove), "INVOICE_NOT_EDITABLE");
  EXPECT_TRUE(client_.GetInvoice(invoice.id(), &out).ok());

  v1::Invoice draft = client_.MustCreateInvoice(customer.id(), "1.00");
  ASSERT_TRUE(client_.DeleteInvoice(draft.id()).ok());
  EXPECT_EQ(ErrorReason(client_.GetInvoice(draft.id(), &out)), "INVOICE_NOT_FOUND");
}

INSTANTIATE_TEST_SUITE_P(Backends, InvoiceServiceTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
