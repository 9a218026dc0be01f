// Invoices with their line items and emails.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/text.h"
#include "storage/sql/email_queue.h"
#include "storage/sql/invoice_parties.h"
#include "storage/sql/list_paging.h"
#include "storage/sql/repositories.h"
#include "storage/sql/values.h"

namespace billing::storage::sql {
namespace {

using domain::ErrorCode;

#define INVOICE_COLUMNS                                                                     \
  "account_id, id, customer_id, currency, amount_minor, status, {day:due_date}, notes, "    \
  "{micros:create_time}, {micros:update_time}, {micros:process_time}, {micros:pay_time}, " \
  "{micros:cancel_time}, number, amount_paid_minor, amount_credited_minor, "               \
  "default_tax_rate_id, due_date_set"

#define LINE_ITEM_COLUMNS                                                          \
  "description, quantity_e4, unit_amount_minor, amount_minor, "                    \
  "{day:service_period_start}, {day:service_period_end}, discount_minor, "         \
  "tax_rate_id, tax_category, tax_percentage_e4, tax_inclusive, tax_exemption_reason, " \
  "tax_exemption_reason_code"

absl::Status InvoiceNotFound(std::string_view invoice_id) {
  return domain::Error(ErrorCode::kInvoiceNotFound,
                       absl::StrCat("invoice ", domain::Av(invoice_id), " not found"));
}

absl::Status CustomerNotFound(std::string_view customer_id) {
  return domain::Error(ErrorCode::kCustomerNotFound,
                       absl::StrCat("customer ", domain::Av(customer_id), " not found"));
}

absl::Status CheckCustomerExists(Session& s, std::string_view account_id,
                                 std::string_view customer_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s.Prepare("SELECT 1 FROM customers WHERE account_id = ?1 AND id = ?2"));
  query->BindText(1, account_id).BindText(2, customer_id);
  ASSIGN_OR_RETURN(bool exists, query->Step());
  return exists ? absl::OkStatus() : CustomerNotFound(customer_id);
}

// Binds ?1..?18 in the order of INVOICE_COLUMNS; without create_time (set
// once, by Insert) the columns after it are ?9..?16 (a parameter the
// statement does not use has no type for PostgreSQL).
void BindInvoice(Statement& statement, const domain::Invoice& invoice, bool with_create_time) {
  statement.BindText(1, invoice.account_id)
      .BindText(2, invoice.id)
      .BindText(3, invoice.customer_id)
      .BindText(4, invoice.currency)
      .BindInt64(5, invoice.amount)
      .BindText(6, domain::InvoiceStatusName(invoice.status))
      .BindText(7, DayText(invoice.due_date))
      .BindText(8, invoice.notes);
  int next = 9;
  if (with_create_time) statement.BindTime(next++, invoice.create_time);
  statement.BindTime(next, invoice.update_time)
      .BindOptionalTime(next + 1, invoice.process_time)
      .BindOptionalTime(next + 2, invoice.pay_time)
      .BindOptionalTime(next + 3, invoice.cancel_time)
      .BindOptionalText(next + 4, invoice.number.empty()
                                      ? std::nullopt
                                      : std::optional<std::string_view>(invoice.number))
      .BindInt64(next + 5, invoice.amount_paid)
      .BindInt64(next + 6, invoice.amount_credited)
      .BindText(next + 7, invoice.default_tax_rate_id)
      .BindBool(next + 8, invoice.has_due_date);
}

// Reads a row of INVOICE_COLUMNS; line items and email are loaded apart.
absl::StatusOr<domain::Invoice> ReadInvoice(const Statement& row) {
  domain::Invoice invoice{
      .account_id = row.Text(0),
      .id = row.Text(1),
      .customer_id = row.Text(2),
      .currency = row.Text(3),
      .amount = row.Int64(4),
      .notes = row.Text(7),
      .create_time = row.Time(8),
      .update_time = row.Time(9),
      .process_time = row.OptionalTime(10),
      .pay_time = row.OptionalTime(11),
      .cancel_time = row.OptionalTime(12),
      .number = row.Text(13),
      .amount_paid = row.Int64(14),
      .amount_credited = row.Int64(15),
      .default_tax_rate_id = row.Text(16),
  };
  ASSIGN_OR_RETURN(invoice.status, InvoiceStatusFromText(row.Text(5)));
  ASSIGN_OR_RETURN(invoice.due_date, DayFromText(row.Text(6)));
  invoice.has_due_date = row.Bool(17);
  return invoice;
}

// Reads LINE_ITEM_COLUMNS from the row's columns `first` to `first` + 12.
absl::StatusOr<domain::LineItem> ReadLineItem(const Statement& row, int first) {
  domain::LineItem item{
      .description = row.Text(first),
      .quantity = domain::DecimalQuantity{row.Int64(first + 1)},
      .unit_amount = row.Int64(first + 2),
      .amount = row.Int64(first + 3),
      .discount_amount = row.Int64(first + 6),
      .tax_rate_id = row.Text(first + 7),
  };
  ASSIGN_OR_RETURN(item.service_period_start, OptionalDayFromText(row.OptionalText(first + 4)));
  ASSIGN_OR_RETURN(item.service_period_end, OptionalDayFromText(row.OptionalText(first + 5)));
  const std::string category = row.Text(first + 8);
  if (!category.empty()) {
    std::optional<domain::TaxCategory> parsed = domain::TaxCategoryFromCode(category);
    if (!parsed.has_value()) {
      return absl::DataLossError(absl::StrCat("a line has an unknown tax category ",
                                              domain::Av(category)));
    }
    item.tax_rate = domain::TaxRateTerms{.percentage = row.Int64(first + 9),
                                         .inclusive = row.Bool(first + 10),
                                         .category = *parsed,
                                         .exemption_reason = row.Text(first + 11),
                                         .exemption_reason_code = row.Text(first + 12)};
  }
  return item;
}

absl::Status LoadLineItems(Session& s, domain::Invoice& invoice) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s.Prepare("SELECT " LINE_ITEM_COLUMNS " FROM invoice_line_items "
                             "WHERE account_id = ?1 AND invoice_id = ?2 ORDER BY position"));
  query->BindText(1, invoice.account_id).BindText(2, invoice.id);
  invoice.line_items.clear();
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return absl::OkStatus();
    ASSIGN_OR_RETURN(domain::LineItem item, ReadLineItem(*query, 0));
    invoice.line_items.push_back(std::move(item));
  }
}

