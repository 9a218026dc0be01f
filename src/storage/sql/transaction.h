// app::Transaction over one Session: every repository of storage/sql on the
// connection (and transaction) a store opened. Each store builds one per
// Write or Read, around its own database's session.
#ifndef BILLING_STORAGE_SQL_TRANSACTION_H_
#define BILLING_STORAGE_SQL_TRANSACTION_H_

#include "app/ports/store.h"
#include "storage/sql/repositories.h"
#include "storage/sql/session.h"

namespace billing::storage::sql {

class SqlTransaction : public app::Transaction {
 public:
  explicit SqlTransaction(Session& s)
      : customers_(s),
        invoices_(s),
        ledger_(s),
        outbox_(s),
        events_(s),
        webhooks_(s),
        calculations_(s),
        api_keys_(s),
        idempotency_(s),
        document_numbers_(s),
        payments_(s),
        credit_notes_(s),
        organizations_(s),
        tax_rates_(s),
        invoice_reminders_(s) {}
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
  app::OrganizationRepository& organizations() override { return organizations_; }
  app::TaxRateRepository& tax_rates() override { return tax_rates_; }
  app::InvoiceReminderRepository& invoice_reminders() override { return invoice_reminders_; }

 private:
  Customers customers_;
  Invoices invoices_;
  Ledger ledger_;
  Outbox outbox_;
  Events events_;
  Webhooks webhooks_;
  RevenueCalculations calculations_;
  ApiKeys api_keys_;
  Idempotency idempotency_;
  DocumentNumbers document_numbers_;
  Payments payments_;
  CreditNotes credit_notes_;
  Organizations organizations_;
  TaxRates tax_rates_;
  InvoiceReminders invoice_reminders_;
};

}  // namespace billing::storage::sql

#endif  // BILLING_STORAGE_SQL_TRANSACTION_H_
