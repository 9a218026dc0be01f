// The repositories of src/app/ports, written once against sql::Session
// (session.h) for every database the SQL layer supports. Each holds the
// session of one open transaction.
#ifndef BILLING_STORAGE_SQL_REPOSITORIES_H_
#define BILLING_STORAGE_SQL_REPOSITORIES_H_

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/ports/api_key_repository.h"
#include "app/ports/credit_note_repository.h"
#include "app/ports/customer_repository.h"
#include "app/ports/document_number_repository.h"
#include "app/ports/event_repository.h"
#include "app/ports/idempotency_repository.h"
#include "app/ports/invoice_repository.h"
#include "app/ports/invoice_reminder_repository.h"
#include "app/ports/ledger_repository.h"
#include "app/ports/organization_repository.h"
#include "app/ports/outbox_repository.h"
#include "app/ports/payment_repository.h"
#include "app/ports/revenue_calculation_repository.h"
#include "app/ports/tax_rate_repository.h"
#include "app/ports/webhook_repository.h"
#include "storage/sql/session.h"

namespace billing::storage::sql {

// document_sequences: the account's row stays locked (SQLite: the one
// writer; PostgreSQL: the upsert's row lock) until the transaction ends, so
// numbers are consecutive across replicas and a rollback gives one back.
class DocumentNumbers : public app::DocumentNumberRepository {
 public:
  explicit DocumentNumbers(Session& s) : s_(s) {}
  absl::StatusOr<std::string> Next(std::string_view account_id,
                                   domain::DocumentKind kind) override;
  absl::Status SetPrefix(std::string_view account_id, domain::DocumentKind kind,
                         std::string_view prefix) override;

 private:
  Session& s_;
};

class Idempotency : public app::IdempotencyRepository {
 public:
  explicit Idempotency(Session& s) : s_(s) {}
  absl::StatusOr<bool> Lock(std::string_view account_id, std::string_view key) override;
  absl::StatusOr<std::optional<app::IdempotencyRecord>> Find(std::string_view account_id,
                                                             std::string_view key) override;
  absl::Status Insert(const app::IdempotencyRecord& record) override;
  absl::StatusOr<int64_t> DeleteCreatedBefore(absl::Time cutoff, int limit) override;

 private:
  Session& s_;
};

class ApiKeys : public app::ApiKeyRepository {
 public:
  explicit ApiKeys(Session& s) : s_(s) {}
  absl::Status Insert(const app::StoredApiKey& key) override;
  absl::StatusOr<std::optional<app::StoredApiKey>> Find(std::string_view id) override;
  absl::StatusOr<std::vector<app::StoredApiKey>> List(std::string_view account_id) override;
  absl::StatusOr<bool> Revoke(std::string_view id, absl::Time when) override;

 private:
  Session& s_;
};

class Events : public app::EventRepository {
 public:
  explicit Events(Session& s) : s_(s) {}
  absl::Status Insert(const domain::Event& event) override;
  absl::StatusOr<domain::Event> Get(std::string_view account_id,
                                    std::string_view event_id) override;
  absl::StatusOr<domain::Page<domain::Event>> List(std::string_view account_id,
                                                   const app::EventFilter& filter,
                                                   const domain::PageRequest& page) override;
  absl::StatusOr<int64_t> DeleteCreatedBefore(absl::Time cutoff, int limit) override;

 private:
  Session& s_;
};

class Payments : public app::PaymentRepository {
 public:
  explicit Payments(Session& s) : s_(s) {}
  absl::Status Insert(const domain::Payment& payment) override;
  absl::StatusOr<domain::Payment> Get(std::string_view account_id,
                                      std::string_view payment_id) override;
  absl::StatusOr<domain::Page<domain::Payment>> List(std::string_view account_id,
                                                     const app::PaymentFilter& filter,
                                                     const domain::PageRequest& page) override;

 private:
  Session& s_;
};

class CreditNotes : public app::CreditNoteRepository {
 public:
  explicit CreditNotes(Session& s) : s_(s) {}
  absl::Status Insert(const domain::CreditNote& note) override;
  absl::StatusOr<domain::CreditNote> Get(std::string_view account_id,
                                         std::string_view credit_note_id) override;
  absl::StatusOr<domain::Page<domain::CreditNote>> List(
      std::string_view account_id, const app::CreditNoteFilter& filter,
      const domain::PageRequest& page) override;
  absl::StatusOr<std::vector<domain::CreditNote>> ListAll(std::string_view account_id,
                                                          std::string_view customer_id) override;
  absl::Status UpdateDelivery(const domain::CreditNote& note) override;
  absl::StatusOr<std::optional<domain::CreditNote>> ClaimDueEmail(
      absl::Time now, absl::Time lease_until) override;