// The invoice's email, if it has one (a processed invoice).
absl::Status LoadDelivery(Session& s, domain::Invoice& invoice) {
  ASSIGN_OR_RETURN(std::optional<domain::InvoiceDelivery> delivery,
                   sql::LoadDelivery(s, kInvoiceEmailQueue, invoice.account_id, invoice.id,
                                     /*lock=*/false));
  if (delivery.has_value()) invoice.delivery = *std::move(delivery);
  return absl::OkStatus();
}

// Every invoice's line items and email in two queries for all of them (not
// two per invoice). The invoices must all be of one account.
// What a read of several invoices fills in: everything, or what reports
// (revenue, tax) read: the lines and totals, without the frozen parties and
// the email delivery, which are most of the decoding per invoice.
enum class InvoiceParts { kWhole, kForReports };

absl::Status LoadLineItemsAndDeliveries(Session& s, std::vector<domain::Invoice>& invoices,
                                        InvoiceParts parts) {
  absl::flat_hash_map<std::string_view, domain::Invoice*> by_id;
  by_id.reserve(invoices.size());
  for (domain::Invoice& invoice : invoices) by_id[invoice.id] = &invoice;
  const std::string ids = JsonIdArray(invoices);
  const std::string& account_id = invoices.front().account_id;
  {
    ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                     s.Prepare("SELECT invoice_id, " LINE_ITEM_COLUMNS
                               " FROM invoice_line_items WHERE account_id = ?1"
                               " AND {in_json_list:invoice_id:2} ORDER BY invoice_id, position"));
    query->BindText(1, account_id).BindText(2, ids);
    while (true) {
      ASSIGN_OR_RETURN(bool row, query->Step());
      if (!row) break;
      auto it = by_id.find(query->Text(0));
      if (it == by_id.end()) continue;
      ASSIGN_OR_RETURN(domain::LineItem item, ReadLineItem(*query, 1));
      it->second->line_items.push_back(std::move(item));
    }
  }
  if (parts == InvoiceParts::kForReports) return absl::OkStatus();
  ASSIGN_OR_RETURN(DeliveriesById deliveries,
                   LoadDeliveries(s, kInvoiceEmailQueue, account_id, ids));
  for (auto& [id, delivery] : deliveries) {
    auto it = by_id.find(id);
    if (it != by_id.end()) it->second->delivery = std::move(delivery);
  }
  return absl::OkStatus();
}

