// The ledger (entries are written with the invoice's transitions) and the
// outbox. The write order breaks ties of time: entries written together
// share a timestamp.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "storage/sql/list_paging.h"
#include "storage/sql/repositories.h"
#include "storage/sql/values.h"

namespace billing::storage::sql {
namespace {

using domain::ErrorCode;

#define LEDGER_COLUMNS                                                      \
  "account_id, id, customer_id, invoice_id, kind, amount_minor, currency, " \
  "{micros:create_time}, document_id"

absl::StatusOr<domain::LedgerEntry> ReadEntry(const Statement& row) {
  return domain::LedgerEntry{
      .account_id = row.Text(0),
      .id = row.Text(1),
      .customer_id = row.Text(2),
      .invoice_id = row.Text(3),
      .kind = row.Text(4),
      .amount = row.Int64(5),
      .currency = row.Text(6),
      .create_time = row.Time(7),
      .document_id = row.Text(8),
  };
}

}  // namespace

absl::Status Ledger::Insert(const domain::LedgerEntry& entry) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> insert,
                   s_.Prepare("INSERT INTO ledger_entries (account_id, id, customer_id, "
                              "invoice_id, kind, amount_minor, currency, {time:create_time}, "
                              "document_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  insert->BindText(1, entry.account_id)
      .BindText(2, entry.id)
      .BindText(3, entry.customer_id)
      .BindText(4, entry.invoice_id)
      .BindText(5, entry.kind)
      .BindInt64(6, entry.amount)
      .BindText(7, entry.currency)
      .BindTime(8, entry.create_time)
      .BindText(9, entry.document_id);
  absl::Status status = insert->Run();
  if (s_.dialect().IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("ledger entry ", entry.id, " already exists"));
  }
  RETURN_IF_ERROR(status);
  // The running balance moves with the entry, in its transaction. Callers
  // hold the customer's row (LockCustomerBalance) before booking, so two
  // bookings of one customer take the customer's row, then this one, in the
  // same order. An overflow fails (bigint; STRICT refuses SQLite's REAL).
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> add,
      s_.Prepare("INSERT INTO customer_balances (account_id, customer_id, currency, "
                 "amount_minor) VALUES (?1, ?2, ?3, ?4) "
                 "ON CONFLICT (account_id, customer_id, currency) DO UPDATE "
                 "SET amount_minor = customer_balances.amount_minor + excluded.amount_minor"));
  add->BindText(1, entry.account_id)
      .BindText(2, entry.customer_id)
      .BindText(3, entry.currency)
      .BindInt64(4, entry.amount);
  return add->Run();
}

absl::StatusOr<std::vector<domain::LedgerEntry>> Ledger::ListForInvoice(
    std::string_view account_id, std::string_view invoice_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT " LEDGER_COLUMNS " FROM ledger_entries"
                              " WHERE account_id = ?1 AND invoice_id = ?2"
                              " ORDER BY {time:create_time}, {write_order}"));
  query->BindText(1, account_id).BindText(2, invoice_id);
  std::vector<domain::LedgerEntry> entries;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return entries;
    ASSIGN_OR_RETURN(domain::LedgerEntry entry, ReadEntry(*query));
    entries.push_back(std::move(entry));
  }
}

absl::StatusOr<domain::Page<domain::LedgerEntry>> Ledger::ListForCustomer(
    std::string_view account_id, std::string_view customer_id,
    const domain::PageRequest& page) {
  Params params;
  std::string where = absl::StrCat(" WHERE account_id = ", params.Text(account_id));
  absl::StrAppend(&where, " AND customer_id = ", params.Text(customer_id));
  return SelectPage<domain::LedgerEntry>(s_, LEDGER_COLUMNS, "ledger_entries", where,
                                         /*newest_first=*/false, std::move(params), page,
                                         ReadEntry, TieBreak::kWriteOrder);
}