 private:
  Session& s_;
};

// Find locks the row, when there is one, in a write (PostgreSQL: FOR
// UPDATE), FindToReference only against updates (FOR KEY SHARE); Save is an upsert, so two first writes of one account do not
// collide on the insert.
class Organizations : public app::OrganizationRepository {
 public:
  explicit Organizations(Session& s) : s_(s) {}
  absl::StatusOr<std::optional<domain::Organization>> Find(std::string_view account_id) override;
  absl::StatusOr<std::optional<domain::Organization>> FindToReference(
      std::string_view account_id) override;
  absl::Status Save(const domain::Organization& organization) override;

 private:
  Session& s_;
};

// Get locks the row in a write (PostgreSQL: FOR NO KEY UPDATE): an update
// reads, checks and writes it back without another writer between.
class TaxRates : public app::TaxRateRepository {
 public:
  explicit TaxRates(Session& s) : s_(s) {}
  absl::Status Insert(const domain::TaxRate& rate) override;
  absl::StatusOr<domain::TaxRate> Get(std::string_view account_id,
                                      std::string_view tax_rate_id) override;
  absl::StatusOr<domain::Page<domain::TaxRate>> List(std::string_view account_id,
                                                     const domain::PageRequest& page,
                                                     std::optional<bool> active) override;
  absl::Status Update(const domain::TaxRate& rate) override;
  absl::StatusOr<bool> IsInUse(std::string_view account_id,
                               std::string_view tax_rate_id) override;

 private:
  Session& s_;
};

// The keys of pending invoices with an amount due, due before `due_before`
// and matching `condition` (SQL ending in " AND ", or ""), after `after` in
// key order, at most `limit`: the collections scan's batches.
absl::StatusOr<std::vector<app::InvoiceKey>> ScanCollectibleInvoices(
    Session& s, std::string_view condition, absl::CivilDay due_before,
    const std::optional<app::InvoiceKey>& after, int limit);

// invoice_reminders: Claim is an INSERT ... ON CONFLICT DO NOTHING on the
// (invoice, offset) key, so that a losing scan sees false, not an error.
class InvoiceReminders : public app::InvoiceReminderRepository {
 public:
  explicit InvoiceReminders(Session& s) : s_(s) {}
  absl::StatusOr<std::vector<app::InvoiceKey>> ListCandidates(
      absl::CivilDay due_before, const std::optional<app::InvoiceKey>& after,
      int limit) override;
  absl::StatusOr<std::set<int>> ClaimedOffsets(std::string_view account_id,
                                               std::string_view invoice_id) override;
  absl::StatusOr<bool> Claim(const domain::InvoiceReminder& reminder) override;
  absl::StatusOr<std::vector<domain::InvoiceReminder>> List(
      std::string_view account_id, std::string_view invoice_id) override;
  absl::StatusOr<std::optional<domain::InvoiceReminder>> ClaimDue(
      absl::Time now, absl::Time lease_until) override;
  absl::Status Update(const domain::InvoiceReminder& reminder) override;

 private:
  Session& s_;
};

// Get locks the row in a write (PostgreSQL: FOR NO KEY UPDATE), and
// GetToReference only against its deletion (FOR KEY SHARE).
class Customers : public app::CustomerRepository {
 public:
  explicit Customers(Session& s) : s_(s) {}
  absl::StatusOr<domain::Customer> Get(std::string_view account_id,
                                       std::string_view customer_id) override;
  absl::StatusOr<domain::Customer> GetToReference(std::string_view account_id,
                                                  std::string_view customer_id) override;
  absl::Status Insert(const domain::Customer& customer) override;
  absl::Status Update(const domain::Customer& customer) override;
  absl::Status Delete(std::string_view account_id, std::string_view customer_id) override;
  absl::StatusOr<domain::Page<domain::Customer>> List(std::string_view account_id,
                                                      const domain::PageRequest& page) override;

 private:
  Session& s_;
};

class Ledger : public app::LedgerRepository {
 public:
  explicit Ledger(Session& s) : s_(s) {}
  absl::Status Insert(const domain::LedgerEntry& entry) override;
  absl::StatusOr<std::vector<domain::LedgerEntry>> ListForInvoice(
      std::string_view account_id, std::string_view invoice_id) override;
  absl::StatusOr<domain::Page<domain::LedgerEntry>> ListForCustomer(
      std::string_view account_id, std::string_view customer_id,
      const domain::PageRequest& page) override;
  absl::StatusOr<std::vector<domain::CurrencyBalance>> Balances(
      std::string_view account_id, std::string_view customer_id,
      int64_t first_entries) override;
  absl::StatusOr<std::vector<domain::OpenItem>> OpenAmountsBefore(std::string_view account_id,
                                                                  absl::Time cutoff) override;

 private:
  // The running balances (customer_balances), one row per currency.
  absl::StatusOr<std::vector<domain::CurrencyBalance>> CurrentBalances(
      std::string_view account_id, std::string_view customer_id);

  Session& s_;
};

class Outbox : public app::OutboxRepository {
 public:
  explicit Outbox(Session& s) : s_(s) {}
  absl::Status Insert(const domain::OutboxMessage& message) override;
  absl::StatusOr<std::vector<domain::OutboxMessage>> List(std::string_view account_id) override;