// Steps `query` (selecting INVOICE_COLUMNS) to the end, then loads the
// invoices' line items and emails. Rows are collected first so that only
// one statement is active at a time.
absl::StatusOr<std::vector<domain::Invoice>> CollectInvoices(
    Session& s, Statement& query, InvoiceParts parts = InvoiceParts::kWhole) {
  std::vector<domain::Invoice> invoices;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(domain::Invoice invoice, ReadInvoice(query));
    invoices.push_back(std::move(invoice));
  }
  // Several invoices of one account (a list page, a revenue batch): their
  // lines and emails in one query each. One invoice, or invoices of several
  // accounts: by key.
  const bool one_account =
      invoices.size() > 1 &&
      std::all_of(invoices.begin(), invoices.end(), [&](const domain::Invoice& invoice) {
        return invoice.account_id == invoices.front().account_id;
      });
  if (one_account) {
    RETURN_IF_ERROR(LoadLineItemsAndDeliveries(s, invoices, parts));
    if (parts == InvoiceParts::kWhole) {
      RETURN_IF_ERROR(LoadInvoiceParties(s, invoices, JsonIdArray(invoices)));
    }
  } else {
    for (domain::Invoice& invoice : invoices) {
      RETURN_IF_ERROR(LoadLineItems(s, invoice));
      if (parts == InvoiceParts::kForReports) continue;
      RETURN_IF_ERROR(LoadDelivery(s, invoice));
      RETURN_IF_ERROR(LoadInvoiceParties(s, invoice));
    }
  }
  // Subtotal, tax and breakdown follow from the lines and their frozen terms.
  for (domain::Invoice& invoice : invoices) {
    RETURN_IF_ERROR(domain::ComputeInvoiceTotals(invoice));
  }
  return invoices;
}

absl::StatusOr<std::vector<domain::Invoice>> SelectInvoices(
    Session& s, std::string_view sql, const Params& params,
    InvoiceParts parts = InvoiceParts::kWhole) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query, s.Prepare(sql));
  params.BindTo(*query);
  return CollectInvoices(s, *query, parts);
}

