#include "app/invoices.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "app/customers.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/ids.h"
#include "domain/ledger.h"
#include "storage/customer_repository.h"

namespace billing::app {
namespace {

using domain::Invoice;
using domain::InvoiceInput;
using domain::InvoiceStatus;

// Stores `invoice` after a move from `from` together with the ledger entries
// and outbox messages that move records.
absl::Status StoreTransition(storage::Connection& conn, const Invoice& invoice,
                             InvoiceStatus from, absl::Time now) {
  if (absl::Status s = storage::UpdateInvoice(conn, invoice); !s.ok()) return s;
  for (const domain::LedgerEntry& entry :
       domain::LedgerEntriesForTransition(invoice, from, now)) {
    if (absl::Status s = storage::InsertLedgerEntry(conn, entry); !s.ok()) return s;
  }
  for (const domain::OutboxMessage& message :
       domain::OutboxMessagesForTransition(invoice, from, now)) {
    if (absl::Status s = storage::InsertOutboxMessage(conn, message); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// The customer's default currency, which an invoice without one takes.
absl::StatusOr<std::string> DefaultCurrencyOf(storage::Connection& conn,
                                              std::string_view account_id,
                                              std::string_view customer_id) {
  absl::StatusOr<domain::Customer> customer =
      storage::GetCustomer(conn, account_id, customer_id);
  if (!customer.ok()) return customer.status();
  return customer->default_currency;
}

}  // namespace

absl::StatusOr<Invoice> Invoices::Create(const CallContext& ctx, const InvoiceInput& input) {
  RETURN_IF_ERROR(RequireId("customer_id", input.customer_id));
  std::optional<Invoice> result;
  absl::Status written = db_.Write([&](storage::Connection& conn) -> absl::Status {
    absl::StatusOr<std::string> currency =
        DefaultCurrencyOf(conn, ctx.account_id, input.customer_id);
    if (!currency.ok()) return currency.status();
    absl::StatusOr<Invoice> invoice =
        domain::NewInvoice(ctx.account_id, domain::NewId(domain::kInvoiceIdPrefix), input,
                           *currency, clock_());
    if (!invoice.ok()) return invoice.status();
    result = *std::move(invoice);
    return storage::InsertInvoice(conn, *result);
  });
  if (!written.ok()) return written;
  return *std::move(result);
}

absl::StatusOr<Invoice> Invoices::Get(const CallContext& ctx, std::string_view invoice_id) {
  RETURN_IF_ERROR(RequireId("invoice_id", invoice_id, domain::kInvoiceIdPrefix));
  absl::StatusOr<Invoice> invoice;
  absl::Status read = db_.Read([&](storage::Connection& conn) {
    invoice = storage::GetInvoice(conn, ctx.account_id, invoice_id);
    return invoice.status();
  });
  if (!read.ok()) return read;
  return invoice;
}

absl::StatusOr<domain::Page<Invoice>> Invoices::List(const CallContext& ctx, int page,
                                                     int page_size,
                                                     const storage::InvoiceFilter& filter) {
  absl::StatusOr<domain::PageRequest> request = domain::MakePageRequest(page, page_size);
  if (!request.ok()) return request.status();
  absl::StatusOr<domain::Page<Invoice>> result;
  if (!filter.customer_id.empty()) {
    RETURN_IF_ERROR(RequireId("customer_id", filter.customer_id));
  }
  absl::Status read = db_.Read([&](storage::Connection& conn) -> absl::Status {
    if (!filter.customer_id.empty()) {
      absl::StatusOr<domain::Customer> customer =
          storage::GetCustomer(conn, ctx.account_id, filter.customer_id);
      if (!customer.ok()) return customer.status();
    }
    result = storage::ListInvoices(conn, ctx.account_id, filter, *request);
    return result.status();
  });
  if (!read.ok()) return read;
  return result;
}

absl::StatusOr<Invoice> Invoices::Replace(const CallContext& ctx, std::string_view invoice_id,
                                          const InvoiceInput& input) {
  RETURN_IF_ERROR(RequireId("invoice_id", invoice_id, domain::kInvoiceIdPrefix));
  RETURN_IF_ERROR(RequireId("customer_id", input.customer_id));
  std::optional<Invoice> result;
  absl::Status written = db_.Write([&](storage::Connection& conn) -> absl::Status {
    absl::StatusOr<Invoice> current = storage::GetInvoice(conn, ctx.account_id, invoice_id);
    if (!current.ok()) return current.status();
    if (absl::Status s = domain::CheckDeletable(*current); !s.ok()) return s;
    absl::StatusOr<std::string> currency =
        DefaultCurrencyOf(conn, ctx.account_id, input.customer_id);
    if (!currency.ok()) return currency.status();
    absl::StatusOr<Invoice> replaced =
        domain::ReplaceInvoice(*current, input, *currency, clock_());
    if (!replaced.ok()) return replaced.status();
    result = *std::move(replaced);
    return storage::UpdateInvoice(conn, *result);
  });
  if (!written.ok()) return written;
  return *std::move(result);
}

absl::StatusOr<Invoice> Invoices::Update(const CallContext& ctx, std::string_view invoice_id,
                                         const InvoiceInput& input,
                                         const std::vector<std::string>& paths) {
  RETURN_IF_ERROR(RequireId("invoice_id", invoice_id, domain::kInvoiceIdPrefix));
  const bool changes_customer =
      std::find(paths.begin(), paths.end(), "customer_id") != paths.end();
  std::optional<Invoice> result;
  absl::Status written = db_.Write([&](storage::Connection& conn) -> absl::Status {
    absl::StatusOr<Invoice> current = storage::GetInvoice(conn, ctx.account_id, invoice_id);
    if (!current.ok()) return current.status();
    absl::StatusOr<domain::InvoiceUpdate> update =
        domain::UpdateInvoice(*current, input, paths, clock_());
    if (!update.ok()) return update.status();
    if (changes_customer) {
      absl::StatusOr<domain::Customer> customer =
          storage::GetCustomer(conn, ctx.account_id, update->invoice.customer_id);
      if (!customer.ok()) return customer.status();
    }
    result = update->invoice;
    if (update->new_status.has_value()) {
      return StoreTransition(conn, *result, current->status, clock_());
    }
    return storage::UpdateInvoice(conn, *result);
  });
  if (!written.ok()) return written;
  return *std::move(result);
}

absl::Status Invoices::Delete(const CallContext& ctx, std::string_view invoice_id) {
  RETURN_IF_ERROR(RequireId("invoice_id", invoice_id, domain::kInvoiceIdPrefix));
  return db_.Write([&](storage::Connection& conn) -> absl::Status {
    absl::StatusOr<Invoice> current = storage::GetInvoice(conn, ctx.account_id, invoice_id);
    if (!current.ok()) return current.status();
    if (absl::Status s = domain::CheckDeletable(*current); !s.ok()) return s;
    return storage::DeleteInvoice(conn, ctx.account_id, invoice_id);
  });
}

absl::StatusOr<Invoice> Invoices::Process(const CallContext& ctx, std::string_view invoice_id) {
  return Transition(ctx, invoice_id, InvoiceStatus::kPending);
}

absl::StatusOr<Invoice> Invoices::Cancel(const CallContext& ctx, std::string_view invoice_id) {
  return Transition(ctx, invoice_id, InvoiceStatus::kCancelled);
}

absl::StatusOr<Invoice> Invoices::Transition(const CallContext& ctx,
                                             std::string_view invoice_id, InvoiceStatus to) {
  RETURN_IF_ERROR(RequireId("invoice_id", invoice_id, domain::kInvoiceIdPrefix));
  std::optional<Invoice> result;
  absl::Status written = db_.Write([&](storage::Connection& conn) -> absl::Status {
    absl::StatusOr<Invoice> invoice = storage::GetInvoice(conn, ctx.account_id, invoice_id);
    if (!invoice.ok()) return invoice.status();
    const InvoiceStatus from = invoice->status;
    const absl::Time now = clock_();
    if (absl::Status s = domain::ApplyTransition(*invoice, to, now); !s.ok()) return s;
    result = *std::move(invoice);
    return StoreTransition(conn, *result, from, now);
  });
  if (!written.ok()) return written;
  return *std::move(result);
}

}  // namespace billing::app
