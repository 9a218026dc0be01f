#include "storage/sqlite/invoice_repository.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "storage/sqlite/absl_string_view.h"
#include "storage/sqlite/list_paging.h"
#include "storage/sqlite/row_values.h"
#include "storage/sqlite/sqlite_error.h"
#include "common/status_macros.h"

namespace billing::storage {
namespace {

using domain::ErrorCode;

constexpr char kInvoiceColumns[] =
    "account_id, id, customer_id, currency, amount_minor, status, due_date, notes, "
    "create_time_us, update_time_us, process_time_us, pay_time_us, cancel_time_us, number, "
    "amount_paid_minor, amount_credited_minor";

absl::Status InvoiceNotFound(std::string_view invoice_id) {
  return domain::Error(ErrorCode::kInvoiceNotFound,
                       absl::StrCat("invoice ", Av(invoice_id), " not found"));
}

absl::StatusOr<bool> RowExists(Connection& db, std::string_view sql, std::string_view account_id,
                               std::string_view id) {
  ASSIGN_OR_RETURN(Statement query, db.Prepare(sql));
  query.BindText(1, account_id).BindText(2, id);
  return query.Step();
}

absl::Status CheckCustomerExists(Connection& db, std::string_view account_id,
                                 std::string_view customer_id) {
  ASSIGN_OR_RETURN(
      bool exists,
      RowExists(db, "SELECT 1 FROM customers WHERE account_id = ?1 AND id = ?2", account_id,
                customer_id));
  if (exists) return absl::OkStatus();
  return domain::Error(ErrorCode::kCustomerNotFound,
                       absl::StrCat("customer ", Av(customer_id), " not found"));
}

absl::Status CheckInvoiceExists(Connection& db, std::string_view account_id,
                                std::string_view invoice_id) {
  ASSIGN_OR_RETURN(
      bool exists, RowExists(db, "SELECT 1 FROM invoices WHERE account_id = ?1 AND id = ?2",
                             account_id, invoice_id));
  return exists ? absl::OkStatus() : InvoiceNotFound(invoice_id);
}

// Binds ?1..?16 in the order of kInvoiceColumns.
void BindInvoice(Statement& statement, const domain::Invoice& invoice) {
  statement.BindText(1, invoice.account_id)
      .BindText(2, invoice.id)
      .BindText(3, invoice.customer_id)
      .BindText(4, invoice.currency)
      .BindInt64(5, invoice.amount)
      .BindText(6, domain::InvoiceStatusName(invoice.status))
      .BindText(7, DayToText(invoice.due_date))
      .BindText(8, invoice.notes)
      .BindInt64(9, TimeToMicros(invoice.create_time))
      .BindInt64(10, TimeToMicros(invoice.update_time))
      .BindOptionalInt64(11, TimeToMicros(invoice.process_time))
      .BindOptionalInt64(12, TimeToMicros(invoice.pay_time))
      .BindOptionalInt64(13, TimeToMicros(invoice.cancel_time))
      .BindOptionalText(14, EmptyAsNull(invoice.number))
      .BindInt64(15, invoice.amount_paid)
      .BindInt64(16, invoice.amount_credited);
}

// Reads a row of kInvoiceColumns; line items are loaded separately.
absl::StatusOr<domain::Invoice> ReadInvoice(const Statement& row) {
  domain::Invoice invoice{
      .account_id = row.ColumnText(0),
      .id = row.ColumnText(1),
      .customer_id = row.ColumnText(2),
      .currency = row.ColumnText(3),
      .amount = row.ColumnInt64(4),
      .notes = row.ColumnText(7),
      .create_time = TimeFromMicros(row.ColumnInt64(8)),
      .update_time = TimeFromMicros(row.ColumnInt64(9)),
      .process_time = TimeFromMicros(row.ColumnOptionalInt64(10)),
      .pay_time = TimeFromMicros(row.ColumnOptionalInt64(11)),
      .cancel_time = TimeFromMicros(row.ColumnOptionalInt64(12)),
      .number = row.ColumnText(13),
      .amount_paid = row.ColumnInt64(14),
      .amount_credited = row.ColumnInt64(15),
  };
  ASSIGN_OR_RETURN(invoice.status, InvoiceStatusFromText(row.ColumnText(5)));
  ASSIGN_OR_RETURN(invoice.due_date, DayFromText(row.ColumnText(6)));
  return invoice;
}

// Reads description, quantity, unit amount, amount and the service period's
// two ends from the row's columns `first` to `first` + 5.
absl::StatusOr<domain::LineItem> ReadLineItem(const Statement& row, int first = 0) {
  domain::LineItem item{
      .description = row.ColumnText(first),
      .quantity = row.ColumnInt64(first + 1),
      .unit_amount = row.ColumnInt64(first + 2),
      .amount = row.ColumnInt64(first + 3),
  };
  ASSIGN_OR_RETURN(item.service_period_start,
                           OptionalDayFromText(row.ColumnOptionalText(first + 4)));
  ASSIGN_OR_RETURN(item.service_period_end,
                           OptionalDayFromText(row.ColumnOptionalText(first + 5)));
  return item;
}

absl::StatusOr<std::vector<domain::LineItem>> LoadLineItems(Connection& db,
                                                            std::string_view account_id,
                                                            std::string_view invoice_id) {
  ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare("SELECT description, quantity, unit_amount_minor, amount_minor, "
                 "service_period_start, service_period_end FROM invoice_line_items "
                 "WHERE account_id = ?1 AND invoice_id = ?2 ORDER BY position"));
  query.BindText(1, account_id).BindText(2, invoice_id);
  std::vector<domain::LineItem> items;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return items;
    ASSIGN_OR_RETURN(domain::LineItem item, ReadLineItem(query));
    items.push_back(std::move(item));
  }
}

