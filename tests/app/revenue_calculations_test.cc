// A revenue calculation never holds up writes, on SQLite and PostgreSQL: it
// reads from one snapshot outside any write transaction. The calculation is
// held in the middle of its scan (as a long one over a large table would
// be) while invoices are written; the writes complete meanwhile, and the
// stored result is the revenue of the snapshot, without them.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "api/resource_encoder.h"
#include "app/customers.h"
#include "app/invoices.h"
#include "app/revenue_calculations.h"
#include "gtest/gtest.h"
#include "tests/support/organization_seed.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_backend.h"

namespace billing {
namespace {

using ::billing::testing::IsOk;

// The store's invoices, except that the first scan for a report stops at
// its first invoice until released: a calculation caught mid-scan.
class HeldScanInvoices : public app::InvoiceRepository {
 public:
  HeldScanInvoices(app::InvoiceRepository& inner, absl::Notification& held,
                   absl::Notification& release, std::atomic<bool>& used)
      : inner_(inner), held_(held), release_(release), used_(used) {}
  absl::StatusOr<domain::Invoice> Get(std::string_view a, std::string_view id) override {
    return inner_.Get(a, id);
  }
  absl::Status Insert(const domain::Invoice& invoice) override { return inner_.Insert(invoice); }
  absl::Status Update(const domain::Invoice& invoice) override { return inner_.Update(invoice); }
  absl::Status SetStatusAndNumber(const domain::Invoice& invoice) override {
    return inner_.SetStatusAndNumber(invoice);
  }
  absl::Status Delete(std::string_view a, std::string_view id) override {
    return inner_.Delete(a, id);
  }
  absl::StatusOr<domain::Page<domain::Invoice>> List(std::string_view a,
                                                     const app::InvoiceFilter& filter,
                                                     const domain::PageRequest& page) override {
    return inner_.List(a, filter, page);
  }
  absl::StatusOr<std::vector<domain::Invoice>> ListProcessed(std::string_view a,
                                                             std::string_view c) override {
    return inner_.ListProcessed(a, c);
  }
  absl::StatusOr<std::optional<domain::Invoice>> ClaimDueEmail(absl::Time now,
                                                               absl::Time until) override {
    return inner_.ClaimDueEmail(now, until);
  }
  absl::StatusOr<std::vector<app::InvoiceKey>> ListOverdueEventCandidates(
      absl::CivilDay due_before, const std::optional<app::InvoiceKey>& after,
      int limit) override {
    return inner_.ListOverdueEventCandidates(due_before, after, limit);
  }
  absl::StatusOr<bool> ClaimOverdueEvent(std::string_view a, std::string_view id,
                                         absl::Time now) override {
    return inner_.ClaimOverdueEvent(a, id, now);
  }
  absl::Status ForEachProcessed(
      std::string_view a, std::string_view c,
      absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) override {
    return inner_.ForEachProcessed(a, c, Held(visit));
  }
  absl::Status ForEachRevenueInvoice(
      std::string_view a, std::string_view c,
      absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) override {
    return inner_.ForEachRevenueInvoice(a, c, Held(visit));
  }

 private:
  // `visit`, except that the first scan's first invoice waits for release.
  std::function<absl::Status(const domain::Invoice&)> Held(
      absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) {
    return [this, visit](const domain::Invoice& invoice) {
      if (!used_.exchange(true)) {
        held_.Notify();
        release_.WaitForNotificationWithTimeout(absl::Seconds(60));
      }
      return visit(invoice);
    };
  }

  app::InvoiceRepository& inner_;
  absl::Notification& held_;
  absl::Notification& release_;
  std::atomic<bool>& used_;
};

class HeldScanTransaction : public app::Transaction {
 public:
  HeldScanTransaction(app::Transaction& inner, absl::Notification& held,
                      absl::Notification& release, std::atomic<bool>& used)
      : inner_(inner), invoices_(inner.invoices(), held, release, used) {}
  app::CustomerRepository& customers() override { return inner_.customers(); }
  app::InvoiceRepository& invoices() override { return invoices_; }
  app::LedgerRepository& ledger() override { return inner_.ledger(); }
  app::OutboxRepository& outbox() override { return inner_.outbox(); }
  app::EventRepository& events() override { return inner_.events(); }
  app::WebhookRepository& webhooks() override { return inner_.webhooks(); }
  app::RevenueCalculationRepository& revenue_calculations() override {
    return inner_.revenue_calculations();
  }
  app::ApiKeyRepository& api_keys() override { return inner_.api_keys(); }
  app::IdempotencyRepository& idempotency() override { return inner_.idempotency(); }
  app::DocumentNumberRepository& document_numbers() override {
    return inner_.document_numbers();
  }
  app::PaymentRepository& payments() override { return inner_.payments(); }
  app::CreditNoteRepository& credit_notes() override { return inner_.credit_notes(); }
  app::OrganizationRepository& organizations() override { return inner_.organizations(); }
  app::TaxRateRepository& tax_rates() override { return inner_.tax_rates(); }
  app::InvoiceReminderRepository& invoice_reminders() override {
    return inner_.invoice_reminders();
  }