 private:
  Session& s_;
};

// GetEndpoint locks the endpoint in a write; ClaimDueDelivery passes over
// deliveries another replica is claiming (SKIP LOCKED).
class Webhooks : public app::WebhookRepository {
 public:
  explicit Webhooks(Session& s) : s_(s) {}
  absl::Status InsertEndpoint(const domain::WebhookEndpoint& endpoint) override;
  absl::Status UpdateEndpoint(const domain::WebhookEndpoint& endpoint) override;
  absl::StatusOr<domain::WebhookEndpoint> GetEndpoint(std::string_view account_id,
                                                      std::string_view endpoint_id) override;
  absl::Status DeleteEndpoint(std::string_view account_id, std::string_view endpoint_id) override;
  absl::StatusOr<domain::Page<domain::WebhookEndpoint>> ListEndpoints(
      std::string_view account_id, const domain::PageRequest& page) override;
  absl::StatusOr<std::vector<domain::WebhookEndpoint>> ListEnabledEndpoints(
      std::string_view account_id) override;
  absl::Status InsertDelivery(const domain::WebhookDelivery& delivery) override;
  absl::Status UpdateDelivery(const domain::WebhookDelivery& delivery) override;
  absl::StatusOr<domain::Page<domain::WebhookDelivery>> ListDeliveries(
      std::string_view account_id, std::string_view endpoint_id,
      const domain::PageRequest& page) override;
  absl::StatusOr<std::optional<domain::WebhookDelivery>> ClaimDueDelivery(
      absl::Time now, absl::Time lease_until,
      const std::vector<std::string>& busy_endpoint_ids) override;

 private:
  Session& s_;
  // ListEnabledEndpoints' answer in this transaction: (account, endpoints).
  std::optional<std::pair<std::string, std::vector<domain::WebhookEndpoint>>> enabled_;
};

// Get locks the calculation in a write; ClaimNext passes over those another
// replica's worker holds (SKIP LOCKED).
class RevenueCalculations : public app::RevenueCalculationRepository {
 public:
  explicit RevenueCalculations(Session& s) : s_(s) {}
  absl::Status Insert(const domain::RevenueCalculation& calc) override;
  absl::Status Update(const domain::RevenueCalculation& calc) override;
  absl::StatusOr<domain::RevenueCalculation> Get(std::string_view account_id,
                                                 std::string_view id) override;
  absl::StatusOr<domain::Page<domain::RevenueCalculation>> List(
      std::string_view account_id, const domain::PageRequest& page) override;
  absl::StatusOr<int64_t> CountUnfinished(std::string_view account_id) override;
  absl::StatusOr<int64_t> CountAllUnfinished() override;
  absl::StatusOr<std::optional<domain::RevenueCalculation>> ClaimNext(
      std::string_view after_account, absl::Time stale_before) override;

 private:
  Session& s_;
};

// Get locks the invoice in a write (PostgreSQL: FOR NO KEY UPDATE), the
// first lock of every invoice write; ClaimDueEmail locks the email and its
// invoice, passing over those another transaction holds.
class Invoices : public app::InvoiceRepository {
 public:
  explicit Invoices(Session& s) : s_(s) {}
  absl::StatusOr<domain::Invoice> Get(std::string_view account_id,
                                      std::string_view invoice_id) override;
  absl::Status Insert(const domain::Invoice& invoice) override;
  absl::Status Update(const domain::Invoice& invoice) override;
  absl::Status SetStatusAndNumber(const domain::Invoice& invoice) override;
  absl::Status Delete(std::string_view account_id, std::string_view invoice_id) override;
  absl::StatusOr<domain::Page<domain::Invoice>> List(std::string_view account_id,
                                                     const app::InvoiceFilter& filter,
                                                     const domain::PageRequest& page) override;
  absl::Status ForEachProcessed(
      std::string_view account_id, std::string_view customer_id,
      absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) override;
  absl::Status ForEachRevenueInvoice(
      std::string_view account_id, std::string_view customer_id,
      absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) override;
  absl::Status ForEachProcessedActiveIn(
      std::string_view account_id, absl::Time from, absl::Time until,
      absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) override;
  absl::StatusOr<std::vector<domain::Invoice>> ListProcessed(
      std::string_view account_id, std::string_view customer_id) override;
  absl::StatusOr<std::optional<domain::Invoice>> ClaimDueEmail(absl::Time now,
                                                                absl::Time lease_until) override;
  absl::StatusOr<std::vector<app::InvoiceKey>> ListOverdueEventCandidates(
      absl::CivilDay due_before, const std::optional<app::InvoiceKey>& after,
      int limit) override;
  absl::StatusOr<bool> ClaimOverdueEvent(std::string_view account_id, std::string_view invoice_id,
                                         absl::Time now) override;

 private:
  Session& s_;
};

}  // namespace billing::storage::sql

#endif  // BILLING_STORAGE_SQL_REPOSITORIES_H_