absl::Status InsertLineItems(Session& s, const domain::Invoice& invoice) {
  for (size_t position = 0; position < invoice.line_items.size(); ++position) {
    const domain::LineItem& item = invoice.line_items[position];
    ASSIGN_OR_RETURN(std::unique_ptr<Statement> insert,
                     s.Prepare("INSERT INTO invoice_line_items (account_id, invoice_id, position, "
                               "description, quantity, unit_amount_minor, amount_minor, "
                               "service_period_start, service_period_end, quantity_e4, "
                               "discount_minor, tax_rate_id, tax_category, tax_percentage_e4, "
                               "tax_inclusive, tax_exemption_reason, tax_exemption_reason_code) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                               "?14, ?15, ?16, ?17)"));
    const std::optional<std::string> start =
        item.service_period_start.has_value()
            ? std::optional<std::string>(DayText(*item.service_period_start))
            : std::nullopt;
    const std::optional<std::string> end =
        item.service_period_end.has_value()
            ? std::optional<std::string>(DayText(*item.service_period_end))
            : std::nullopt;
    insert->BindText(1, invoice.account_id)
        .BindText(2, invoice.id)
        .BindInt64(3, static_cast<int64_t>(position))
        .BindText(4, item.description)
        .BindInt64(5, item.quantity.ten_thousandths / domain::kQuantityScale)
        .BindInt64(6, item.unit_amount)
        .BindInt64(7, item.amount)
        .BindOptionalText(8, start)
        .BindOptionalText(9, end)
        .BindInt64(10, item.quantity.ten_thousandths)
        .BindInt64(11, item.discount_amount)
        .BindText(12, item.tax_rate_id)
        .BindText(13, item.tax_rate.has_value() ? domain::TaxCategoryCode(item.tax_rate->category)
                                                : std::string_view(""))
        .BindInt64(14, item.tax_rate.has_value() ? item.tax_rate->percentage : 0)
        .BindBool(15, item.tax_rate.has_value() && item.tax_rate->inclusive)
        .BindText(16, item.tax_rate.has_value() ? item.tax_rate->exemption_reason : "")
        .BindText(17, item.tax_rate.has_value() ? item.tax_rate->exemption_reason_code : "");
    RETURN_IF_ERROR(insert->Run());
  }
  return absl::OkStatus();
}

absl::Status StoreDelivery(Session& s, const domain::Invoice& invoice) {
  return sql::StoreDelivery(s, kInvoiceEmailQueue, invoice.account_id, invoice.id,
                            invoice.delivery);
}

// Only the filters in use appear, so the database picks the matching index
// (by customer, by status, by number, or by account).
std::string ListWhere(std::string_view account_id, const app::InvoiceFilter& filter,
                      Params& params) {
  std::string where = absl::StrCat(" WHERE account_id = ", params.Text(account_id));
  if (!filter.customer_id.empty()) {
    absl::StrAppend(&where, " AND customer_id = ", params.Text(filter.customer_id));
  }
  if (filter.status.has_value()) {
    absl::StrAppend(&where, " AND status = ",
                    params.Text(domain::InvoiceStatusName(*filter.status)));
  }
  if (!filter.number.empty()) absl::StrAppend(&where, " AND number = ", params.Text(filter.number));
  if (filter.overdue.has_value()) {
    // docs/collections.md: pending, something due, due before today.
    absl::StrAppend(&where, *filter.overdue ? " AND " : " AND NOT ",
                    "(status = 'pending' AND amount_minor - amount_paid_minor - "
                    "amount_credited_minor > 0 AND due_date < ",
                    params.Text(DayText(filter.today)), ")");
  }
  return where;
}

// A time window [from, until).
struct TimeWindow {
  absl::Time from;
  absl::Time until;
};

// The processed invoices of the account (and customer, when given), oldest
// first, after `after` when given, at most `limit` (0: all); with `window`,
// only those processed, cancelled (the last update of one cancelled without
// a cancel time) or credited (a note created) in it.
absl::StatusOr<std::vector<domain::Invoice>> SelectProcessed(
    Session& s, std::string_view account_id, std::string_view customer_id,
    const std::optional<domain::PageCursor>& after, int64_t limit,
    const std::optional<TimeWindow>& window = std::nullopt,
    InvoiceParts parts = InvoiceParts::kWhole) {
  Params params;
  std::string sql = absl::StrCat("SELECT " INVOICE_COLUMNS " FROM invoices WHERE account_id = ",
                                 params.Text(account_id), " AND {time:process_time} IS NOT NULL");
  if (!customer_id.empty()) absl::StrAppend(&sql, " AND customer_id = ", params.Text(customer_id));
  if (window.has_value()) {
    const std::string from = absl::StrCat("CAST(", params.Time(window->from), " AS {time_type})");
    const std::string until =
        absl::StrCat("CAST(", params.Time(window->until), " AS {time_type})");
    absl::StrAppend(&sql, " AND (({time:process_time} >= ", from, " AND {time:process_time} < ",
                    until, ") OR ({time:cancel_time} >= ", from, " AND {time:cancel_time} < ",
                    until, ") OR ({time:cancel_time} IS NULL AND status = 'cancelled' AND "
                    "{time:update_time} >= ", from, " AND {time:update_time} < ", until,
                    ") OR EXISTS (SELECT 1 FROM credit_notes c WHERE c.account_id = "
                    "invoices.account_id AND c.invoice_id = invoices.id AND "
                    "{time:c.create_time} >= ", from, " AND {time:c.create_time} < ", until, "))");
  }
  if (after.has_value()) {
    const std::string time = params.Time(absl::FromUnixMicros(after->create_time_us));
    absl::StrAppend(&sql, " AND ({time:create_time}, id) > (CAST(", time,
                    " AS {time_type}), ", params.Text(after->id), ")");
  }
  absl::StrAppend(&sql, " ORDER BY {time:create_time}, id");
  if (limit > 0) absl::StrAppend(&sql, " LIMIT ", params.Int64(limit));
  return SelectInvoices(s, sql, params, parts);
}

}  // namespace

