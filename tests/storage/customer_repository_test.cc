// Customers in SQLite: round trip, uniqueness, not-found codes, tenancy,
// paging, and the rule that a customer with invoices stays.

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "app/ports/store.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using domain::Customer;
using domain::ErrorCode;
using testing::At;
using testing::CodeOf;
using testing::MakeCustomer;
using testing::MakeInvoice;
using testing::ReadResult;

class CustomerRepositoryTest : public testing::StoreTest {
 protected:
  absl::Status Insert(const Customer& customer) {
    return store_->Write([&](app::Transaction& t) { return t.customers().Insert(customer); });
  }
  absl::StatusOr<Customer> Get(const std::string& account, const std::string& id) {
    return ReadResult(*store_, [&](app::Transaction& t) { return t.customers().Get(account, id); });
  }
  absl::StatusOr<domain::Page<Customer>> List(const std::string& account, int page, int size) {
    return ReadResult(*store_, [&](app::Transaction& t) {
      return t.customers().List(account, domain::PageRequest{.page = page, .page_size = size});
    });
  }
  static std::vector<std::string> Ids(const domain::Page<Customer>& page) {
    std::vector<std::string> ids;
    for (const Customer& customer : page.items) ids.push_back(customer.id);
    return ids;
  }
};

void ExpectSameCustomer(const Customer& actual, const Customer& expected) {
  EXPECT_EQ(actual.account_id, expected.account_id);
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.name, expected.name);
  EXPECT_EQ(actual.email, expected.email);
  EXPECT_EQ(actual.default_currency, expected.default_currency);
  EXPECT_EQ(actual.create_time, expected.create_time);
  EXPECT_EQ(actual.update_time, expected.update_time);
}

TEST_P(CustomerRepositoryTest, InsertedCustomerReadsBackIdentically) {
  Customer customer = MakeCustomer("acct_1", "cus_1", At(0));
  customer.name = "Zoë O'Brien; DROP TABLE customers";  // quotes and UTF-8 survive
  customer.update_time = At(60);
  ASSERT_OK(Insert(customer));
  absl::StatusOr<Customer> read = Get("acct_1", "cus_1");
  ASSERT_OK(read.status());
  ExpectSameCustomer(*read, customer);
}

TEST_P(CustomerRepositoryTest, MissingCustomerIsCustomerNotFound) {
  absl::StatusOr<Customer> read = Get("acct_1", "cus_nope");
  EXPECT_EQ(CodeOf(read.status()), ErrorCode::kCustomerNotFound);
  EXPECT_EQ(read.status().message(), "customer cus_nope not found");
}

TEST_P(CustomerRepositoryTest, TakenIdIsAlreadyExistsAndKeepsTheOriginal) {
  ASSERT_OK(Insert(MakeCustomer("acct_1", "cus_1", At(0))));
  Customer impostor = MakeCustomer("acct_1", "cus_1", At(5));
  impostor.name = "Impostor";
  absl::Status status = Insert(impostor);
  EXPECT_EQ(CodeOf(status), ErrorCode::kAlreadyExists);
  EXPECT_EQ(status.message(), "customer cus_1 already exists");
  EXPECT_EQ(Get("acct_1", "cus_1")->name, "Ada Lovelace");
}

TEST_P(CustomerRepositoryTest, SameIdInTwoAccountsAreTwoCustomers) {
  Customer in_a = MakeCustomer("acct_a", "cus_1", At(0));
  Customer in_b = MakeCustomer("acct_b", "cus_1", At(1));
  in_b.name = "Grace Hopper";
  ASSERT_OK(Insert(in_a));
  ASSERT_OK(Insert(in_b));
  EXPECT_EQ(Get("acct_a", "cus_1")->name, "Ada Lovelace");
  EXPECT_EQ(Get("acct_b", "cus_1")->name, "Grace Hopper");
  EXPECT_EQ(CodeOf(Get("acct_c", "cus_1").status()), ErrorCode::kCustomerNotFound);

  ASSERT_OK(store_->Write([](app::Transaction& t) { return t.customers().Delete("acct_a", "cus_1"); }));
  EXPECT_EQ(CodeOf(Get("acct_a", "cus_1").status()), ErrorCode::kCustomerNotFound);
  EXPECT_EQ(Get("acct_b", "cus_1")->name, "Grace Hopper");
}