absl::Status InsertLineItems(Connection& db, const domain::Invoice& invoice) {
  ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT INTO invoice_line_items (account_id, invoice_id, position, description, "
                 "quantity, unit_amount_minor, amount_minor, service_period_start, "
                 "service_period_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  for (size_t position = 0; position < invoice.line_items.size(); ++position) {
    const domain::LineItem& item = invoice.line_items[position];
    std::optional<std::string> start = DayToText(item.service_period_start);
    std::optional<std::string> end = DayToText(item.service_period_end);
    insert.Reset();
    insert.BindText(1, invoice.account_id)
        .BindText(2, invoice.id)
        .BindInt64(3, static_cast<int64_t>(position))
        .BindText(4, item.description)
        .BindInt64(5, item.quantity)
        .BindInt64(6, item.unit_amount)
        .BindInt64(7, item.amount)
        .BindOptionalText(8, start)
        .BindOptionalText(9, end);
    RETURN_IF_ERROR(insert.Run());
  }
  return absl::OkStatus();
}

absl::Status DeleteLineItems(Connection& db, std::string_view account_id,
                             std::string_view invoice_id) {
  ASSIGN_OR_RETURN(
      Statement remove,
      db.Prepare("DELETE FROM invoice_line_items WHERE account_id = ?1 AND invoice_id = ?2"));
  remove.BindText(1, account_id).BindText(2, invoice_id);
  return remove.Run();
}

// Reads an invoice_emails row's status, attempts, queue, next attempt and
// sent times and last error from the columns `first` to `first` + 5.
absl::Status ReadDelivery(const Statement& row, int first, domain::Invoice& invoice) {
  std::optional<domain::InvoiceDeliveryStatus> status =
      domain::InvoiceDeliveryStatusFromName(row.ColumnText(first));
  if (!status.has_value()) {
    return absl::DataLossError(absl::StrCat("invoice ", invoice.id, " has an unknown email status"));
  }
  invoice.delivery = domain::InvoiceDelivery{
      .status = *status,
      .attempts = static_cast<int>(row.ColumnInt64(first + 1)),
      .queue_time = TimeFromMicros(row.ColumnOptionalInt64(first + 2)),
      .next_attempt_time = TimeFromMicros(row.ColumnOptionalInt64(first + 3)),
      .sent_time = TimeFromMicros(row.ColumnOptionalInt64(first + 4)),
      .last_error = row.ColumnText(first + 5),
  };
  return absl::OkStatus();
}

