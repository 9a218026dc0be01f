// A customer's statement and balances over a real gRPC server, on SQLite
// and PostgreSQL: a hand-worked sequence, paging that carries the running
// balance on, and an invariant after random sequences of operations.
#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/money.h"
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
using ::testing::ElementsAre;

int64_t Minor(const std::string& amount, const std::string& currency) {
  return domain::ParseAmount(amount, domain::FindCurrency(currency).value()).value();
}

// Signed amounts too ("-5.00").
int64_t SignedMinor(const std::string& amount, const std::string& currency) {
  if (!amount.empty() && amount[0] == '-') return -Minor(amount.substr(1), currency);
  return Minor(amount, currency);
}

class CustomerStatementTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  std::vector<v1::LedgerEntry> WholeStatement(const std::string& customer_id) {
    std::vector<v1::LedgerEntry> all;
    for (int page = 1;; ++page) {
      v1::ListLedgerEntriesResponse listed;
      EXPECT_TRUE(client_.ListLedgerEntries(customer_id, page, 7, &listed).ok());
      all.insert(all.end(), listed.ledger_entries().begin(), listed.ledger_entries().end());
      if (page >= listed.total_pages()) return all;
    }
  }

  TestServer server_{GetParam(), UnthrottledOptions()};
  BillingClient client_{server_.channel(), server_.authorization()};
};

TEST_P(CustomerStatementTest, PayHalfCreditAQuarterPayTheRest) {
  const std::string customer = client_.MustCreateCustomer("USD").id();
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer, "100.00");
  v1::Payment payment;
  payment.set_method("bank_transfer");
  payment.set_amount("50.00");
  v1::Payment paid;
  ASSERT_TRUE(client_.CreatePayment(invoice.id(), payment, &paid).ok());
  v1::CreditNote note;
  note.set_amount("25.00");
  note.set_reason("product_unsatisfactory");
  v1::CreditNote credited;
  ASSERT_TRUE(client_.CreateCreditNote(invoice.id(), note, &credited).ok());
  payment.set_amount("25.00");
  v1::Payment rest;
  ASSERT_TRUE(client_.CreatePayment(invoice.id(), payment, &rest).ok());

  v1::ListLedgerEntriesResponse listed;
  ASSERT_TRUE(client_.ListLedgerEntries(customer, 0, 0, &listed).ok());
  std::vector<std::string> lines;
  for (const v1::LedgerEntry& e : listed.ledger_entries()) {
    lines.push_back(absl::StrFormat("%s %s %s %s", v1::LedgerEntryKind_Name(e.kind()),
                                    e.document_id(), e.amount(), e.running_balance()));
  }
  EXPECT_THAT(lines, ElementsAre("LEDGER_ENTRY_KIND_INVOICE " + invoice.id() + " 100.00 100.00",
                                 "LEDGER_ENTRY_KIND_PAYMENT " + paid.id() + " -50.00 50.00",
                                 "LEDGER_ENTRY_KIND_CREDIT_NOTE " + credited.id() +
                                     " -25.00 25.00",
                                 "LEDGER_ENTRY_KIND_PAYMENT " + rest.id() + " -25.00 0.00"));
  EXPECT_EQ(listed.ledger_entries(0).currency(), "USD");
  EXPECT_EQ(listed.ledger_entries(0).invoice_id(), invoice.id());

  // The second page of two carries the running balance on.
  ASSERT_TRUE(client_.ListLedgerEntries(customer, 2, 2, &listed).ok());
  ASSERT_EQ(listed.ledger_entries_size(), 2);
  EXPECT_EQ(listed.ledger_entries(0).running_balance(), "25.00");
  EXPECT_EQ(listed.total_items(), 4);

  v1::Customer shown;
  ASSERT_TRUE(client_.GetCustomer(customer, &shown).ok());
  ASSERT_EQ(shown.balances_size(), 1);
  EXPECT_EQ(shown.balances(0).currency(), "USD");
  EXPECT_EQ(shown.balances(0).amount(), "0.00");

  EXPECT_EQ(ErrorReason(client_.ListLedgerEntries("cus_missing", 1, 10, &listed)),
            "CUSTOMER_NOT_FOUND");
}

// Issue 18 item 2: cancelling after a credit reverses what was still due,
// and the invoice says so too: nothing due, as its ledger entries sum to.
TEST_P(CustomerStatementTest, ACancelledInvoiceOwesNothingAndAgreesWithItsLedger) {
  const std::string customer = client_.MustCreateCustomer("USD").id();
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer, "100.00");
  v1::CreditNote note;
  note.set_amount("30.00");
  note.set_reason("order_change");
  v1::CreditNote credited;
  ASSERT_TRUE(client_.CreateCreditNote(invoice.id(), note, &credited).ok());
  v1::Invoice cancelled;
  ASSERT_TRUE(client_.CancelInvoice(invoice.id(), &cancelled).ok());
  EXPECT_EQ(cancelled.status(), v1::INVOICE_STATUS_CANCELLED);
  EXPECT_EQ(cancelled.amount_due(), "0.00") << "a cancelled invoice asks for nothing";
  EXPECT_EQ(cancelled.amount_credited(), "30.00") << "the credit note stands";
  v1::Invoice fetched;
  ASSERT_TRUE(client_.GetInvoice(invoice.id(), &fetched).ok());
  EXPECT_EQ(fetched.amount_due(), "0.00");

  std::vector<std::string> lines;
  for (const v1::LedgerEntry& e : WholeStatement(customer)) {
    lines.push_back(absl::StrFormat("%s %s %s", v1::LedgerEntryKind_Name(e.kind()), e.amount(),
                                    e.running_balance()));
  }
  EXPECT_THAT(lines, ElementsAre("LEDGER_ENTRY_KIND_INVOICE 100.00 100.00",
                                 "LEDGER_ENTRY_KIND_CREDIT_NOTE -30.00 70.00",
                                 "LEDGER_ENTRY_KIND_CANCELLATION -70.00 0.00"));
  v1::Customer shown;
  ASSERT_TRUE(client_.GetCustomer(customer, &shown).ok());
  ASSERT_EQ(shown.balances_size(), 1);
  EXPECT_EQ(shown.balances(0).amount(), "0.00");
}