TEST_P(CustomerRepositoryTest, ListShowsOnlyTheAccountsOwnCustomers) {
  ASSERT_OK(Insert(MakeCustomer("acct_a", "cus_1", At(0))));
  ASSERT_OK(Insert(MakeCustomer("acct_b", "cus_2", At(1))));
  ASSERT_OK(Insert(MakeCustomer("acct_a", "cus_3", At(2))));
  absl::StatusOr<domain::Page<Customer>> page = List("acct_a", 1, 20);
  ASSERT_OK(page.status());
  EXPECT_EQ(Ids(*page), (std::vector<std::string>{"cus_1", "cus_3"}));
  EXPECT_EQ(page->total_items, 2);
}

TEST_P(CustomerRepositoryTest, UpdateRewritesFieldsButNotCreationTime) {
  ASSERT_OK(Insert(MakeCustomer("acct_1", "cus_1", At(0))));
  Customer changed = MakeCustomer("acct_1", "cus_1", At(999));  // create_time must not move
  changed.name = "Ada King";
  changed.email = "ada@king.example";
  changed.default_currency = "GBP";
  changed.update_time = At(100);
  ASSERT_OK(store_->Write([&](app::Transaction& t) { return t.customers().Update(changed); }));
  absl::StatusOr<Customer> read = Get("acct_1", "cus_1");
  ASSERT_OK(read.status());
  EXPECT_EQ(read->name, "Ada King");
  EXPECT_EQ(read->email, "ada@king.example");
  EXPECT_EQ(read->default_currency, "GBP");
  EXPECT_EQ(read->update_time, At(100));
  EXPECT_EQ(read->create_time, At(0));
}

// The customer's ask for e-invoices survives insert, update and list.
TEST_P(CustomerRepositoryTest, AttachEInvoiceIsStoredAndRewritten) {
  Customer customer = MakeCustomer("acct_1", "cus_1", At(0));
  customer.invoice_delivery.attach_e_invoice = true;
  ASSERT_OK(Insert(customer));
  absl::StatusOr<Customer> read = Get("acct_1", "cus_1");
  ASSERT_OK(read.status());
  EXPECT_TRUE(read->invoice_delivery.attach_e_invoice);
  absl::StatusOr<domain::Page<Customer>> listed = List("acct_1", 1, 10);
  ASSERT_OK(listed.status());
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_TRUE(listed->items[0].invoice_delivery.attach_e_invoice);

  customer.invoice_delivery.attach_e_invoice = false;
  ASSERT_OK(store_->Write([&](app::Transaction& t) { return t.customers().Update(customer); }));
  read = Get("acct_1", "cus_1");
  ASSERT_OK(read.status());
  EXPECT_FALSE(read->invoice_delivery.attach_e_invoice);
}

TEST_P(CustomerRepositoryTest, UpdateOfAMissingCustomerIsNotFoundAndCreatesNothing) {
  ASSERT_OK(Insert(MakeCustomer("acct_a", "cus_1", At(0))));
  // Same id, other account: not this account's customer.
  absl::Status status = store_->Write(
      [](app::Transaction& t) { return t.customers().Update(MakeCustomer("acct_b", "cus_1", At(0))); });
  EXPECT_EQ(CodeOf(status), ErrorCode::kCustomerNotFound);
  EXPECT_EQ(CodeOf(Get("acct_b", "cus_1").status()), ErrorCode::kCustomerNotFound);
}

TEST_P(CustomerRepositoryTest, DeleteRemovesAndASecondDeleteIsNotFound) {
  ASSERT_OK(Insert(MakeCustomer("acct_1", "cus_1", At(0))));
  ASSERT_OK(store_->Write([](app::Transaction& t) { return t.customers().Delete("acct_1", "cus_1"); }));
  EXPECT_EQ(CodeOf(Get("acct_1", "cus_1").status()), ErrorCode::kCustomerNotFound);
  absl::Status again =
      store_->Write([](app::Transaction& t) { return t.customers().Delete("acct_1", "cus_1"); });
  EXPECT_EQ(CodeOf(again), ErrorCode::kCustomerNotFound);
}

