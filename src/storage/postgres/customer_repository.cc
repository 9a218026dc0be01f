#include <string>

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

#define CUSTOMER_COLUMNS                                   \
  "account_id, id, name, email, default_currency, "        \
  BILLING_PG_MICROS("create_time") ", " BILLING_PG_MICROS("update_time")

absl::Status NotFound(std::string_view customer_id) {
  return domain::Error(ErrorCode::kCustomerNotFound,
                       absl::StrCat("customer ", domain::Av(customer_id), " not found"));
}

absl::Status HasInvoicesError(std::string_view customer_id) {
  return domain::Error(ErrorCode::kCustomerHasInvoices,
                       absl::StrCat("customer ", domain::Av(customer_id),
                                    " has invoices and cannot be deleted"));
}

domain::Customer ReadCustomer(const PgResult& r, int row) {
  return domain::Customer{
      .account_id = r.Text(row, 0),
      .id = r.Text(row, 1),
      .name = r.Text(row, 2),
      .email = r.Text(row, 3),
      .default_currency = r.Text(row, 4),
      .create_time = TimeFromMicros(r.Int64(row, 5)),
      .update_time = TimeFromMicros(r.Int64(row, 6)),
  };
}

}  // namespace

absl::StatusOr<domain::Customer> PgCustomers::Get(std::string_view account_id,
                                                  std::string_view customer_id) {
  ASSIGN_OR_RETURN(
      PgResult r,
      c_.Query(lock_ ? "SELECT " CUSTOMER_COLUMNS " FROM customers"
                       " WHERE account_id = $1 AND id = $2 FOR NO KEY UPDATE"
                     : "SELECT " CUSTOMER_COLUMNS
                       " FROM customers WHERE account_id = $1 AND id = $2",
               {Text(account_id), Text(customer_id)}));
  if (r.rows() == 0) return NotFound(customer_id);
  return ReadCustomer(r, 0);
}

absl::StatusOr<domain::Customer> PgCustomers::GetToReference(std::string_view account_id,
                                                             std::string_view customer_id) {
  // KEY SHARE, the lock an invoice's foreign key check takes anyway: it
  // blocks only the customer's deletion. FOR UPDATE here made every invoice
  // of a customer queue on its row, and deadlocked with processing, whose
  // ledger entry's foreign key check waited for it while holding the list
  // counters the creating transaction needed next.
  ASSIGN_OR_RETURN(
      PgResult r,
      c_.Query(lock_ ? "SELECT " CUSTOMER_COLUMNS " FROM customers"
                       " WHERE account_id = $1 AND id = $2 FOR KEY SHARE"
                     : "SELECT " CUSTOMER_COLUMNS
                       " FROM customers WHERE account_id = $1 AND id = $2",
               {Text(account_id), Text(customer_id)}));
  if (r.rows() == 0) return NotFound(customer_id);
  return ReadCustomer(r, 0);
}

absl::Status PgCustomers::Insert(const domain::Customer& customer) {
  absl::Status status =
      c_.Query("INSERT INTO customers (account_id, id, name, email, default_currency, "
               "create_time, update_time) VALUES ($1, $2, $3, $4, $5, $6, $7)",
               {Text(customer.account_id), Text(customer.id), Text(customer.name),
                Text(customer.email), Text(customer.default_currency),
                Time(customer.create_time), Time(customer.update_time)})
          .status();
  if (IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("customer ", customer.id, " already exists"));
  }
  return status;
}

absl::Status PgCustomers::Update(const domain::Customer& customer) {
  ASSIGN_OR_RETURN(
      PgResult r,
      c_.Query("UPDATE customers SET name = $3, email = $4, default_currency = $5, "
               "update_time = $6 WHERE account_id = $1 AND id = $2",
               {Text(customer.account_id), Text(customer.id), Text(customer.name),
                Text(customer.email), Text(customer.default_currency),
                Time(customer.update_time)}));
  if (r.affected() == 0) return NotFound(customer.id);
  return absl::OkStatus();
}

absl::Status PgCustomers::Delete(std::string_view account_id, std::string_view customer_id) {
  ASSIGN_OR_RETURN(
      PgResult invoiced,
      c_.Query("SELECT 1 FROM invoices WHERE account_id = $1 AND customer_id = $2 LIMIT 1",
               {Text(account_id), Text(customer_id)}));
  if (invoiced.rows() > 0) return HasInvoicesError(customer_id);
  absl::StatusOr<PgResult> r = c_.Query("DELETE FROM customers WHERE account_id = $1 AND id = $2",
                                        {Text(account_id), Text(customer_id)});
  // An invoice committed meanwhile: the foreign key is the backstop.
  if (IsForeignKeyViolation(r.status())) return HasInvoicesError(customer_id);
  RETURN_IF_ERROR(r.status());
  if (r->affected() == 0) return NotFound(customer_id);
  return absl::OkStatus();
}

absl::StatusOr<domain::Page<domain::Customer>> PgCustomers::List(
    std::string_view account_id, const domain::PageRequest& page) {
  Params params = {Text(account_id)};
  const std::string sql = PagedSelect(CUSTOMER_COLUMNS, "customers", " WHERE account_id = $1",
                                      /*newest_first=*/false, page, params);
  ASSIGN_OR_RETURN(PgResult r, c_.Query(sql, params));
  domain::Page<domain::Customer> result{.request = page};
  for (int row = 0; row < r.rows(); ++row) result.items.push_back(ReadCustomer(r, row));
  FinishPage(result);
  ASSIGN_OR_RETURN(result.total_items, ListedCount(c_, account_id, "customers"));
  return result;
}

}  // namespace billing::storage::postgres