absl::StatusOr<domain::Invoice> Invoices::Get(std::string_view account_id,
                                              std::string_view invoice_id) {
  Params params;
  std::string sql = absl::StrCat("SELECT " INVOICE_COLUMNS " FROM invoices WHERE account_id = ",
                                 params.Text(account_id));
  absl::StrAppend(&sql, " AND id = ", params.Text(invoice_id), "{lock:no_key_update}");
  ASSIGN_OR_RETURN(std::vector<domain::Invoice> found, SelectInvoices(s_, sql, params));
  if (found.empty()) return InvoiceNotFound(invoice_id);
  return std::move(found.front());
}

absl::Status Invoices::Insert(const domain::Invoice& invoice) {
  RETURN_IF_ERROR(CheckCustomerExists(s_, invoice.account_id, invoice.customer_id));
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> insert,
                   s_.Prepare("INSERT INTO invoices (account_id, id, customer_id, currency, "
                              "amount_minor, status, due_date, notes, {time:create_time}, "
                              "{time:update_time}, {time:process_time}, {time:pay_time}, "
                              "{time:cancel_time}, number, amount_paid_minor, "
                              "amount_credited_minor, default_tax_rate_id, due_date_set) VALUES "
                              "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                              "?16, ?17, ?18)"));
  BindInvoice(*insert, invoice, /*with_create_time=*/true);
  absl::Status status = insert->Run();
  if (s_.dialect().IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("invoice ", invoice.id, " already exists"));
  }
  // A customer deleted meanwhile by another replica: the foreign key.
  if (s_.dialect().IsForeignKeyViolation(status)) return CustomerNotFound(invoice.customer_id);
  RETURN_IF_ERROR(status);
  return InsertLineItems(s_, invoice);
}

absl::Status Invoices::Update(const domain::Invoice& invoice) {
  // No customer check first: the foreign key checks a changed customer (an
  // unchanged one exists); each statement is a round trip (PostgreSQL).
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> update,
      s_.Prepare("UPDATE invoices SET customer_id = ?3, currency = ?4, amount_minor = ?5, "
                 "status = ?6, due_date = ?7, notes = ?8, {time:update_time} = ?9, "
                 "{time:process_time} = ?10, {time:pay_time} = ?11, {time:cancel_time} = ?12, "
                 "number = ?13, amount_paid_minor = ?14, amount_credited_minor = ?15, "
                 "default_tax_rate_id = ?16, due_date_set = ?17 WHERE account_id = ?1 AND id = ?2"));
  BindInvoice(*update, invoice, /*with_create_time=*/false);
  absl::Status updated = update->Run();
  if (s_.dialect().IsUniqueViolation(updated)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("invoice number ", invoice.number, " is taken"));
  }
  if (s_.dialect().IsForeignKeyViolation(updated)) return CustomerNotFound(invoice.customer_id);
  RETURN_IF_ERROR(updated);
  if (update->changed_rows() == 0) return InvoiceNotFound(invoice.id);
  // Lines have no identity of their own: replacing them all keeps positions
  // dense.
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> remove,
      s_.Prepare("DELETE FROM invoice_line_items WHERE account_id = ?1 AND invoice_id = ?2"));
  remove->BindText(1, invoice.account_id).BindText(2, invoice.id);
  RETURN_IF_ERROR(remove->Run());
  RETURN_IF_ERROR(InsertLineItems(s_, invoice));
  RETURN_IF_ERROR(SaveInvoiceParties(s_, invoice));
  return StoreDelivery(s_, invoice);
}

absl::Status Invoices::SetStatusAndNumber(const domain::Invoice& invoice) {
  // Runs while processing holds the customer's balance and the account's
  // number sequence (PostgreSQL): one statement, one round trip. A status
  // change moves the list counters (trigger), as in Update.
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> update,
                   s_.Prepare("UPDATE invoices SET status = ?3, number = ?4 "
                              "WHERE account_id = ?1 AND id = ?2"));
  update->BindText(1, invoice.account_id)
      .BindText(2, invoice.id)
      .BindText(3, domain::InvoiceStatusName(invoice.status))
      .BindOptionalText(4, invoice.number.empty()
                               ? std::nullopt
                               : std::optional<std::string_view>(invoice.number));
  absl::Status updated = update->Run();
  if (s_.dialect().IsUniqueViolation(updated)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("invoice number ", invoice.number, " is taken"));
  }
  RETURN_IF_ERROR(updated);
  if (update->changed_rows() == 0) return InvoiceNotFound(invoice.id);
  return absl::OkStatus();
}

