// CustomerService over a real gRPC channel to a real server and SQLite file.
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::ErrorDomain;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::billing::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

v1::Customer Acme() {
  v1::Customer customer;
  customer.set_name("Acme Corp");
  customer.set_email("billing@acme.example");
  customer.set_default_currency("USD");
  return customer;
}

class CustomerServiceTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  TestServer server_{GetParam()};
  BillingClient client_{server_.channel(), server_.authorization()};
};

TEST_P(CustomerServiceTest, CreateReturnsTheStoredCustomerWithAnOpaqueId) {
  v1::Customer created;
  ASSERT_TRUE(client_.CreateCustomer(Acme(), &created).ok());
  EXPECT_THAT(created.id(), StartsWith("cus_"));
  EXPECT_GE(created.id().size(), 4u + 16u);  // >= 80 random bits, base32
  EXPECT_EQ(created.name(), "Acme Corp");
  EXPECT_EQ(created.default_currency(), "USD");
  EXPECT_GT(created.create_time().seconds(), 0);

  v1::Customer fetched;
  ASSERT_TRUE(client_.GetCustomer(created.id(), &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), created.SerializeAsString());

  v1::Customer other;
  ASSERT_TRUE(client_.CreateCustomer(Acme(), &other).ok());
  EXPECT_NE(other.id(), created.id());
}

TEST_P(CustomerServiceTest, InvalidFieldsAreAllNamedInOneError) {
  v1::Customer customer = Acme();
  customer.set_name("");
  customer.set_email("not-an-email");
  customer.set_default_currency("usd");
  v1::Customer out;
  grpc::Status status = client_.CreateCustomer(customer, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
  EXPECT_EQ(ErrorDomain(status), "billing.v1");
  EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("name", "email", "default_currency"));

  v1::ListCustomersResponse list;
  ASSERT_TRUE(client_.ListCustomers(0, 0, &list).ok());
  EXPECT_EQ(list.total_items(), 0) << "a refused create must store nothing";
}

TEST_P(CustomerServiceTest, CallerChosenIdIsKeptAndATakenOneIsAConflict) {
  v1::Customer customer = Acme();
  customer.set_id("crm-42");
  v1::Customer created;
  ASSERT_TRUE(client_.CreateCustomer(customer, &created).ok());
  EXPECT_EQ(created.id(), "crm-42");

  grpc::Status again = client_.CreateCustomer(customer, &created);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ErrorReason(again), "ALREADY_EXISTS");

  customer.set_id("has space");
  grpc::Status bad = client_.CreateCustomer(customer, &created);
  EXPECT_EQ(ErrorReason(bad), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(bad), ElementsAre("customer_id"));
}

TEST_P(CustomerServiceTest, GetOfAnUnknownIdIsNotFound) {
  v1::Customer out;
  grpc::Status status = client_.GetCustomer("cus_doesnotexist", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ErrorReason(status), "CUSTOMER_NOT_FOUND");
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("cus_doesnotexist"));

  grpc::Status empty_id = client_.GetCustomer("", &out);
  EXPECT_EQ(empty_id.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(empty_id), ElementsAre("customer_id"));
}

TEST_P(CustomerServiceTest, ListPagesWithTotals) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    v1::Customer created;
    ASSERT_TRUE(client_.CreateCustomer(Acme(), &created).ok());
    ids.push_back(created.id());
  }
  v1::ListCustomersResponse first;
  ASSERT_TRUE(client_.ListCustomers(1, 2, &first).ok());
  ASSERT_EQ(first.customers_size(), 2);
  EXPECT_EQ(first.customers(0).id(), ids[0]) << "oldest first";
  EXPECT_EQ(first.total_items(), 5);
  EXPECT_EQ(first.total_pages(), 3);
  EXPECT_EQ(first.page(), 1);
  EXPECT_EQ(first.page_size(), 2);

  v1::ListCustomersResponse last;
  ASSERT_TRUE(client_.ListCustomers(3, 2, &last).ok());
  ASSERT_EQ(last.customers_size(), 1);
  EXPECT_EQ(last.customers(0).id(), ids[4]);

  v1::ListCustomersResponse beyond;
  ASSERT_TRUE(client_.ListCustomers(4, 2, &beyond).ok());
  EXPECT_EQ(beyond.customers_size(), 0);
  EXPECT_EQ(beyond.total_items(), 5);

  v1::ListCustomersResponse defaults;
  ASSERT_TRUE(client_.ListCustomers(0, 0, &defaults).ok());
  EXPECT_EQ(defaults.page(), 1);
  EXPECT_EQ(defaults.page_size(), 20);

  grpc::Status too_big = client_.ListCustomers(1, 101, &defaults);
  EXPECT_EQ(ErrorReason(too_big), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(too_big), ElementsAre("page_size"));
  grpc::Status negative = client_.ListCustomers(-1, 10, &defaults);
  EXPECT_THAT(ViolatedFields(negative), ElementsAre("page"));
}