// After a random walk of processing, paying, crediting, cancelling and
// PATCHing to paid in two currencies (refusals included), the statement's
// entries sum to the balances, its last running balance is the balance, and
// the balance is what the invoices say is owed.
TEST_P(CustomerStatementTest, EntriesAlwaysSumToTheBalanceAfterRandomOperations) {
  std::mt19937_64 random(GetParam() == testing::Backend::kSqlite ? 12 : 34);
  auto uniform = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(random);
  };
  const std::string customer = client_.MustCreateCustomer("USD").id();
  std::vector<std::string> invoices;
  for (int step = 0; step < 80; ++step) {
    const int64_t op = invoices.empty() ? 0 : uniform(0, 5);
    if (op == 0) {
      v1::Invoice draft;
      draft.set_customer_id(customer);
      draft.set_currency(uniform(0, 1) ? "USD" : "JPY");
      draft.set_amount(absl::StrCat(uniform(1, 500)));
      draft.set_due_date("2099-12-31");
      v1::Invoice created, processed;
      ASSERT_TRUE(client_.CreateInvoice(draft, &created).ok());
      ASSERT_TRUE(client_.ProcessInvoice(created.id(), &processed).ok());
      invoices.push_back(created.id());
      continue;
    }
    const std::string& id = invoices[uniform(0, static_cast<int64_t>(invoices.size()) - 1)];
    grpc::Status status;
    if (op <= 2) {
      v1::Payment payment;
      payment.set_method("card");
      payment.set_amount(absl::StrCat(uniform(1, 200)));
      v1::Payment out;
      status = client_.CreatePayment(id, payment, &out);
    } else if (op == 3) {
      v1::CreditNote note;
      note.set_reason("other");
      note.set_amount(absl::StrCat(uniform(1, 200)));
      v1::CreditNote out;
      status = client_.CreateCreditNote(id, note, &out);
    } else if (op == 4) {
      v1::Invoice out;
      status = client_.CancelInvoice(id, &out);
    } else {
      v1::Invoice patch, out;
      patch.set_status(v1::INVOICE_STATUS_PAID);
      status = client_.UpdateInvoice(id, patch, {"status"}, &out);
    }
    // Refusals are part of the walk; anything else is a bug.
    if (!status.ok()) {
      EXPECT_THAT(ErrorReason(status),
                  ::testing::AnyOf("PAYMENT_EXCEEDS_AMOUNT_DUE", "INVOICE_NOT_PAYABLE",
                                   "CREDIT_EXCEEDS_INVOICE", "INVOICE_NOT_CREDITABLE",
                                   "INVOICE_HAS_PAYMENTS", "INVALID_STATE_TRANSITION"))
          << status.error_message();
    }
  }

  std::map<std::string, int64_t> summed, last_running, owed, by_invoice;
  for (const v1::LedgerEntry& e : WholeStatement(customer)) {
    summed[e.currency()] += SignedMinor(e.amount(), e.currency());
    by_invoice[e.invoice_id()] += SignedMinor(e.amount(), e.currency());
    last_running[e.currency()] = SignedMinor(e.running_balance(), e.currency());
    EXPECT_EQ(last_running[e.currency()], summed[e.currency()]) << e.ShortDebugString();
  }
  for (const std::string& id : invoices) {
    v1::Invoice invoice;
    ASSERT_TRUE(client_.GetInvoice(id, &invoice).ok());
    const std::string& c = invoice.currency();
    // Each invoice agrees with its own entries: what it says is due, less
    // what was paid or credited beyond its amount (owed back).
    const int64_t beyond = Minor(invoice.amount_paid(), c) + Minor(invoice.amount_credited(), c) -
                           Minor(invoice.amount(), c);
    const int64_t says = Minor(invoice.amount_due(), c) - std::max<int64_t>(beyond, 0);
    EXPECT_EQ(by_invoice[id], says) << invoice.ShortDebugString();
    owed[c] += says;
  }
  v1::Customer shown;
  ASSERT_TRUE(client_.GetCustomer(customer, &shown).ok());
  std::map<std::string, int64_t> balances;
  for (const v1::CustomerBalance& b : shown.balances()) {
    balances[b.currency()] = SignedMinor(b.amount(), b.currency());
  }
  EXPECT_EQ(balances, summed);
  EXPECT_EQ(balances, last_running);
  EXPECT_EQ(balances, owed);
}

INSTANTIATE_TEST_SUITE_P(Backends, CustomerStatementTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
