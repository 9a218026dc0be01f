// Invoices with their line items, the ledger and the outbox.
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/text.h"
#include "storage/postgres/list_paging.h"
#include "storage/postgres/pg_error.h"
#include "storage/postgres/pg_values.h"
#include "storage/postgres/repositories.h"

namespace billing::storage::postgres {
namespace {

using domain::ErrorCode;

#define INVOICE_COLUMNS                                                                  \
  "account_id, id, customer_id, currency, amount_minor, status, "                        \
  BILLING_PG_DAY("due_date") ", notes, " BILLING_PG_MICROS("create_time") ", "           \
  BILLING_PG_MICROS("update_time") ", " BILLING_PG_MICROS("process_time") ", "           \
  BILLING_PG_MICROS("pay_time") ", " BILLING_PG_MICROS("cancel_time") ", number, "     \
  "amount_paid_minor, amount_credited_minor"

absl::Status InvoiceNotFound(std::string_view invoice_id) {
  return domain::Error(ErrorCode::kInvoiceNotFound,
                       absl::StrCat("invoice ", domain::Av(invoice_id), " not found"));
}

absl::Status CheckCustomerExists(PgConnection& c, std::string_view account_id,
                                 std::string_view customer_id) {
  ASSIGN_OR_RETURN(PgResult r, c.Query("SELECT 1 FROM customers WHERE account_id = $1 AND id = $2",
                                       {Text(account_id), Text(customer_id)}));
  if (r.rows() > 0) return absl::OkStatus();
  return domain::Error(ErrorCode::kCustomerNotFound,
                       absl::StrCat("customer ", domain::Av(customer_id), " not found"));
}

// The parameters $1..$16 in the order of the INSERT's columns.
Params InvoiceParams(const domain::Invoice& invoice) {
  return {Text(invoice.account_id),
          Text(invoice.id),
          Text(invoice.customer_id),
          Text(invoice.currency),
          Int(invoice.amount),
          Text(domain::InvoiceStatusName(invoice.status)),
          Day(invoice.due_date),
          Text(invoice.notes),
          Time(invoice.create_time),
          Time(invoice.update_time),
          OptionalTime(invoice.process_time),
          OptionalTime(invoice.pay_time),
          OptionalTime(invoice.cancel_time),
          EmptyAsNull(invoice.number),
          Int(invoice.amount_paid),
          Int(invoice.amount_credited)};
}

absl::StatusOr<domain::Invoice> ReadInvoice(const PgResult& r, int row) {
  domain::Invoice invoice{
      .account_id = r.Text(row, 0),
      .id = r.Text(row, 1),
      .customer_id = r.Text(row, 2),
      .currency = r.Text(row, 3),
      .amount = r.Int64(row, 4),
      .notes = r.Text(row, 7),
      .create_time = TimeFromMicros(r.Int64(row, 8)),
      .update_time = TimeFromMicros(r.Int64(row, 9)),
      .process_time = TimeFromMicros(r.OptionalInt64(row, 10)),
      .pay_time = TimeFromMicros(r.OptionalInt64(row, 11)),
      .cancel_time = TimeFromMicros(r.OptionalInt64(row, 12)),
      .number = r.Text(row, 13),
      .amount_paid = r.Int64(row, 14),
      .amount_credited = r.Int64(row, 15),
  };
  ASSIGN_OR_RETURN(invoice.status, InvoiceStatusFromText(r.Text(row, 5)));
  ASSIGN_OR_RETURN(invoice.due_date, DayFromText(r.Text(row, 6)));
  return invoice;
}

absl::StatusOr<std::vector<domain::LineItem>> LoadLineItems(PgConnection& c,
                                                            std::string_view account_id,
                                                            std::string_view invoice_id) {
  ASSIGN_OR_RETURN(
      PgResult r,
      c.Query("SELECT description, quantity, unit_amount_minor, amount_minor, " BILLING_PG_DAY(
                  "service_period_start") ", " BILLING_PG_DAY("service_period_end")
              " FROM invoice_line_items WHERE account_id = $1 AND invoice_id = $2"
              " ORDER BY position",
              {Text(account_id), Text(invoice_id)}));
  std::vector<domain::LineItem> items;
  for (int row = 0; row < r.rows(); ++row) {
    domain::LineItem item{
        .description = r.Text(row, 0),
        .quantity = r.Int64(row, 1),
        .unit_amount = r.Int64(row, 2),
        .amount = r.Int64(row, 3),
    };
    ASSIGN_OR_RETURN(item.service_period_start, OptionalDayFromText(r.OptionalText(row, 4)));
    ASSIGN_OR_RETURN(item.service_period_end, OptionalDayFromText(r.OptionalText(row, 5)));
    items.push_back(std::move(item));
  }
  return items;
}

absl::Status InsertLineItems(PgConnection& c, const domain::Invoice& invoice) {
  for (size_t position = 0; position < invoice.line_items.size(); ++position) {
    const domain::LineItem& item = invoice.line_items[position];
    RETURN_IF_ERROR(
        c.Query("INSERT INTO invoice_line_items (account_id, invoice_id, position, description, "
                "quantity, unit_amount_minor, amount_minor, service_period_start, "
                "service_period_end) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                {Text(invoice.account_id), Text(invoice.id), Int(static_cast<int64_t>(position)),
                 Text(item.description), Int(item.quantity), Int(item.unit_amount),
                 Int(item.amount), OptionalDay(item.service_period_start),
                 OptionalDay(item.service_period_end)})
            .status());
  }
  return absl::OkStatus();
}

// The invoice's email, if it has one (a processed invoice).
absl::Status LoadDelivery(PgConnection& c, domain::Invoice& invoice) {
  ASSIGN_OR_RETURN(
      PgResult r,
      c.Query("SELECT status, attempts, " BILLING_PG_MICROS("queue_time") ", " BILLING_PG_MICROS(
                  "next_attempt_time") ", " BILLING_PG_MICROS("sent_time")
              ", last_error FROM invoice_emails WHERE account_id = $1 AND invoice_id = $2",
              {Text(invoice.account_id), Text(invoice.id)}));
  if (r.rows() == 0) return absl::OkStatus();
  std::optional<domain::InvoiceDeliveryStatus> status =
      domain::InvoiceDeliveryStatusFromName(r.Text(0, 0));
  if (!status.has_value()) {
    return absl::DataLossError(absl::StrCat("invoice ", invoice.id, " has an unknown email status"));
  }
  invoice.delivery = domain::InvoiceDelivery{
      .status = *status,
      .attempts = static_cast<int>(r.Int64(0, 1)),
      .queue_time = TimeFromMicros(r.OptionalInt64(0, 2)),
      .next_attempt_time = TimeFromMicros(r.OptionalInt64(0, 3)),
      .sent_time = TimeFromMicros(r.OptionalInt64(0, 4)),
      .last_error = r.Text(0, 5),
  };
  return absl::OkStatus();
}

absl::Status StoreDelivery(PgConnection& c, const domain::Invoice& invoice) {
  const domain::InvoiceDelivery& d = invoice.delivery;
  if (d.status == domain::InvoiceDeliveryStatus::kNone) return absl::OkStatus();
  return c
      .Query("INSERT INTO invoice_emails (account_id, invoice_id, status, attempts, queue_time, "
             "next_attempt_time, sent_time, last_error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
             "ON CONFLICT (account_id, invoice_id) DO UPDATE SET status = EXCLUDED.status, "
             "attempts = EXCLUDED.attempts, queue_time = EXCLUDED.queue_time, "
             "next_attempt_time = EXCLUDED.next_attempt_time, sent_time = EXCLUDED.sent_time, "
             "last_error = EXCLUDED.last_error",
             {Text(invoice.account_id), Text(invoice.id),
              Text(domain::InvoiceDeliveryStatusName(d.status)), Int(d.attempts),
              OptionalTime(d.queue_time), OptionalTime(d.next_attempt_time),
              OptionalTime(d.sent_time), Text(d.last_error)})
      .status();
}

// The invoices of `r`, with their line items fetched in one query for all
// of them (one round trip, not one per invoice).
absl::StatusOr<std::vector<domain::Invoice>> CollectInvoicesAndLines(PgConnection& c,
                                                                   const PgResult& r) {
  std::vector<domain::Invoice> invoices;
  for (int row = 0; row < r.rows(); ++row) {
    ASSIGN_OR_RETURN(domain::Invoice invoice, ReadInvoice(r, row));
    invoices.push_back(std::move(invoice));
  }
  if (invoices.size() == 1) {
    ASSIGN_OR_RETURN(invoices[0].line_items,
                     LoadLineItems(c, invoices[0].account_id, invoices[0].id));
    return invoices;
  }
  if (invoices.empty()) return invoices;
  // Ids are [A-Za-z0-9_-] (checked before any lookup), so the array literal
  // needs no quoting; every invoice here is of one account.
  std::string ids = "{";
  absl::flat_hash_map<std::string, domain::Invoice*> by_id;
  for (domain::Invoice& invoice : invoices) {
    if (ids.size() > 1) ids += ',';
    absl::StrAppend(&ids, "\"", invoice.id, "\"");
    by_id[invoice.id] = &invoice;
  }
  ids += '}';
  ASSIGN_OR_RETURN(
      PgResult lines,
      c.Query("SELECT invoice_id, description, quantity, unit_amount_minor, amount_minor, "
              BILLING_PG_DAY("service_period_start") ", " BILLING_PG_DAY("service_period_end")
              " FROM invoice_line_items WHERE account_id = $1 AND invoice_id = ANY($2::text[])"
              " ORDER BY invoice_id, position",
              {Text(invoices[0].account_id), Text(ids)}));
  for (int row = 0; row < lines.rows(); ++row) {
    auto it = by_id.find(lines.Text(row, 0));
    if (it == by_id.end()) continue;
    domain::LineItem item{
        .description = lines.Text(row, 1),
        .quantity = lines.Int64(row, 2),
        .unit_amount = lines.Int64(row, 3),
        .amount = lines.Int64(row, 4),
    };
    ASSIGN_OR_RETURN(item.service_period_start, OptionalDayFromText(lines.OptionalText(row, 5)));
    ASSIGN_OR_RETURN(item.service_period_end, OptionalDayFromText(lines.OptionalText(row, 6)));
    it->second->line_items.push_back(std::move(item));
  }
  return invoices;
}

// ... and each one's email, in one more query for all of them.
absl::StatusOr<std::vector<domain::Invoice>> CollectInvoices(PgConnection& c, const PgResult& r) {
  ASSIGN_OR_RETURN(std::vector<domain::Invoice> invoices, CollectInvoicesAndLines(c, r));
  if (invoices.size() == 1) RETURN_IF_ERROR(LoadDelivery(c, invoices[0]));
  if (invoices.size() <= 1) return invoices;
  std::string ids = "{";
  absl::flat_hash_map<std::string, domain::Invoice*> by_id;
  for (domain::Invoice& invoice : invoices) {
    if (ids.size() > 1) ids += ',';
    absl::StrAppend(&ids, "\"", invoice.id, "\"");
    by_id[invoice.id] = &invoice;
  }
  ids += '}';
  ASSIGN_OR_RETURN(
      PgResult r2,
      c.Query("SELECT invoice_id, status, attempts, " BILLING_PG_MICROS("queue_time") ", "
              BILLING_PG_MICROS("next_attempt_time") ", " BILLING_PG_MICROS("sent_time")
              ", last_error FROM invoice_emails WHERE account_id = $1"
              " AND invoice_id = ANY($2::text[])",
              {Text(invoices[0].account_id), Text(ids)}));
  for (int row = 0; row < r2.rows(); ++row) {
    auto it = by_id.find(r2.Text(row, 0));
    if (it == by_id.end()) continue;
    std::optional<domain::InvoiceDeliveryStatus> status =
        domain::InvoiceDeliveryStatusFromName(r2.Text(row, 1));
    if (!status.has_value()) {
      return absl::DataLossError(
          absl::StrCat("invoice ", it->first, " has an unknown email status"));
    }
    it->second->delivery = domain::InvoiceDelivery{
        .status = *status,
        .attempts = static_cast<int>(r2.Int64(row, 2)),
        .queue_time = TimeFromMicros(r2.OptionalInt64(row, 3)),
        .next_attempt_time = TimeFromMicros(r2.OptionalInt64(row, 4)),
        .sent_time = TimeFromMicros(r2.OptionalInt64(row, 5)),
        .last_error = r2.Text(row, 6),
    };
  }
  return invoices;
}

// Only the filters in use appear, so the planner can pick the matching
// index. Parameters: $1 account, then customer and status when filtered.
std::string ListWhere(const app::InvoiceFilter& filter, Params& params,
                      std::string_view account_id) {
  params.push_back(Text(account_id));
  std::string where = " WHERE account_id = $1";
  if (!filter.customer_id.empty()) {
    params.push_back(Text(filter.customer_id));
    absl::StrAppend(&where, " AND customer_id = $", params.size());
  }
  if (filter.status.has_value()) {
    params.push_back(Text(domain::InvoiceStatusName(*filter.status)));
    absl::StrAppend(&where, " AND status = $", params.size());
  }
  if (!filter.number.empty()) {
    params.push_back(Text(filter.number));
    absl::StrAppend(&where, " AND number = $", params.size());
  }
  return where;
}

}  // namespace