TEST_P(CustomerServiceTest, ReplaceCreatesUnderTheCallersIdThenReplaces) {
  v1::ReplaceCustomerResponse first;
  ASSERT_TRUE(client_.ReplaceCustomer("erp_7", Acme(), &first).ok());
  EXPECT_TRUE(first.created());
  EXPECT_EQ(first.customer().id(), "erp_7");

  v1::Customer renamed = Acme();
  renamed.set_name("Acme Holdings");
  renamed.set_default_currency("EUR");
  v1::ReplaceCustomerResponse second;
  ASSERT_TRUE(client_.ReplaceCustomer("erp_7", renamed, &second).ok());
  EXPECT_FALSE(second.created());
  EXPECT_EQ(second.customer().name(), "Acme Holdings");
  EXPECT_EQ(second.customer().default_currency(), "EUR");
  EXPECT_EQ(second.customer().create_time().seconds(), first.customer().create_time().seconds());

  v1::ReplaceCustomerResponse bad;
  grpc::Status status = client_.ReplaceCustomer(std::string(65, 'a'), Acme(), &bad);
  EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(status), ElementsAre("customer_id"));
}

TEST_P(CustomerServiceTest, UpdateChangesOnlyTheMaskedFields) {
  v1::Customer created;
  ASSERT_TRUE(client_.CreateCustomer(Acme(), &created).ok());
  v1::Customer patch;
  patch.set_email("ap@acme.example");
  patch.set_name("ignored because not in the mask");
  v1::Customer updated;
  ASSERT_TRUE(client_.UpdateCustomer(created.id(), patch, {"email"}, &updated).ok());
  EXPECT_EQ(updated.email(), "ap@acme.example");
  EXPECT_EQ(updated.name(), "Acme Corp");

  grpc::Status unknown_path = client_.UpdateCustomer(created.id(), patch, {"nickname"}, &updated);
  EXPECT_EQ(ErrorReason(unknown_path), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(unknown_path), ElementsAre("update_mask"));

  grpc::Status bad_value = client_.UpdateCustomer(created.id(), patch, {"default_currency"}, &updated);
  EXPECT_THAT(ViolatedFields(bad_value), ElementsAre("default_currency"));

  grpc::Status missing = client_.UpdateCustomer("cus_nope", patch, {"email"}, &updated);
  EXPECT_EQ(ErrorReason(missing), "CUSTOMER_NOT_FOUND");
}

