#include "storage/sqlite/list_paging.h"
#include "storage/sqlite/customer_repository.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "storage/sqlite/absl_string_view.h"
#include "storage/sqlite/row_values.h"
#include "storage/sqlite/sqlite_error.h"
#include "common/status_macros.h"

namespace billing::storage {
namespace {

using domain::ErrorCode;

constexpr char kColumns[] =
    "account_id, id, name, email, default_currency, create_time_us, update_time_us";

absl::Status NotFound(std::string_view customer_id) {
  return domain::Error(ErrorCode::kCustomerNotFound,
                       absl::StrCat("customer ", Av(customer_id), " not found"));
}

domain::Customer ReadCustomer(const Statement& row) {
  return domain::Customer{
      .account_id = row.ColumnText(0),
      .id = row.ColumnText(1),
      .name = row.ColumnText(2),
      .email = row.ColumnText(3),
      .default_currency = row.ColumnText(4),
      .create_time = TimeFromMicros(row.ColumnInt64(5)),
      .update_time = TimeFromMicros(row.ColumnInt64(6)),
  };
}

absl::Status HasInvoicesError(std::string_view customer_id) {
  return domain::Error(
      ErrorCode::kCustomerHasInvoices,
      absl::StrCat("customer ", Av(customer_id), " has invoices and cannot be deleted"));
}

absl::StatusOr<bool> HasInvoices(Connection& db, std::string_view account_id,
                                 std::string_view customer_id) {
  ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare("SELECT 1 FROM invoices WHERE account_id = ?1 AND customer_id = ?2 LIMIT 1"));
  query.BindText(1, account_id).BindText(2, customer_id);
  return query.Step();
}


}  // namespace

absl::StatusOr<domain::Customer> GetCustomer(Connection& db, std::string_view account_id,
                                             std::string_view customer_id) {
  ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare(absl::StrCat("SELECT ", kColumns,
                              " FROM customers WHERE account_id = ?1 AND id = ?2")));
  query.BindText(1, account_id).BindText(2, customer_id);
  ASSIGN_OR_RETURN(bool found, query.Step());
  if (!found) return NotFound(customer_id);
  return ReadCustomer(query);
}

absl::Status InsertCustomer(Connection& db, const domain::Customer& customer) {
  ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare(absl::StrCat("INSERT INTO customers (", kColumns,
                              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")));
  insert.BindText(1, customer.account_id)
      .BindText(2, customer.id)
      .BindText(3, customer.name)
      .BindText(4, customer.email)
      .BindText(5, customer.default_currency)
      .BindInt64(6, TimeToMicros(customer.create_time))
      .BindInt64(7, TimeToMicros(customer.update_time));
  absl::Status status = insert.Run();
  if (IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("customer ", customer.id, " already exists"));
  }
  return status;
}

absl::Status UpdateCustomer(Connection& db, const domain::Customer& customer) {
  // create_time is set once, by InsertCustomer.
  ASSIGN_OR_RETURN(
      Statement update,
      db.Prepare("UPDATE customers SET name = ?3, email = ?4, default_currency = ?5, "
                 "update_time_us = ?6 WHERE account_id = ?1 AND id = ?2"));
  update.BindText(1, customer.account_id)
      .BindText(2, customer.id)
      .BindText(3, customer.name)
      .BindText(4, customer.email)
      .BindText(5, customer.default_currency)
      .BindInt64(6, TimeToMicros(customer.update_time));
  RETURN_IF_ERROR(update.Run());
  if (db.ChangedRows() == 0) return NotFound(customer.id);
  return absl::OkStatus();
}

absl::Status DeleteCustomer(Connection& db, std::string_view account_id,
                            std::string_view customer_id) {
  // Checked before deleting so the caller gets the catalog code; the
  // foreign key from invoices stays as the backstop.
  ASSIGN_OR_RETURN(bool invoiced, HasInvoices(db, account_id, customer_id));
  if (invoiced) return HasInvoicesError(customer_id);
  ASSIGN_OR_RETURN(
      Statement remove, db.Prepare("DELETE FROM customers WHERE account_id = ?1 AND id = ?2"));
  remove.BindText(1, account_id).BindText(2, customer_id);
  absl::Status status = remove.Run();
  if (IsForeignKeyViolation(status)) return HasInvoicesError(customer_id);
  RETURN_IF_ERROR(status);
  if (db.ChangedRows() == 0) return NotFound(customer_id);
  return absl::OkStatus();
}

absl::StatusOr<domain::Page<domain::Customer>> ListCustomers(Connection& db,
                                                             std::string_view account_id,
                                                             const domain::PageRequest& page) {
  ASSIGN_OR_RETURN(Statement query,
                   db.Prepare(PagedSelect(kColumns, "customers", " WHERE account_id = ?1",
                                          /*newest_first=*/false, page)));
  query.BindText(1, account_id);
  BindPage(query, page);
  domain::Page<domain::Customer> result{.request = page};
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    result.items.push_back(ReadCustomer(query));
  }
  FinishPage(result);
  ASSIGN_OR_RETURN(result.total_items, ListedCount(db, account_id, "customers"));
  return result;
}

}  // namespace billing::storage
