// Customers.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/text.h"
#include "storage/sql/list_paging.h"
#include "storage/sql/repositories.h"

namespace billing::storage::sql {
namespace {

using domain::ErrorCode;

#define CUSTOMER_COLUMNS \
  "account_id, id, name, email, default_currency, {micros:create_time}, {micros:update_time}"

absl::Status NotFound(std::string_view customer_id) {
  return domain::Error(ErrorCode::kCustomerNotFound,
                       absl::StrCat("customer ", domain::Av(customer_id), " not found"));
}

absl::Status HasInvoicesError(std::string_view customer_id) {
  return domain::Error(ErrorCode::kCustomerHasInvoices,
                       absl::StrCat("customer ", domain::Av(customer_id),
                                    " has invoices and cannot be deleted"));
}

absl::StatusOr<domain::Customer> ReadCustomer(const Statement& row) {
  return domain::Customer{
      .account_id = row.Text(0),
      .id = row.Text(1),
      .name = row.Text(2),
      .email = row.Text(3),
      .default_currency = row.Text(4),
      .create_time = row.Time(5),
      .update_time = row.Time(6),
  };
}

absl::StatusOr<domain::Customer> GetOne(Session& s, std::string_view sql,
                                        std::string_view account_id,
                                        std::string_view customer_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query, s.Prepare(sql));
  query->BindText(1, account_id).BindText(2, customer_id);
  ASSIGN_OR_RETURN(bool found, query->Step());
  if (!found) return NotFound(customer_id);
  return ReadCustomer(*query);
}

}  // namespace

absl::StatusOr<domain::Customer> Customers::Get(std::string_view account_id,
                                                std::string_view customer_id) {
  // In a write, NO KEY UPDATE: read-then-write use cases (balances)
  // serialize across replicas, while the foreign key checks of other
  // transactions (KEY SHARE) do not wait for it.
  return GetOne(s_,
                "SELECT " CUSTOMER_COLUMNS
                " FROM customers WHERE account_id = ?1 AND id = ?2{lock:no_key_update}",
                account_id, customer_id);
}

absl::StatusOr<domain::Customer> Customers::GetToReference(std::string_view account_id,
                                                           std::string_view customer_id) {
  // KEY SHARE, the lock an invoice's foreign key check takes anyway: it
  // blocks only the customer's deletion. FOR UPDATE here made every invoice
  // of a customer queue on its row, and deadlocked with processing, whose
  // ledger entry's foreign key check waited for it while holding the list
  // counters the creating transaction needed next.
  return GetOne(s_,
                "SELECT " CUSTOMER_COLUMNS
                " FROM customers WHERE account_id = ?1 AND id = ?2{lock:key_share}",
                account_id, customer_id);
}

absl::Status Customers::Insert(const domain::Customer& customer) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> insert,
                   s_.Prepare("INSERT INTO customers (account_id, id, name, email, "
                              "default_currency, {time:create_time}, {time:update_time}) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  insert->BindText(1, customer.account_id)
      .BindText(2, customer.id)
      .BindText(3, customer.name)
      .BindText(4, customer.email)
      .BindText(5, customer.default_currency)
      .BindTime(6, customer.create_time)
      .BindTime(7, customer.update_time);
  absl::Status status = insert->Run();
  if (s_.dialect().IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("customer ", customer.id, " already exists"));
  }
  return status;
}

absl::Status Customers::Update(const domain::Customer& customer) {
  // create_time is set once, by Insert.
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> update,
                   s_.Prepare("UPDATE customers SET name = ?3, email = ?4, default_currency = ?5, "
                              "{time:update_time} = ?6 WHERE account_id = ?1 AND id = ?2"));
  update->BindText(1, customer.account_id)
      .BindText(2, customer.id)
      .BindText(3, customer.name)
      .BindText(4, customer.email)
      .BindText(5, customer.default_currency)
      .BindTime(6, customer.update_time);
  RETURN_IF_ERROR(update->Run());
  if (update->changed_rows() == 0) return NotFound(customer.id);
  return absl::OkStatus();
}

absl::Status Customers::Delete(std::string_view account_id, std::string_view customer_id) {
  // Checked before deleting so the caller gets the catalog code; the
  // foreign key from invoices stays as the backstop (an invoice committed
  // meanwhile by another replica).
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> invoiced,
      s_.Prepare("SELECT 1 FROM invoices WHERE account_id = ?1 AND customer_id = ?2 LIMIT 1"));
  invoiced->BindText(1, account_id).BindText(2, customer_id);
  ASSIGN_OR_RETURN(bool has_invoices, invoiced->Step());
  if (has_invoices) return HasInvoicesError(customer_id);
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> remove,
                   s_.Prepare("DELETE FROM customers WHERE account_id = ?1 AND id = ?2"));
  remove->BindText(1, account_id).BindText(2, customer_id);
  absl::Status status = remove->Run();
  if (s_.dialect().IsForeignKeyViolation(status)) return HasInvoicesError(customer_id);
  RETURN_IF_ERROR(status);
  if (remove->changed_rows() == 0) return NotFound(customer_id);
  return absl::OkStatus();
}

absl::StatusOr<domain::Page<domain::Customer>> Customers::List(std::string_view account_id,
                                                               const domain::PageRequest& page) {
  Params params;
  const std::string where = absl::StrCat(" WHERE account_id = ", params.Text(account_id));
  const std::string select =
      PagedSelect(CUSTOMER_COLUMNS, "customers", where, /*newest_first=*/false, page, params);
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query, s_.Prepare(select));
  params.BindTo(*query);
  domain::Page<domain::Customer> result{.request = page};
  while (true) {
    ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) break;
    ASSIGN_OR_RETURN(domain::Customer customer, ReadCustomer(*query));
    result.items.push_back(std::move(customer));
  }
  FinishPage(result);
  ASSIGN_OR_RETURN(result.total_items, ListedCount(s_, account_id, "customers"));
  return result;
}

}  // namespace billing::storage::sql