 private:
  app::Transaction& inner_;
  HeldScanInvoices invoices_;
};

// The revenue worker's view of the store: every transaction's report scan
// may be the one held.
class HeldScanStore : public app::Store {
 public:
  explicit HeldScanStore(app::Store& inner) : inner_(inner) {}
  absl::Status Write(Work work) override {
    return inner_.Write([&](app::Transaction& tx) {
      HeldScanTransaction held(tx, held_, release_, used_);
      return work(held);
    });
  }
  absl::Status Read(Work work) override {
    return inner_.Read([&](app::Transaction& tx) {
      HeldScanTransaction held(tx, held_, release_, used_);
      return work(held);
    });
  }
  absl::Status CheckHealth() override { return inner_.CheckHealth(); }
  std::string_view page_token_secret() const override { return inner_.page_token_secret(); }

  absl::Notification& held() { return held_; }
  void Release() { release_.Notify(); }

 private:
  app::Store& inner_;
  absl::Notification held_, release_;
  std::atomic<bool> used_{false};
};

class RevenueCalculationsTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  // A processed invoice of 31.00 over January 2026: 31.00 of January's revenue.
  absl::Status ProcessedJanuaryInvoice() {
    domain::InvoiceInput input{.customer_id = customer_, .due_date = "2099-12-31"};
    input.line_items.push_back({.description = "Service",
                                .quantity = 1,
                                .unit_amount = "31.00",
                                .service_period_start = "2026-01-01",
                                .service_period_end = "2026-01-31"});
    absl::StatusOr<domain::Invoice> draft = invoices_.Create(ctx_, input);
    if (!draft.ok()) return draft.status();
    return invoices_.Process(ctx_, draft->id).status();
  }

  app::Clock clock_ = [] { return absl::Now(); };
  std::unique_ptr<app::Store> store_ = testing::OpenTestStore(testing::FreshDatabase(GetParam()));
  HeldScanStore held_store_{*store_};
  app::CallContext ctx_{.account_id = "acct_report"};
  const api::ProtoResourceEncoder encoder_;
  app::Customers customers_{*store_, encoder_, clock_};
  app::Invoices invoices_{*store_, encoder_, clock_};
  app::RevenueWorker worker_{held_store_, encoder_, clock_};
  app::RevenueCalculations calculations_{*store_, clock_, nullptr};
  std::string customer_ =
      customers_
          .Create(ctx_, "", {.name = "Acme", .email = "ap@acme.test", .default_currency = "USD"})
          ->id;
  // Processing needs the account's organization (the seller).
  const absl::Status organization_seeded_ = testing::SeedOrganization(*store_, ctx_.account_id);
};

TEST_P(RevenueCalculationsTest, WritesCompleteWhileACalculationScansAndStayOutOfItsSnapshot) {
  // More than one batch of the adapters' scan (500): a later batch would
  // see what commits during the scan if it were not one snapshot.
  constexpr int kInvoices = 600;
  constexpr int kWriters = 8;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = w; i < kInvoices; i += kWriters) EXPECT_THAT(ProcessedJanuaryInvoice(), IsOk());
    });
  }
  for (std::thread& writer : writers) writer.join();

  absl::StatusOr<domain::RevenueCalculation> queued =
      calculations_.Create(ctx_, {.period_start = "2026-01-01", .period_end = "2026-01-31"});
  ASSERT_THAT(queued.status(), IsOk());
  absl::Status ran;
  std::thread worker([&] { ran = worker_.RunPending(); });
  ASSERT_TRUE(held_store_.held().WaitForNotificationWithTimeout(absl::Seconds(30)))
      << "the calculation never started its scan";

  // While the calculation is held mid-scan, two more invoices are written
  // and processed. They must complete now, not after the calculation.
  absl::Notification written;
  absl::Status write_status;
  std::thread writer([&] {
    write_status = ProcessedJanuaryInvoice();
    if (write_status.ok()) write_status = ProcessedJanuaryInvoice();
    written.Notify();
  });
  const bool completed_during_scan = written.WaitForNotificationWithTimeout(absl::Seconds(20));
  held_store_.Release();
  writer.join();
  worker.join();
  EXPECT_TRUE(completed_during_scan) << "writes waited for the revenue calculation";
  EXPECT_THAT(write_status, IsOk());
  ASSERT_THAT(ran, IsOk());

  absl::StatusOr<domain::RevenueCalculation> done = calculations_.Get(ctx_, queued->id);
  ASSERT_THAT(done.status(), IsOk());
  ASSERT_EQ(done->status, domain::CalculationStatus::kSucceeded) << done->failure_reason;
  ASSERT_EQ(done->results.size(), 1u);
  // The snapshot's 600 invoices, not the two written during the scan.
  EXPECT_EQ(done->results[0].recognized, int64_t{kInvoices} * 3100);
}

INSTANTIATE_TEST_SUITE_P(Backends, RevenueCalculationsTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