// invoice_delivery.attach_e_invoice is stored, read back, patched by the
// field or the whole message, and cleared by a replace that omits it.
TEST_P(CustomerServiceTest, AttachEInvoiceIsKeptAndPatchable) {
  v1::Customer asks = Acme();
  asks.mutable_invoice_delivery()->set_attach_e_invoice(true);
  v1::Customer created;
  ASSERT_TRUE(client_.CreateCustomer(asks, &created).ok());
  v1::Customer read;
  ASSERT_TRUE(client_.GetCustomer(created.id(), &read).ok());
  EXPECT_TRUE(read.invoice_delivery().attach_e_invoice());

  v1::Customer patch;
  patch.set_name("Acme Ltd");
  v1::Customer updated;
  ASSERT_TRUE(client_.UpdateCustomer(created.id(), patch, {"name"}, &updated).ok());
  EXPECT_TRUE(updated.invoice_delivery().attach_e_invoice()) << "not in the mask";
  ASSERT_TRUE(client_
                  .UpdateCustomer(created.id(), patch, {"invoice_delivery.attach_e_invoice"},
                                  &updated)
                  .ok());
  ASSERT_TRUE(client_.GetCustomer(created.id(), &read).ok());
  EXPECT_FALSE(read.invoice_delivery().attach_e_invoice());
  patch.mutable_invoice_delivery()->set_attach_e_invoice(true);
  ASSERT_TRUE(client_.UpdateCustomer(created.id(), patch, {"invoice_delivery"}, &updated).ok());
  ASSERT_TRUE(client_.GetCustomer(created.id(), &read).ok());
  EXPECT_TRUE(read.invoice_delivery().attach_e_invoice());

  v1::ReplaceCustomerResponse replaced;
  ASSERT_TRUE(client_.ReplaceCustomer(created.id(), Acme(), &replaced).ok());
  EXPECT_FALSE(replaced.customer().invoice_delivery().attach_e_invoice());
}

// reminders_enabled (issue 22): true unless the customer opts out, kept by
// a PATCH that does not name it, and back to true by a replace without it.
TEST_P(CustomerServiceTest, RemindersEnabledDefaultsToTrueAndIsPatchable) {
  v1::Customer created;
  ASSERT_TRUE(client_.CreateCustomer(Acme(), &created).ok());
  EXPECT_TRUE(created.has_reminders_enabled());
  EXPECT_TRUE(created.reminders_enabled());

  v1::Customer patch;
  patch.set_reminders_enabled(false);
  v1::Customer updated;
  ASSERT_TRUE(client_.UpdateCustomer(created.id(), patch, {"reminders_enabled"}, &updated).ok());
  EXPECT_FALSE(updated.reminders_enabled());
  patch.set_name("Acme Ltd");
  patch.set_reminders_enabled(true);
  ASSERT_TRUE(client_.UpdateCustomer(created.id(), patch, {"name"}, &updated).ok());
  v1::Customer read;
  ASSERT_TRUE(client_.GetCustomer(created.id(), &read).ok());
  EXPECT_FALSE(read.reminders_enabled()) << "not in the mask: kept";
  EXPECT_EQ(read.name(), "Acme Ltd");

  v1::Customer opted_out = Acme();
  opted_out.set_reminders_enabled(false);
  v1::Customer second;
  ASSERT_TRUE(client_.CreateCustomer(opted_out, &second).ok());
  ASSERT_TRUE(client_.GetCustomer(second.id(), &read).ok());
  EXPECT_FALSE(read.reminders_enabled());

  v1::ReplaceCustomerResponse replaced;
  ASSERT_TRUE(client_.ReplaceCustomer(second.id(), Acme(), &replaced).ok());
  EXPECT_TRUE(replaced.customer().reminders_enabled()) << "left out of a replace: the default";
}

TEST_P(CustomerServiceTest, DeleteRemovesACustomerWithoutInvoicesOnly) {
  v1::Customer lonely;
  ASSERT_TRUE(client_.CreateCustomer(Acme(), &lonely).ok());
  ASSERT_TRUE(client_.DeleteCustomer(lonely.id()).ok());
  v1::Customer out;
  EXPECT_EQ(ErrorReason(client_.GetCustomer(lonely.id(), &out)), "CUSTOMER_NOT_FOUND");
  EXPECT_EQ(ErrorReason(client_.DeleteCustomer(lonely.id())), "CUSTOMER_NOT_FOUND");

  v1::Customer billed;
  ASSERT_TRUE(client_.CreateCustomer(Acme(), &billed).ok());
  client_.MustCreateInvoice(billed.id(), "10.00");

  grpc::Status refused = client_.DeleteCustomer(billed.id());
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(refused), "CUSTOMER_HAS_INVOICES");
  EXPECT_TRUE(client_.GetCustomer(billed.id(), &out).ok()) << "a refused delete must keep the customer";
}

INSTANTIATE_TEST_SUITE_P(Backends, CustomerServiceTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
