// Invoice numbers over a real gRPC server, on SQLite and PostgreSQL: given
// in the transaction that processes, per account, sequential, gap-free,
// unique in the database, and found again by number.
#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "app/document_numbers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::billing::testing::UnthrottledOptions;
using ::billing::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class InvoiceNumbersTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  std::string Processed(const std::string& customer_id) {
    v1::Invoice processed;
    EXPECT_TRUE(client_.ProcessInvoice(client_.MustCreateInvoice(customer_id, "10.00").id(),
                                       &processed)
                    .ok());
    return processed.number();
  }

  TestServer server_{GetParam(), UnthrottledOptions()};
  BillingClient client_{server_.channel(), server_.authorization()};
};

TEST_P(InvoiceNumbersTest, ProcessingGivesTheNextNumberAndADraftHasNone) {
  const std::string customer = client_.MustCreateCustomer().id();
  v1::Invoice draft = client_.MustCreateInvoice(customer, "10.00");
  EXPECT_EQ(draft.number(), "");
  v1::Invoice processed;
  ASSERT_TRUE(client_.ProcessInvoice(draft.id(), &processed).ok());
  EXPECT_EQ(processed.number(), "INV-000001");
  v1::Invoice fetched;
  ASSERT_TRUE(client_.GetInvoice(draft.id(), &fetched).ok());
  EXPECT_EQ(fetched.number(), "INV-000001") << "the number is stored, not just answered";
  EXPECT_EQ(Processed(customer), "INV-000002");
}

TEST_P(InvoiceNumbersTest, DeletedDraftsAndRefusedProcessingUseUpNoNumber) {
  const std::string customer = client_.MustCreateCustomer().id();
  EXPECT_EQ(Processed(customer), "INV-000001");
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client_.DeleteInvoice(client_.MustCreateInvoice(customer, "1.00").id()).ok());
  }
  v1::Invoice again;
  v1::ListInvoicesRequest all;
  v1::ListInvoicesResponse listed;
  ASSERT_TRUE(client_.ListInvoices(all, &listed).ok());
  // Processing a pending invoice again is refused and takes no number.
  EXPECT_EQ(ErrorReason(client_.ProcessInvoice(listed.invoices(0).id(), &again)),
            "INVALID_STATE_TRANSITION");
  EXPECT_EQ(Processed(customer), "INV-000002");
}

TEST_P(InvoiceNumbersTest, CancellingKeepsTheNumber) {
  const std::string customer = client_.MustCreateCustomer().id();
  v1::Invoice invoice = client_.MustCreateInvoice(customer, "10.00");
  v1::Invoice processed, cancelled;
  ASSERT_TRUE(client_.ProcessInvoice(invoice.id(), &processed).ok());
  ASSERT_TRUE(client_.CancelInvoice(invoice.id(), &cancelled).ok());
  EXPECT_EQ(cancelled.number(), "INV-000001");
  EXPECT_EQ(Processed(customer), "INV-000002") << "a cancelled invoice's number is not reused";
}

TEST_P(InvoiceNumbersTest, ThirtyTwoConcurrentProcessesGetThirtyTwoConsecutiveNumbers) {
  const std::string customer = client_.MustCreateCustomer().id();
  std::vector<std::string> ids;
  for (int i = 0; i < 32; ++i) ids.push_back(client_.MustCreateInvoice(customer, "1.00").id());
  std::vector<std::string> numbers(ids.size());
  std::vector<grpc::Status> statuses(ids.size());
  std::vector<std::thread> callers;
  for (size_t i = 0; i < ids.size(); ++i) {
    callers.emplace_back([&, i] {
      BillingClient own(server_.channel(), server_.authorization());
      v1::Invoice out;
      statuses[i] = own.ProcessInvoice(ids[i], &out);
      numbers[i] = out.number();
    });
  }
  for (std::thread& caller : callers) caller.join();
  for (const grpc::Status& status : statuses) ASSERT_TRUE(status.ok()) << status.error_message();
  std::sort(numbers.begin(), numbers.end());
  std::vector<std::string> expected;
  for (int i = 1; i <= 32; ++i) expected.push_back(absl::StrFormat("INV-%06d", i));
  EXPECT_EQ(numbers, expected);
}

TEST_P(InvoiceNumbersTest, NumbersArePerAccount) {
  const std::string customer = client_.MustCreateCustomer().id();
  EXPECT_EQ(Processed(customer), "INV-000001");
  BillingClient other(server_.channel(),
                      "Apikey " + server_.CreateApiKey(
                          "acct_other", {std::begin(auth::kAllScopes), std::end(auth::kAllScopes)}));
  const std::string theirs = other.MustCreateCustomer().id();
  v1::Invoice processed;
  ASSERT_TRUE(other.ProcessInvoice(other.MustCreateInvoice(theirs, "5.00").id(), &processed).ok());
  EXPECT_EQ(processed.number(), "INV-000001");
}

TEST_P(InvoiceNumbersTest, AnAccountsPrefixAppliesToNumbersIssuedAfterIt) {
  const std::string customer = client_.MustCreateCustomer().id();
  EXPECT_EQ(Processed(customer), "INV-000001");
  app::DocumentNumbers numbering(server_.server().store());
  ASSERT_THAT(numbering.SetPrefix(TestServer::kAccount, domain::DocumentKind::kInvoice, "ACME-"),
              testing::IsOk());
  EXPECT_EQ(Processed(customer), "ACME-000002") << "the sequence carries on";
  EXPECT_THAT(numbering.SetPrefix(TestServer::kAccount, domain::DocumentKind::kInvoice, "AB 1"),
              testing::HasErrorCode(domain::ErrorCode::kValidationError));
}

TEST_P(InvoiceNumbersTest, InvoicesAreFoundByNumber) {
  const std::string customer = client_.MustCreateCustomer().id();
  Processed(customer);
  const std::string second = Processed(customer);
  v1::ListInvoicesRequest request;
  request.set_number(second);
  v1::ListInvoicesResponse found;
  ASSERT_TRUE(client_.ListInvoices(request, &found).ok());
  ASSERT_EQ(found.invoices_size(), 1);
  EXPECT_EQ(found.invoices(0).number(), "INV-000002");
  EXPECT_EQ(found.total_items(), 1);

  request.set_number("INV-000099");
  ASSERT_TRUE(client_.ListInvoices(request, &found).ok());
  EXPECT_THAT(found.invoices(), IsEmpty());

  request.set_number("INV-2");  // not a spelling numbers are issued in
  grpc::Status refused = client_.ListInvoices(request, &found);
  EXPECT_EQ(ErrorReason(refused), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(refused), ElementsAre("number"));
}

TEST_P(InvoiceNumbersTest, TheDatabaseRefusesADuplicateNumber) {
  const std::string customer = client_.MustCreateCustomer().id();
  Processed(customer);
  const std::string second = client_.MustCreateInvoice(customer, "3.00").id();
  // Storage writing a taken number (a bug the unique index must catch).
  absl::Status status = server_.server().store().Write([&](app::Transaction& tx) -> absl::Status {
    absl::StatusOr<domain::Invoice> invoice = tx.invoices().Get(TestServer::kAccount, second);
    if (!invoice.ok()) return invoice.status();
    invoice->number = "INV-000001";
    return tx.invoices().Update(*invoice);
  });
  EXPECT_THAT(status, testing::HasErrorCode(domain::ErrorCode::kAlreadyExists));
}

INSTANTIATE_TEST_SUITE_P(Backends, InvoiceNumbersTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