absl::Status Invoices::Delete(std::string_view account_id, std::string_view invoice_id) {
  // Line items and email go with it (ON DELETE CASCADE).
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> remove,
                   s_.Prepare("DELETE FROM invoices WHERE account_id = ?1 AND id = ?2"));
  remove->BindText(1, account_id).BindText(2, invoice_id);
  RETURN_IF_ERROR(remove->Run());
  if (remove->changed_rows() == 0) return InvoiceNotFound(invoice_id);
  return absl::OkStatus();
}

absl::StatusOr<domain::Page<domain::Invoice>> Invoices::List(std::string_view account_id,
                                                             const app::InvoiceFilter& filter,
                                                             const domain::PageRequest& page) {
  Params params;
  const std::string where = ListWhere(account_id, filter, params);
  const Params count_params = params;
  const std::string select =
      PagedSelect(INVOICE_COLUMNS, "invoices", where, /*newest_first=*/false, page, params);
  domain::Page<domain::Invoice> result{.request = page};
  ASSIGN_OR_RETURN(result.items, SelectInvoices(s_, select, params));
  FinishPage(result);
  if (!filter.number.empty() || filter.overdue.has_value()) {
    // A number names at most one invoice (unique index): counting is one
    // index probe, where a counter per number would be a row per invoice.
    // Overdue depends on the day: no counter can keep it, so it is counted.
    ASSIGN_OR_RETURN(result.total_items, CountRows(s_, "invoices", where, count_params));
    return result;
  }
  ASSIGN_OR_RETURN(result.total_items,
                   ListedCount(s_, account_id, "invoices", filter.customer_id,
                               filter.status.has_value()
                                   ? domain::InvoiceStatusName(*filter.status)
                                   : std::string_view("")));
  return result;
}

absl::StatusOr<std::vector<domain::Invoice>> Invoices::ListProcessed(
    std::string_view account_id, std::string_view customer_id) {
  return SelectProcessed(s_, account_id, customer_id, std::nullopt, /*limit=*/0);
}

absl::Status Invoices::ForEachProcessed(
    std::string_view account_id, std::string_view customer_id,
    absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) {
  constexpr int64_t kBatch = 500;
  std::optional<domain::PageCursor> after;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<domain::Invoice> batch,
                     SelectProcessed(s_, account_id, customer_id, after, kBatch,
                                     std::nullopt, InvoiceParts::kForReports));
    for (const domain::Invoice& invoice : batch) RETURN_IF_ERROR(visit(invoice));
    if (static_cast<int64_t>(batch.size()) < kBatch) return absl::OkStatus();
    after = domain::PageCursor{.create_time_us = absl::ToUnixMicros(batch.back().create_time),
                               .id = batch.back().id};
  }
}