// The invoice's email, if it has one (a processed invoice).
absl::Status LoadDelivery(Connection& db, domain::Invoice& invoice) {
  ASSIGN_OR_RETURN(Statement query,
                   db.Prepare("SELECT status, attempts, queue_time_us, next_attempt_time_us, "
                              "sent_time_us, last_error FROM invoice_emails "
                              "WHERE account_id = ?1 AND invoice_id = ?2"));
  query.BindText(1, invoice.account_id).BindText(2, invoice.id);
  ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return absl::OkStatus();
  return ReadDelivery(query, 0, invoice);
}

// The ids as a JSON array, for `IN (SELECT value FROM json_each(?))`: one
// statement text however many invoices, so the statement cache stays small.
std::string JsonIdArray(const std::vector<domain::Invoice>& invoices) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string json = "[";
  for (const domain::Invoice& invoice : invoices) {
    if (json.size() > 1) json += ',';
    json += '"';
    for (char ch : invoice.id) {  // ids are [A-Za-z0-9_-]; escaped all the same
      const auto byte = static_cast<unsigned char>(ch);
      if (ch == '"' || ch == '\\') {
        json += '\\';
        json += ch;
      } else if (byte < 0x20) {
        json += "\\u00";
        json += kHex[byte >> 4];
        json += kHex[byte & 0xf];
      } else {
        json += ch;
      }
    }
    json += '"';
  }
  json += ']';
  return json;
}

// Every invoice's line items and email in two queries for all of them (not
// two per invoice). The invoices must all be of one account.
absl::Status LoadLineItemsAndDeliveries(Connection& db, std::vector<domain::Invoice>& invoices) {
  absl::flat_hash_map<std::string_view, domain::Invoice*> by_id;
  by_id.reserve(invoices.size());
  for (domain::Invoice& invoice : invoices) by_id[invoice.id] = &invoice;
  const std::string ids = JsonIdArray(invoices);
  const std::string& account_id = invoices.front().account_id;
  {
    ASSIGN_OR_RETURN(
        Statement query,
        db.Prepare("SELECT invoice_id, description, quantity, unit_amount_minor, amount_minor, "
                   "service_period_start, service_period_end FROM invoice_line_items "
                   "WHERE account_id = ?1 AND invoice_id IN (SELECT value FROM json_each(?2)) "
                   "ORDER BY invoice_id, position"));
    query.BindText(1, account_id).BindText(2, ids);
    while (true) {
      ASSIGN_OR_RETURN(bool row, query.Step());
      if (!row) break;
      auto it = by_id.find(query.ColumnText(0));
      if (it == by_id.end()) continue;
      ASSIGN_OR_RETURN(domain::LineItem item, ReadLineItem(query, 1));
      it->second->line_items.push_back(std::move(item));
    }
  }
  ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare("SELECT invoice_id, status, attempts, queue_time_us, next_attempt_time_us, "
                 "sent_time_us, last_error FROM invoice_emails "
                 "WHERE account_id = ?1 AND invoice_id IN (SELECT value FROM json_each(?2))"));
  query.BindText(1, account_id).BindText(2, ids);
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return absl::OkStatus();
    auto it = by_id.find(query.ColumnText(0));
    if (it == by_id.end()) continue;
    RETURN_IF_ERROR(ReadDelivery(query, 1, *it->second));
  }
}