absl::StatusOr<std::vector<domain::CurrencyBalance>> Ledger::Balances(
    std::string_view account_id, std::string_view customer_id, int64_t first_entries) {
  if (first_entries == app::LedgerRepository::kAllEntries) {
    return CurrentBalances(account_id, customer_id);
  }
  // {sum_int:c} fails loudly rather than wrap on an overflow.
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT currency, {sum_int:amount_minor} FROM ("
                              "SELECT currency, amount_minor FROM ledger_entries "
                              "WHERE account_id = ?1 AND customer_id = ?2 "
                              "ORDER BY {time:create_time}, {write_order} LIMIT ?3) "
                              "AS first_entries GROUP BY currency ORDER BY currency"));
  query->BindText(1, account_id).BindText(2, customer_id).BindInt64(3, first_entries);
  std::vector<domain::CurrencyBalance> balances;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return balances;
    balances.push_back({.currency = query->Text(0), .amount = query->Int64(1)});
  }
}

absl::StatusOr<std::vector<domain::CurrencyBalance>> Ledger::CurrentBalances(
    std::string_view account_id, std::string_view customer_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT currency, amount_minor FROM customer_balances "
                              "WHERE account_id = ?1 AND customer_id = ?2 ORDER BY currency"));
  query->BindText(1, account_id).BindText(2, customer_id);
  std::vector<domain::CurrencyBalance> balances;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return balances;
    balances.push_back({.currency = query->Text(0), .amount = query->Int64(1)});
  }
}

absl::StatusOr<std::vector<domain::OpenItem>> Ledger::OpenAmountsBefore(
    std::string_view account_id, absl::Time cutoff) {
  // Per invoice, the sum of its entries before the cutoff (the covering
  // ledger_entries_by_invoice), joined to the processed invoice's customer,
  // currency and due date (the covering invoices_processed: entries exist
  // from processing on); both walked in invoice id order, no table row read.
  // Then summed again by customer, currency and due date, what is owed
  // apart from what is owing, so that a handful of rows leave the database.
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> query,
      s_.Prepare("SELECT o.customer_id, o.currency, {day:o.due_date}, "
                 "{sum_int:CASE WHEN o.amount > 0 THEN o.amount ELSE 0 END}, "
                 "{sum_int:CASE WHEN o.amount < 0 THEN o.amount ELSE 0 END} FROM ("
                 "SELECT i.id, i.customer_id, i.currency, i.due_date, "
                 "{sum_int:l.amount_minor} AS amount FROM invoices i "
                 "JOIN ledger_entries l ON l.account_id = i.account_id AND l.invoice_id = i.id "
                 "WHERE i.account_id = ?1 AND {time:i.process_time} IS NOT NULL "
                 "AND {time:l.create_time} < ?2 "
                 "GROUP BY i.id, i.customer_id, i.currency, i.due_date) AS o "
                 "GROUP BY o.customer_id, o.currency, o.due_date"));
  query->BindText(1, account_id).BindTime(2, cutoff);
  std::vector<domain::OpenItem> items;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return items;
    ASSIGN_OR_RETURN(absl::CivilDay due_date, DayFromText(query->Text(2)));
    for (int column : {3, 4}) {
      if (query->Int64(column) == 0) continue;
      items.push_back({.customer_id = query->Text(0),
                       .currency = query->Text(1),
                       .due_date = due_date,
                       .amount = query->Int64(column)});
    }
  }
}

absl::Status Outbox::Insert(const domain::OutboxMessage& message) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> insert,
                   s_.Prepare("INSERT INTO outbox_messages (account_id, id, topic, payload, "
                              "{time:create_time}) VALUES (?1, ?2, ?3, ?4, ?5)"));
  insert->BindText(1, message.account_id)
      .BindText(2, message.id)
      .BindText(3, message.topic)
      .BindText(4, message.payload)
      .BindTime(5, message.create_time);
  absl::Status status = insert->Run();
  if (s_.dialect().IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("outbox message ", message.id, " already exists"));
  }
  return status;
}

absl::StatusOr<std::vector<domain::OutboxMessage>> Outbox::List(std::string_view account_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT account_id, id, topic, payload, {micros:create_time} "
                              "FROM outbox_messages WHERE account_id = ?1 "
                              "ORDER BY {time:create_time}, {write_order}"));
  query->BindText(1, account_id);
  std::vector<domain::OutboxMessage> messages;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return messages;
    messages.push_back(domain::OutboxMessage{
        .account_id = query->Text(0),
        .id = query->Text(1),
        .topic = query->Text(2),
        .payload = query->Text(3),
        .create_time = query->Time(4),
    });
  }
}

}  // namespace billing::storage::sql