absl::Status Invoices::ForEachRevenueInvoice(
    std::string_view account_id, std::string_view customer_id,
    absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) {
  // One statement a batch: a page of processed invoices, oldest first, with
  // only the columns revenue uses, joined to their lines (an invoice without
  // lines: one row of NULL line columns). No emails, parties, notes or
  // totals, whose decoding was a fifth of a calculation's CPU (bench/README).
  constexpr int64_t kBatch = 500;
  domain::Invoice invoice;  // reused: its strings and lines keep their memory
  invoice.account_id = std::string(account_id);
  std::optional<domain::PageCursor> after;
  while (true) {
    Params params;
    std::string page = absl::StrCat(
        "SELECT id, currency, amount_minor, status, {micros:create_time} AS create_us, "
        "{micros:update_time} AS update_us, {micros:process_time} AS process_us, "
        "{micros:cancel_time} AS cancel_us, {day:due_date} AS due FROM invoices "
        "WHERE account_id = ",
        params.Text(account_id), " AND {time:process_time} IS NOT NULL");
    if (!customer_id.empty()) {
      absl::StrAppend(&page, " AND customer_id = ", params.Text(customer_id));
    }
    if (after.has_value()) {
      const std::string time = params.Time(absl::FromUnixMicros(after->create_time_us));
      absl::StrAppend(&page, " AND ({time:create_time}, id) > (CAST(", time,
                      " AS {time_type}), ", params.Text(after->id), ")");
    }
    absl::StrAppend(&page, " ORDER BY {time:create_time}, id LIMIT ", params.Int64(kBatch));
    // ?1 is the account.
    ASSIGN_OR_RETURN(
        std::unique_ptr<Statement> query,
        s_.Prepare(absl::StrCat(
            "SELECT i.id, i.currency, i.amount_minor, i.status, i.create_us, i.update_us, "
            "i.process_us, i.cancel_us, l.position, l.quantity_e4, l.unit_amount_minor, "
            "l.amount_minor, {day:l.service_period_start}, {day:l.service_period_end}, "
            "l.discount_minor, l.tax_category, l.tax_percentage_e4, l.tax_inclusive, "
            "l.tax_exemption_reason, l.tax_exemption_reason_code, i.due FROM (",
            page,
            ") i LEFT JOIN invoice_line_items l ON l.account_id = ?1 AND l.invoice_id = i.id "
            "ORDER BY i.create_us, i.id, l.position")));
    params.BindTo(*query);
    int64_t read = 0;  // invoices in this batch
    while (true) {
      ASSIGN_OR_RETURN(bool row, query->Step());
      if (!row) break;
      std::string id = query->Text(0);
      if (read == 0 || id != invoice.id) {
        if (read > 0) RETURN_IF_ERROR(visit(invoice));
        ++read;
        invoice.id = std::move(id);
        invoice.currency = query->Text(1);
        invoice.amount = query->Int64(2);
        ASSIGN_OR_RETURN(invoice.status, InvoiceStatusFromText(query->Text(3)));
        invoice.create_time = query->Time(4);
        invoice.update_time = query->Time(5);
        invoice.process_time = query->OptionalTime(6);
        invoice.cancel_time = query->OptionalTime(7);
        // Not used by revenue, but read as whole invoices read it: an
        // invoice with garbage in it fails the calculation visibly.
        ASSIGN_OR_RETURN(invoice.due_date, DayFromText(query->Text(20)));
        invoice.line_items.clear();
      }
      if (query->IsNull(8)) continue;  // an invoice without lines
      domain::LineItem& item = invoice.line_items.emplace_back();
      item.quantity = domain::DecimalQuantity{query->Int64(9)};
      item.unit_amount = query->Int64(10);
      item.amount = query->Int64(11);
      ASSIGN_OR_RETURN(item.service_period_start, OptionalDayFromText(query->OptionalText(12)));
      ASSIGN_OR_RETURN(item.service_period_end, OptionalDayFromText(query->OptionalText(13)));
      item.discount_amount = query->Int64(14);
      const std::string category = query->Text(15);
      if (category.empty()) continue;  // untaxed
      std::optional<domain::TaxCategory> parsed = domain::TaxCategoryFromCode(category);
      if (!parsed.has_value()) {
        return absl::DataLossError(
            absl::StrCat("a line has an unknown tax category ", domain::Av(category)));
      }
      item.tax_rate = domain::TaxRateTerms{.percentage = query->Int64(16),
                                           .inclusive = query->Bool(17),
                                           .category = *parsed,
                                           .exemption_reason = query->Text(18),
                                           .exemption_reason_code = query->Text(19)};
    }
    if (read > 0) RETURN_IF_ERROR(visit(invoice));
    if (read < kBatch) return absl::OkStatus();
    after = domain::PageCursor{.create_time_us = absl::ToUnixMicros(invoice.create_time),
                               .id = invoice.id};
  }
}

absl::Status Invoices::ForEachProcessedActiveIn(
    std::string_view account_id, absl::Time from, absl::Time until,
    absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) {
  constexpr int64_t kBatch = 500;
  std::optional<domain::PageCursor> after;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<domain::Invoice> batch,
                     SelectProcessed(s_, account_id, "", after, kBatch, TimeWindow{from, until},
                                     InvoiceParts::kForReports));
    for (const domain::Invoice& invoice : batch) RETURN_IF_ERROR(visit(invoice));
    if (static_cast<int64_t>(batch.size()) < kBatch) return absl::OkStatus();
    after = domain::PageCursor{.create_time_us = absl::ToUnixMicros(batch.back().create_time),
                               .id = batch.back().id};
  }
}