TEST_P(CustomerRepositoryTest, CustomerWithInvoicesCannotBeDeleted) {
  ASSERT_OK(Insert(MakeCustomer("acct_1", "cus_1", At(0))));
  ASSERT_OK(store_->Write([](app::Transaction& t) {
    return t.invoices().Insert(MakeInvoice("acct_1", "inv_1", "cus_1", At(1)));
  }));
  absl::Status status =
      store_->Write([](app::Transaction& t) { return t.customers().Delete("acct_1", "cus_1"); });
  EXPECT_EQ(CodeOf(status), ErrorCode::kCustomerHasInvoices);
  EXPECT_OK(Get("acct_1", "cus_1").status());

  // Once the invoice is gone the customer may go.
  ASSERT_OK(store_->Write([](app::Transaction& t) { return t.invoices().Delete("acct_1", "inv_1"); }));
  EXPECT_OK(store_->Write([](app::Transaction& t) { return t.customers().Delete("acct_1", "cus_1"); }));
}

TEST_P(CustomerRepositoryTest, PagesFollowCreationOrderThenIdAndReportTheTotal) {
  // Inserted out of order; cus_b and cus_a share a creation time.
  ASSERT_OK(Insert(MakeCustomer("acct_1", "cus_e", At(4))));
  ASSERT_OK(Insert(MakeCustomer("acct_1", "cus_b", At(1))));
  ASSERT_OK(Insert(MakeCustomer("acct_1", "cus_c", At(0))));
  ASSERT_OK(Insert(MakeCustomer("acct_1", "cus_a", At(1))));
  ASSERT_OK(Insert(MakeCustomer("acct_1", "cus_d", At(3))));

  absl::StatusOr<domain::Page<Customer>> first = List("acct_1", 1, 2);
  absl::StatusOr<domain::Page<Customer>> second = List("acct_1", 2, 2);
  absl::StatusOr<domain::Page<Customer>> third = List("acct_1", 3, 2);
  absl::StatusOr<domain::Page<Customer>> beyond = List("acct_1", 4, 2);
  ASSERT_OK(first.status());
  ASSERT_OK(second.status());
  ASSERT_OK(third.status());
  ASSERT_OK(beyond.status());
  EXPECT_EQ(Ids(*first), (std::vector<std::string>{"cus_c", "cus_a"}));
  EXPECT_EQ(Ids(*second), (std::vector<std::string>{"cus_b", "cus_d"}));
  EXPECT_EQ(Ids(*third), (std::vector<std::string>{"cus_e"}));
  EXPECT_TRUE(beyond->items.empty());
  EXPECT_EQ(first->total_items, 5);
  EXPECT_EQ(first->total_pages(), 3);
  EXPECT_EQ(beyond->total_items, 5);
  EXPECT_EQ(second->request.page, 2);

  // Continuing after page 1's last customer gives page 2, without an offset.
  ASSERT_TRUE(first->next.has_value());
  absl::StatusOr<domain::Page<Customer>> after = ReadResult(*store_, [&](app::Transaction& t) {
    return t.customers().List(
        "acct_1", domain::PageRequest{.page = 2, .page_size = 2, .after = first->next, .skipped = 2});
  });
  ASSERT_OK(after.status());
  EXPECT_EQ(Ids(*after), (std::vector<std::string>{"cus_b", "cus_d"}));
  EXPECT_FALSE(third->next.has_value());

  // The total follows a delete.
  ASSERT_OK(store_->Write([](app::Transaction& t) { return t.customers().Delete("acct_1", "cus_a"); }));
  EXPECT_EQ(List("acct_1", 1, 2)->total_items, 4);
}

INSTANTIATE_TEST_SUITE_P(Backends, CustomerRepositoryTest,
                         ::testing::Values(billing::testing::Backend::kSqlite,
                                           billing::testing::Backend::kPostgres),
                         billing::testing::BackendName);

}  // namespace
}  // namespace billing::storage