absl::Status StoreDelivery(Connection& db, const domain::Invoice& invoice) {
  const domain::InvoiceDelivery& d = invoice.delivery;
  if (d.status == domain::InvoiceDeliveryStatus::kNone) return absl::OkStatus();
  ASSIGN_OR_RETURN(
      Statement upsert,
      db.Prepare("INSERT INTO invoice_emails (account_id, invoice_id, status, attempts, "
                 "queue_time_us, next_attempt_time_us, sent_time_us, last_error) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                 "ON CONFLICT (account_id, invoice_id) DO UPDATE SET status = excluded.status, "
                 "attempts = excluded.attempts, queue_time_us = excluded.queue_time_us, "
                 "next_attempt_time_us = excluded.next_attempt_time_us, "
                 "sent_time_us = excluded.sent_time_us, last_error = excluded.last_error"));
  upsert.BindText(1, invoice.account_id)
      .BindText(2, invoice.id)
      .BindText(3, domain::InvoiceDeliveryStatusName(d.status))
      .BindInt64(4, d.attempts)
      .BindOptionalInt64(5, TimeToMicros(d.queue_time))
      .BindOptionalInt64(6, TimeToMicros(d.next_attempt_time))
      .BindOptionalInt64(7, TimeToMicros(d.sent_time))
      .BindText(8, d.last_error);
  return upsert.Run();
}

// Steps `query` (selecting kInvoiceColumns) to the end, then loads each
// invoice's line items. Rows are collected first so that only one statement
// is active at a time.
absl::StatusOr<std::vector<domain::Invoice>> CollectInvoices(Connection& db, Statement& query) {
  std::vector<domain::Invoice> invoices;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(domain::Invoice invoice, ReadInvoice(query));
    invoices.push_back(std::move(invoice));
  }
  // Several invoices of one account (a list page, a revenue batch): their
  // lines and emails in one query each. One invoice, or invoices of several
  // accounts: by key, as before.
  const bool one_account =
      invoices.size() > 1 &&
      std::all_of(invoices.begin(), invoices.end(), [&](const domain::Invoice& invoice) {
        return invoice.account_id == invoices.front().account_id;
      });
  if (one_account) {
    RETURN_IF_ERROR(LoadLineItemsAndDeliveries(db, invoices));
    return invoices;
  }
  for (domain::Invoice& invoice : invoices) {
    ASSIGN_OR_RETURN(invoice.line_items,
                             LoadLineItems(db, invoice.account_id, invoice.id));
    RETURN_IF_ERROR(LoadDelivery(db, invoice));
  }
  return invoices;
}

// The WHERE clause of a list: only the filters in use appear, so that SQLite
// can pick the matching index (by customer, by status, or by account).
// Parameters: ?1 account, ?2 customer, ?3 status, ?6 number.
std::string ListWhereClause(const InvoiceFilter& filter) {
  std::string where = " WHERE account_id = ?1";
  if (!filter.customer_id.empty()) absl::StrAppend(&where, " AND customer_id = ?2");
  if (filter.status.has_value()) absl::StrAppend(&where, " AND status = ?3");
  if (!filter.number.empty()) absl::StrAppend(&where, " AND number = ?6");
  return where;
}

void BindListFilter(Statement& statement, std::string_view account_id,
                    const InvoiceFilter& filter) {
  statement.BindText(1, account_id);
  if (!filter.customer_id.empty()) statement.BindText(2, filter.customer_id);
  if (filter.status.has_value()) statement.BindText(3, domain::InvoiceStatusName(*filter.status));
  if (!filter.number.empty()) statement.BindText(6, filter.number);
}


}  // namespace

absl::StatusOr<domain::Invoice> GetInvoice(Connection& db, std::string_view account_id,
                                           std::string_view invoice_id) {
  ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare(absl::StrCat("SELECT ", kInvoiceColumns,
                              " FROM invoices WHERE account_id = ?1 AND id = ?2")));
  query.BindText(1, account_id).BindText(2, invoice_id);
  ASSIGN_OR_RETURN(std::vector<domain::Invoice> found, CollectInvoices(db, query));
  if (found.empty()) return InvoiceNotFound(invoice_id);
  return std::move(found.front());
}