absl::StatusOr<domain::Invoice> PgInvoices::Get(std::string_view account_id,
                                                std::string_view invoice_id) {
  ASSIGN_OR_RETURN(
      PgResult r,
      c_.Query(lock_ ? "SELECT " INVOICE_COLUMNS
                       " FROM invoices WHERE account_id = $1 AND id = $2"
                       " FOR NO KEY UPDATE"
                     : "SELECT " INVOICE_COLUMNS
                       " FROM invoices WHERE account_id = $1 AND id = $2",
               {Text(account_id), Text(invoice_id)}));
  ASSIGN_OR_RETURN(std::vector<domain::Invoice> found, CollectInvoices(c_, r));
  if (found.empty()) return InvoiceNotFound(invoice_id);
  return std::move(found.front());
}

absl::Status PgInvoices::Insert(const domain::Invoice& invoice) {
  RETURN_IF_ERROR(CheckCustomerExists(c_, invoice.account_id, invoice.customer_id));
  absl::Status status =
      c_.Query("INSERT INTO invoices (account_id, id, customer_id, currency, amount_minor, "
               "status, due_date, notes, create_time, update_time, process_time, pay_time, "
               "cancel_time, number, amount_paid_minor, amount_credited_minor) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
               InvoiceParams(invoice))
          .status();
  if (IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("invoice ", invoice.id, " already exists"));
  }
  if (IsForeignKeyViolation(status)) {
    return domain::Error(ErrorCode::kCustomerNotFound,
                         absl::StrCat("customer ", invoice.customer_id, " not found"));
  }
  RETURN_IF_ERROR(status);
  return InsertLineItems(c_, invoice);
}

