// Port: where the service keeps its data. A use case runs as one function
// inside one transaction and reaches the repositories through it; which
// database sits behind (SQLite, PostgreSQL) is the adapter's business.
#ifndef BILLING_APP_PORTS_STORE_H_
#define BILLING_APP_PORTS_STORE_H_

#include "absl/functional/function_ref.h"
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "app/ports/api_key_repository.h"
#include "app/ports/credit_note_repository.h"
#include "app/ports/customer_repository.h"
#include "app/ports/event_repository.h"
#include "app/ports/idempotency_repository.h"
#include "app/ports/document_number_repository.h"
#include "app/ports/invoice_repository.h"
#include "app/ports/invoice_reminder_repository.h"
#include "app/ports/ledger_repository.h"
#include "app/ports/organization_repository.h"
#include "app/ports/outbox_repository.h"
#include "app/ports/payment_repository.h"
#include "app/ports/revenue_calculation_repository.h"
#include "app/ports/tax_rate_repository.h"
#include "app/ports/webhook_repository.h"

namespace billing::app {

// The repositories of one open transaction; valid only inside the function
// given to Store::Write or Store::Read.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual CustomerRepository& customers() = 0;
  virtual InvoiceRepository& invoices() = 0;
  virtual LedgerRepository& ledger() = 0;
  virtual OutboxRepository& outbox() = 0;
  virtual EventRepository& events() = 0;
  virtual WebhookRepository& webhooks() = 0;
  virtual RevenueCalculationRepository& revenue_calculations() = 0;
  virtual ApiKeyRepository& api_keys() = 0;
  virtual IdempotencyRepository& idempotency() = 0;
  virtual DocumentNumberRepository& document_numbers() = 0;
  virtual PaymentRepository& payments() = 0;
  virtual CreditNoteRepository& credit_notes() = 0;
  virtual OrganizationRepository& organizations() = 0;
  virtual TaxRateRepository& tax_rates() = 0;
  virtual InvoiceReminderRepository& invoice_reminders() = 0;
};

// What a storage adapter reports as it works, for metrics. Called on the
// adapter's threads, so it must be cheap and thread-safe.
class StoreObserver {
 public:
  virtual ~StoreObserver() = default;
  // Group commit: one transaction committed `writes` callers' work.
  virtual void WriteBatchCommitted(size_t writes) = 0;
  // A caller found every connection busy and waited `waited` for one.
  virtual void ConnectionWaited(absl::Duration waited) = 0;
};

class Store {
 public:
  using Work = absl::FunctionRef<absl::Status(Transaction&)>;

  virtual ~Store() = default;

  // Runs `work` in one write transaction: all of its writes commit, or
  // (when it fails, or the commit does) none do and its status is returned.
  // Rows read inside are locked until the end. `work` may run more than
  // once if the database asks for a retry, so it must not have effects
  // outside the transaction other than setting its results.
  // DATABASE_UNAVAILABLE when the database cannot be reached, promptly.
  virtual absl::Status Write(Work work) = 0;

  // Runs `work` in one read-only transaction (one consistent snapshot).
  virtual absl::Status Read(Work work) = 0;

  // OkStatus while the database is usable.
  virtual absl::Status CheckHealth() = 0;

  // Reports to `observer` (outliving the store) from now on. Adapters
  // without these notions ignore it.
  virtual void SetObserver(StoreObserver* /*observer*/) {}
  // Writes waiting for the database (group commit's queue); 0 if none queue.
  virtual int64_t QueuedWrites() const { return 0; }

  // The secret page tokens are sealed with (app/page_tokens.h): at least 32
  // random bytes kept in the database, so that every server on it opens a
  // token any other gave out, across restarts too. Fixed for the store's life.
  virtual std::string_view page_token_secret() const = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_STORE_H_