absl::StatusOr<std::optional<domain::Invoice>> Invoices::ClaimDueEmail(absl::Time now,
                                                                      absl::Time lease_until) {
  // The invoice's row is locked too, as every write of an invoice locks it
  // first: no API call can then write back the delivery it read before this
  // claim. SKIP LOCKED: an email another replica is claiming, or whose
  // invoice a call is changing, is passed over, never waited for (SQLite's
  // one writer: nothing else can claim meanwhile).
  std::string account_id;
  std::string invoice_id;
  {
    ASSIGN_OR_RETURN(
        std::unique_ptr<Statement> due,
        s_.Prepare("SELECT e.account_id, e.invoice_id FROM invoice_emails e "
                   "JOIN invoices i ON i.account_id = e.account_id AND i.id = e.invoice_id "
                   "WHERE e.status = 'queued' AND {time:e.next_attempt_time} <= ?1 "
                   "ORDER BY {time:e.next_attempt_time} LIMIT 1"
                   "{lock:no_key_update_skip_locked:e, i}"));
    due->BindTime(1, now);
    ASSIGN_OR_RETURN(bool row, due->Step());
    if (!row) return std::nullopt;
    account_id = due->Text(0);
    invoice_id = due->Text(1);
  }
  Params params;
  std::string sql = absl::StrCat("SELECT " INVOICE_COLUMNS " FROM invoices WHERE account_id = ",
                                 params.Text(account_id));
  absl::StrAppend(&sql, " AND id = ", params.Text(invoice_id));
  ASSIGN_OR_RETURN(std::vector<domain::Invoice> found, SelectInvoices(s_, sql, params));
  if (found.empty()) return std::nullopt;  // cascaded away with its invoice
  RETURN_IF_ERROR(LeaseDelivery(s_, kInvoiceEmailQueue, account_id, invoice_id, lease_until));
  found.front().delivery.next_attempt_time = lease_until;
  return std::move(found.front());
}

absl::StatusOr<std::vector<app::InvoiceKey>> ScanCollectibleInvoices(
    Session& s, std::string_view condition, absl::CivilDay due_before,
    const std::optional<app::InvoiceKey>& after, int limit) {
  Params params;
  std::string sql = absl::StrCat(
      "SELECT account_id, id FROM invoices WHERE status = 'pending' AND ", domain::Av(condition),
      "amount_minor - amount_paid_minor - amount_credited_minor > 0 AND due_date < ",
      params.Text(DayText(due_before)));
  if (after.has_value()) {
    const std::string account = params.Text(after->account_id);
    absl::StrAppend(&sql, " AND (account_id > ", account, " OR (account_id = ", account,
                    " AND id > ", params.Text(after->id), "))");
  }
  absl::StrAppend(&sql, " ORDER BY account_id, id LIMIT ", params.Int64(limit));
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query, s.Prepare(sql));
  params.BindTo(*query);
  std::vector<app::InvoiceKey> keys;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return keys;
    keys.push_back({.account_id = query->Text(0), .id = query->Text(1)});
  }
}

absl::StatusOr<std::vector<app::InvoiceKey>> Invoices::ListOverdueEventCandidates(
    absl::CivilDay due_before, const std::optional<app::InvoiceKey>& after, int limit) {
  return ScanCollectibleInvoices(s_, "{time:overdue_event_time} IS NULL AND ", due_before, after,
                                 limit);
}

absl::StatusOr<bool> Invoices::ClaimOverdueEvent(std::string_view account_id,
                                                 std::string_view invoice_id, absl::Time now) {
  // Only the first claim changes the row; a second scan (any replica)
  // waits for the first's row lock, then finds the column set.
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> claim,
                   s_.Prepare("UPDATE invoices SET {time:overdue_event_time} = ?3 "
                              "WHERE account_id = ?1 AND id = ?2 AND "
                              "{time:overdue_event_time} IS NULL"));
  claim->BindText(1, account_id).BindText(2, invoice_id).BindTime(3, now);
  RETURN_IF_ERROR(claim->Run());
  return claim->changed_rows() == 1;
}

}  // namespace billing::storage::sql