absl::Status PgInvoices::Update(const domain::Invoice& invoice) {
  // No customer check first: the foreign key checks a changed customer (an
  // unchanged one exists), and every statement here runs while processing
  // holds the account's number sequence.
  Params params = InvoiceParams(invoice);
  params.erase(params.begin() + 8);  // create_time is set once, by Insert
  absl::StatusOr<PgResult> r =
      c_.Query("UPDATE invoices SET customer_id = $3, currency = $4, amount_minor = $5, "
               "status = $6, due_date = $7, notes = $8, update_time = $9, process_time = $10, "
               "pay_time = $11, cancel_time = $12, number = $13, amount_paid_minor = $14, "
               "amount_credited_minor = $15 WHERE account_id = $1 AND id = $2",
               params);
  if (IsUniqueViolation(r.status())) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("invoice number ", invoice.number, " is taken"));
  }
  if (IsForeignKeyViolation(r.status())) {
    return domain::Error(ErrorCode::kCustomerNotFound,
                         absl::StrCat("customer ", domain::Av(invoice.customer_id), " not found"));
  }
  RETURN_IF_ERROR(r.status());
  if (r->affected() == 0) return InvoiceNotFound(invoice.id);
  // Lines have no identity of their own: replacing them all keeps positions
  // dense.
  RETURN_IF_ERROR(
      c_.Query("DELETE FROM invoice_line_items WHERE account_id = $1 AND invoice_id = $2",
               {Text(invoice.account_id), Text(invoice.id)})
          .status());
  RETURN_IF_ERROR(InsertLineItems(c_, invoice));
  return StoreDelivery(c_, invoice);
}