absl::Status InsertInvoice(Connection& db, const domain::Invoice& invoice) {
  RETURN_IF_ERROR(CheckCustomerExists(db, invoice.account_id, invoice.customer_id));
  ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare(absl::StrCat("INSERT INTO invoices (", kInvoiceColumns,
                              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                              "?16)")));
  BindInvoice(insert, invoice);
  absl::Status status = insert.Run();
  if (IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("invoice ", invoice.id, " already exists"));
  }
  RETURN_IF_ERROR(status);
  return InsertLineItems(db, invoice);
}

absl::Status UpdateInvoice(Connection& db, const domain::Invoice& invoice) {
  RETURN_IF_ERROR(CheckInvoiceExists(db, invoice.account_id, invoice.id));
  // A draft may move to another customer; it must be one of the account's.
  RETURN_IF_ERROR(CheckCustomerExists(db, invoice.account_id, invoice.customer_id));
  ASSIGN_OR_RETURN(
      Statement update,
      db.Prepare("UPDATE invoices SET customer_id = ?3, currency = ?4, amount_minor = ?5, "
                 "status = ?6, due_date = ?7, notes = ?8, update_time_us = ?10, "
                 "process_time_us = ?11, pay_time_us = ?12, cancel_time_us = ?13, number = ?14, "
                 "amount_paid_minor = ?15, amount_credited_minor = ?16 "
                 "WHERE account_id = ?1 AND id = ?2"));
  BindInvoice(update, invoice);  // ?9, create_time, is set once by InsertInvoice
  absl::Status updated = update.Run();
  if (IsUniqueViolation(updated)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("invoice number ", invoice.number, " is taken"));
  }
  RETURN_IF_ERROR(updated);
  // Lines have no identity of their own: replacing them all is simplest and
  // keeps positions dense.
  RETURN_IF_ERROR(DeleteLineItems(db, invoice.account_id, invoice.id));
  RETURN_IF_ERROR(InsertLineItems(db, invoice));
  return StoreDelivery(db, invoice);
}

absl::StatusOr<std::optional<domain::Invoice>> ClaimDueInvoiceEmail(Connection& db,
                                                                    absl::Time now,
                                                                    absl::Time lease_until) {
  // One process is the only writer of a SQLite file, and this runs inside
  // its write transaction: nothing else can claim meanwhile.
  std::string account_id;
  std::string invoice_id;
  {
    ASSIGN_OR_RETURN(Statement due,
                     db.Prepare("SELECT account_id, invoice_id FROM invoice_emails "
                                "WHERE status = 'queued' AND next_attempt_time_us <= ?1 "
                                "ORDER BY next_attempt_time_us LIMIT 1"));
    due.BindInt64(1, TimeToMicros(now));
    ASSIGN_OR_RETURN(bool row, due.Step());
    if (!row) return std::nullopt;
    account_id = due.ColumnText(0);
    invoice_id = due.ColumnText(1);
  }
  ASSIGN_OR_RETURN(domain::Invoice invoice, GetInvoice(db, account_id, invoice_id));
  invoice.delivery.next_attempt_time = lease_until;
  RETURN_IF_ERROR(StoreDelivery(db, invoice));
  return invoice;
}

absl::Status DeleteInvoice(Connection& db, std::string_view account_id,
                           std::string_view invoice_id) {
  // Line items go with it (ON DELETE CASCADE).
  ASSIGN_OR_RETURN(
      Statement remove, db.Prepare("DELETE FROM invoices WHERE account_id = ?1 AND id = ?2"));
  remove.BindText(1, account_id).BindText(2, invoice_id);
  RETURN_IF_ERROR(remove.Run());
  if (db.ChangedRows() == 0) return InvoiceNotFound(invoice_id);
  return absl::OkStatus();
}

