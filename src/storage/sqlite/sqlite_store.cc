#include "storage/sqlite/sqlite_store.h"

#include <utility>

#include "common/status_macros.h"
#include "storage/sqlite/invoice_repository.h"
#include "storage/sqlite/sqlite_session.h"
#include "storage/sql/repositories.h"

namespace billing::storage {
namespace {

// Each repository forwards to the free functions on the transaction's
// connection. SQLite has one writer at a time, so a read inside Write
// already excludes every other writer: no row locks are needed.
class Invoices : public app::InvoiceRepository {
 public:
  explicit Invoices(Connection& c) : c_(c) {}
  absl::StatusOr<domain::Invoice> Get(std::string_view account_id,
                                      std::string_view invoice_id) override {
    return GetInvoice(c_, account_id, invoice_id);
  }
  absl::Status Insert(const domain::Invoice& invoice) override {
    return InsertInvoice(c_, invoice);
  }
  absl::Status Update(const domain::Invoice& invoice) override {
    return UpdateInvoice(c_, invoice);
  }
  absl::Status Delete(std::string_view account_id, std::string_view invoice_id) override {
    return DeleteInvoice(c_, account_id, invoice_id);
  }
  absl::StatusOr<domain::Page<domain::Invoice>> List(std::string_view account_id,
                                                     const app::InvoiceFilter& filter,
                                                     const domain::PageRequest& page) override {
    return ListInvoices(c_, account_id, filter, page);
  }
  absl::StatusOr<std::vector<domain::Invoice>> ListProcessed(
      std::string_view account_id, std::string_view customer_id) override {
    return ListProcessedInvoices(c_, account_id, customer_id);
  }
  absl::StatusOr<std::optional<domain::Invoice>> ClaimDueEmail(
      absl::Time now, absl::Time lease_until) override {
    return ClaimDueInvoiceEmail(c_, now, lease_until);
  }
  absl::Status ForEachProcessed(
      std::string_view account_id, std::string_view customer_id,
      absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) override {
    return ForEachProcessedInvoice(c_, account_id, customer_id, visit);
  }

 private:
  Connection& c_;
};

class SqliteTransaction : public app::Transaction {
 public:
  explicit SqliteTransaction(Connection& c)
      : session_(c),
        customers_(session_),
        invoices_(c),
        ledger_(session_),
        outbox_(session_),
        events_(session_),
        webhooks_(session_),
        calculations_(session_),
        api_keys_(session_),
        idempotency_(session_),
        document_numbers_(session_),
        payments_(session_),
        credit_notes_(session_) {}
  app::CustomerRepository& customers() override { return customers_; }
  app::InvoiceRepository& invoices() override { return invoices_; }
  app::LedgerRepository& ledger() override { return ledger_; }
  app::OutboxRepository& outbox() override { return outbox_; }
  app::EventRepository& events() override { return events_; }
  app::WebhookRepository& webhooks() override { return webhooks_; }
  app::RevenueCalculationRepository& revenue_calculations() override { return calculations_; }
  app::ApiKeyRepository& api_keys() override { return api_keys_; }
  app::IdempotencyRepository& idempotency() override { return idempotency_; }
  app::DocumentNumberRepository& document_numbers() override { return document_numbers_; }
  app::PaymentRepository& payments() override { return payments_; }
  app::CreditNoteRepository& credit_notes() override { return credit_notes_; }

 private:
  SqliteSession session_;  // the repositories of storage/sql talk through it
  sql::Customers customers_;
  Invoices invoices_;
  sql::Ledger ledger_;
  sql::Outbox outbox_;
  sql::Events events_;
  sql::Webhooks webhooks_;
  sql::RevenueCalculations calculations_;
  sql::ApiKeys api_keys_;
  sql::Idempotency idempotency_;
  sql::DocumentNumbers document_numbers_;
  sql::Payments payments_;
  sql::CreditNotes credit_notes_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(const DatabaseOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(options));
  std::string secret;
  RETURN_IF_ERROR(db->Read([&](Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(secret,
                     c.QueryText("SELECT value FROM server_secrets WHERE name = 'page_tokens'"));
    return absl::OkStatus();
  }));
  return std::make_unique<SqliteStore>(std::move(db), std::move(secret));
}

absl::Status SqliteStore::Write(Work work) {
  return db_->Write([&](Connection& c) {
    SqliteTransaction tx(c);
    return work(tx);
  });
}

absl::Status SqliteStore::Read(Work work) {
  return db_->Read([&](Connection& c) {
    SqliteTransaction tx(c);
    return work(tx);
  });
}

absl::Status SqliteStore::CheckHealth() { return db_->CheckHealth(); }

}  // namespace billing::storage