absl::Status PgInvoices::Delete(std::string_view account_id, std::string_view invoice_id) {
  ASSIGN_OR_RETURN(PgResult r, c_.Query("DELETE FROM invoices WHERE account_id = $1 AND id = $2",
                                        {Text(account_id), Text(invoice_id)}));
  if (r.affected() == 0) return InvoiceNotFound(invoice_id);
  return absl::OkStatus();
}

absl::StatusOr<domain::Page<domain::Invoice>> PgInvoices::List(
    std::string_view account_id, const app::InvoiceFilter& filter,
    const domain::PageRequest& page) {
  Params params;
  const std::string where = ListWhere(filter, params, account_id);
  const std::string sql =
      PagedSelect(INVOICE_COLUMNS, "invoices", where, /*newest_first=*/false, page, params);
  ASSIGN_OR_RETURN(PgResult r, c_.Query(sql, params));
  domain::Page<domain::Invoice> result{.request = page};
  ASSIGN_OR_RETURN(result.items, CollectInvoices(c_, r));
  FinishPage(result);
  if (!filter.number.empty()) {
    // A number names at most one invoice (unique index): counting is one
    // index probe, where a counter per number would be a row per invoice.
    Params count_params;
    const std::string count_where = ListWhere(filter, count_params, account_id);
    ASSIGN_OR_RETURN(PgResult count,
                     c_.Query("SELECT COUNT(*)::bigint FROM invoices" + count_where, count_params));
    result.total_items = count.Int64(0, 0);
    return result;
  }
  ASSIGN_OR_RETURN(result.total_items,
                   ListedCount(c_, account_id, "invoices", filter.customer_id,
                               filter.status.has_value()
                                   ? domain::InvoiceStatusName(*filter.status)
                                   : std::string_view("")));
  return result;
}