absl::StatusOr<domain::Page<domain::Invoice>> ListInvoices(Connection& db,
                                                           std::string_view account_id,
                                                           const InvoiceFilter& filter,
                                                           const domain::PageRequest& page) {
  ASSIGN_OR_RETURN(Statement query,
                   db.Prepare(PagedSelect(kInvoiceColumns, "invoices", ListWhereClause(filter),
                                          /*newest_first=*/false, page)));
  BindListFilter(query, account_id, filter);
  BindPage(query, page);
  domain::Page<domain::Invoice> result{.request = page};
  ASSIGN_OR_RETURN(result.items, CollectInvoices(db, query));
  FinishPage(result);
  if (!filter.number.empty()) {
    // A number names at most one invoice (unique index): counting is one
    // index probe, where a counter per number would be a row per invoice.
    ASSIGN_OR_RETURN(Statement count,
                     db.Prepare(absl::StrCat("SELECT COUNT(*) FROM invoices", ListWhereClause(filter))));
    BindListFilter(count, account_id, filter);
    ASSIGN_OR_RETURN(bool row, count.Step());
    result.total_items = row ? count.ColumnInt64(0) : 0;
    return result;
  }
  ASSIGN_OR_RETURN(result.total_items,
                   ListedCount(db, account_id, "invoices", filter.customer_id,
                               filter.status.has_value()
                                   ? domain::InvoiceStatusName(*filter.status)
                                   : std::string_view("")));
  return result;
}

absl::StatusOr<std::vector<domain::Invoice>> ListProcessedInvoices(Connection& db,
                                                                   std::string_view account_id,
                                                                   std::string_view customer_id) {
  std::string sql = absl::StrCat("SELECT ", kInvoiceColumns,
                                 " FROM invoices WHERE account_id = ?1"
                                 " AND process_time_us IS NOT NULL");
  if (!customer_id.empty()) absl::StrAppend(&sql, " AND customer_id = ?2");
  absl::StrAppend(&sql, " ORDER BY create_time_us, id");
  ASSIGN_OR_RETURN(Statement query, db.Prepare(sql));
  query.BindText(1, account_id);
  if (!customer_id.empty()) query.BindText(2, customer_id);
  return CollectInvoices(db, query);
}

absl::Status ForEachProcessedInvoice(
    Connection& db, std::string_view account_id, std::string_view customer_id,
    absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) {
  constexpr int64_t kBatch = 500;
  std::optional<domain::PageCursor> after;
  while (true) {
    std::string sql = absl::StrCat("SELECT ", kInvoiceColumns,
                                   " FROM invoices WHERE account_id = ?1"
                                   " AND process_time_us IS NOT NULL");
    if (!customer_id.empty()) absl::StrAppend(&sql, " AND customer_id = ?2");
    if (after.has_value()) absl::StrAppend(&sql, " AND (create_time_us, id) > (?3, ?4)");
    absl::StrAppend(&sql, " ORDER BY create_time_us, id LIMIT ?5");
    ASSIGN_OR_RETURN(Statement query, db.Prepare(sql));
    query.BindText(1, account_id).BindInt64(5, kBatch);
    if (!customer_id.empty()) query.BindText(2, customer_id);
    if (after.has_value()) query.BindInt64(3, after->create_time_us).BindText(4, after->id);
    ASSIGN_OR_RETURN(std::vector<domain::Invoice> batch, CollectInvoices(db, query));
    for (const domain::Invoice& invoice : batch) RETURN_IF_ERROR(visit(invoice));
    if (static_cast<int64_t>(batch.size()) < kBatch) return absl::OkStatus();
    after = domain::PageCursor{.create_time_us = TimeToMicros(batch.back().create_time),
                               .id = batch.back().id};
  }
}

}  // namespace billing::storage