absl::StatusOr<std::vector<domain::Invoice>> PgInvoices::ListProcessed(
    std::string_view account_id, std::string_view customer_id) {
  if (customer_id.empty()) {
    ASSIGN_OR_RETURN(PgResult r,
                     c_.Query("SELECT " INVOICE_COLUMNS " FROM invoices WHERE account_id = $1"
                              " AND process_time IS NOT NULL ORDER BY create_time, id",
                              {Text(account_id)}));
    return CollectInvoices(c_, r);
  }
  ASSIGN_OR_RETURN(PgResult r,
                   c_.Query("SELECT " INVOICE_COLUMNS " FROM invoices WHERE account_id = $1"
                            " AND process_time IS NOT NULL AND customer_id = $2"
                            " ORDER BY create_time, id",
                            {Text(account_id), Text(customer_id)}));
  return CollectInvoices(c_, r);
}

absl::StatusOr<std::optional<domain::Invoice>> PgInvoices::ClaimDueEmail(
    absl::Time now, absl::Time lease_until) {
  // The invoice's row is locked too, as every write of an invoice locks it
  // first: no API call can then write back the delivery it read before this
  // claim. SKIP LOCKED: an email another replica is claiming, or whose
  // invoice a call is changing, is passed over, never waited for.
  ASSIGN_OR_RETURN(
      PgResult due,
      c_.Query("SELECT e.account_id, e.invoice_id FROM invoice_emails e "
               "JOIN invoices i ON i.account_id = e.account_id AND i.id = e.invoice_id "
               "WHERE e.status = 'queued' AND e.next_attempt_time <= $1 "
               "ORDER BY e.next_attempt_time LIMIT 1"
               " FOR NO KEY UPDATE OF e, i SKIP LOCKED",
               {Time(now)}));
  if (due.rows() == 0) return std::nullopt;
  ASSIGN_OR_RETURN(
      PgResult r,
      c_.Query("SELECT " INVOICE_COLUMNS " FROM invoices WHERE account_id = $1 AND id = $2",
               {Text(due.Text(0, 0)), Text(due.Text(0, 1))}));
  ASSIGN_OR_RETURN(std::vector<domain::Invoice> found, CollectInvoices(c_, r));
  if (found.empty()) return std::nullopt;  // cascaded away with its invoice
  RETURN_IF_ERROR(c_.Query("UPDATE invoice_emails SET next_attempt_time = $3 "
                           "WHERE account_id = $1 AND invoice_id = $2",
                           {Text(due.Text(0, 0)), Text(due.Text(0, 1)), Time(lease_until)})
                      .status());
  found.front().delivery.next_attempt_time = lease_until;
  return std::move(found.front());
}

absl::Status PgInvoices::ForEachProcessed(
    std::string_view account_id, std::string_view customer_id,
    absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) {
  constexpr int64_t kBatch = 500;
  std::optional<domain::PageCursor> after;
  while (true) {
    Params params = {Text(account_id), Int(kBatch)};
    std::string sql = "SELECT " INVOICE_COLUMNS
                      " FROM invoices WHERE account_id = $1 AND process_time IS NOT NULL";
    if (!customer_id.empty()) {
      params.push_back(Text(customer_id));
      absl::StrAppend(&sql, " AND customer_id = $", params.size());
    }
    if (after.has_value()) {
      params.push_back(Time(absl::FromUnixMicros(after->create_time_us)));
      params.push_back(Text(after->id));
      absl::StrAppend(&sql, " AND (create_time, id) > ($", params.size() - 1, "::timestamptz, $",
                      params.size(), ")");
    }
    absl::StrAppend(&sql, " ORDER BY create_time, id LIMIT $2");
    ASSIGN_OR_RETURN(PgResult r, c_.Query(sql, params));
    ASSIGN_OR_RETURN(std::vector<domain::Invoice> batch, CollectInvoices(c_, r));
    for (const domain::Invoice& invoice : batch) RETURN_IF_ERROR(visit(invoice));
    if (static_cast<int64_t>(batch.size()) < kBatch) return absl::OkStatus();
    after = domain::PageCursor{.create_time_us = absl::ToUnixMicros(batch.back().create_time),
                               .id = batch.back().id};
  }
}

}  // namespace billing::storage::postgres
