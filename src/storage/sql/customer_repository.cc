// Customers.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/text.h"
#include "storage/sql/list_paging.h"
#include "storage/sql/repositories.h"

namespace billing::storage::sql {
namespace {

using domain::ErrorCode;

#define CUSTOMER_COLUMNS                                                                   \
  "account_id, id, name, email, default_currency, {micros:create_time}, {micros:update_time}, " \
  "legal_name, billing_address_line1, billing_address_line2, billing_address_city, "            \
  "billing_address_postal_code, billing_address_region, billing_address_country, tax_ids, "     \
  "tax_exempt, payment_terms_days, electronic_address_scheme, electronic_address_value, "   \
  "attach_e_invoice, reminders_enabled"

absl::Status NotFound(std::string_view customer_id) {
  return domain::Error(ErrorCode::kCustomerNotFound,
                       absl::StrCat("customer ", domain::Av(customer_id), " not found"));
}

absl::Status HasInvoicesError(std::string_view customer_id) {
  return domain::Error(ErrorCode::kCustomerHasInvoices,
                       absl::StrCat("customer ", domain::Av(customer_id),
                                    " has invoices and cannot be deleted"));
}

// The tax_ids column: one "type=value" a line, in the customer's order.
std::string EncodeTaxIds(const std::vector<domain::TaxId>& ids) {
  std::string out;
  for (const domain::TaxId& id : ids) {
    if (!out.empty()) out.push_back('\n');
    absl::StrAppend(&out, domain::Av(domain::TaxIdTypeName(id.type)), "=", id.value);
  }
  return out;
}

absl::StatusOr<std::vector<domain::TaxId>> DecodeTaxIds(std::string_view text) {
  std::vector<domain::TaxId> ids;
  if (text.empty()) return ids;
  for (absl::string_view piece : absl::StrSplit(domain::Av(text), '\n')) {
    const std::string_view line(piece.data(), piece.size());
    const size_t equals = line.find('=');
    std::optional<domain::TaxIdType> type =
        equals == std::string_view::npos ? std::nullopt
                                         : domain::TaxIdTypeFromName(line.substr(0, equals));
    if (!type.has_value()) {
      return domain::Error(ErrorCode::kInternal, "customers.tax_ids holds a malformed tax id");
    }
    ids.push_back({.type = *type, .value = std::string(line.substr(equals + 1))});
  }
  return ids;
}

absl::StatusOr<domain::Customer> ReadCustomer(const Statement& row) {
  domain::Customer customer{
      .account_id = row.Text(0),
      .id = row.Text(1),
      .name = row.Text(2),
      .email = row.Text(3),
      .default_currency = row.Text(4),
      .create_time = row.Time(5),
      .update_time = row.Time(6),
  };
  domain::CustomerIdentity& identity = customer.identity;
  identity.legal_name = row.Text(7);
  identity.billing_address = {.line1 = row.Text(8),
                              .line2 = row.Text(9),
                              .city = row.Text(10),
                              .postal_code = row.Text(11),
                              .region = row.Text(12),
                              .country = row.Text(13)};
  ASSIGN_OR_RETURN(identity.tax_ids, DecodeTaxIds(row.Text(14)));
  std::optional<domain::TaxExempt> exempt = domain::TaxExemptFromName(row.Text(15));
  if (!exempt.has_value()) {
    return domain::Error(ErrorCode::kInternal, "customers.tax_exempt holds an unknown value");
  }
  identity.tax_exempt = *exempt;
  if (std::optional<int64_t> days = row.OptionalInt64(16); days.has_value()) {
    identity.payment_terms_days = static_cast<int>(*days);
  }
  if (!row.Text(17).empty()) {
    identity.electronic_address = domain::ElectronicAddress{.scheme = row.Text(17),
                                                            .value = row.Text(18)};
  }
  customer.invoice_delivery.attach_e_invoice = row.Bool(19);
  customer.reminders_enabled = row.Bool(20);
  return customer;
}

// Binds the identity's columns from `first` on, in CUSTOMER_COLUMNS' order.
void BindIdentity(Statement& statement, int first, const domain::CustomerIdentity& identity) {
  const domain::PostalAddress& address = identity.billing_address;
  const domain::ElectronicAddress none;
  const domain::ElectronicAddress& electronic =
      identity.electronic_address.has_value() ? *identity.electronic_address : none;
  std::optional<int64_t> days;
  if (identity.payment_terms_days.has_value()) days = *identity.payment_terms_days;
  statement.BindText(first, identity.legal_name)
      .BindText(first + 1, address.line1)
      .BindText(first + 2, address.line2)
      .BindText(first + 3, address.city)
      .BindText(first + 4, address.postal_code)
      .BindText(first + 5, address.region)
      .BindText(first + 6, address.country)
      .BindText(first + 7, EncodeTaxIds(identity.tax_ids))
      .BindText(first + 8, domain::TaxExemptName(identity.tax_exempt))
      .BindOptionalInt64(first + 9, days)
      .BindText(first + 10, electronic.scheme)
      .BindText(first + 11, electronic.value);
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
                              "default_currency, {time:create_time}, {time:update_time}, "
                              "legal_name, billing_address_line1, billing_address_line2, "
                              "billing_address_city, billing_address_postal_code, "
                              "billing_address_region, billing_address_country, tax_ids, "
                              "tax_exempt, payment_terms_days, electronic_address_scheme, "
                              "electronic_address_value, attach_e_invoice, reminders_enabled) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                              "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)"));
  insert->BindText(1, customer.account_id)
      .BindText(2, customer.id)
      .BindText(3, customer.name)
      .BindText(4, customer.email)
      .BindText(5, customer.default_currency)
      .BindTime(6, customer.create_time)
      .BindTime(7, customer.update_time);
  BindIdentity(*insert, 8, customer.identity);
  insert->BindBool(20, customer.invoice_delivery.attach_e_invoice);
  insert->BindBool(21, customer.reminders_enabled);
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
                              "{time:update_time} = ?6, legal_name = ?7, "
                              "billing_address_line1 = ?8, billing_address_line2 = ?9, "
                              "billing_address_city = ?10, billing_address_postal_code = ?11, "
                              "billing_address_region = ?12, billing_address_country = ?13, "
                              "tax_ids = ?14, tax_exempt = ?15, payment_terms_days = ?16, "
                              "electronic_address_scheme = ?17, electronic_address_value = ?18, "
                              "attach_e_invoice = ?19, reminders_enabled = ?20 "
                              "WHERE account_id = ?1 AND id = ?2"));
  update->BindText(1, customer.account_id)
      .BindText(2, customer.id)
      .BindText(3, customer.name)
      .BindText(4, customer.email)
      .BindText(5, customer.default_currency)
      .BindTime(6, customer.update_time);
  BindIdentity(*update, 7, customer.identity);
  update->BindBool(19, customer.invoice_delivery.attach_e_invoice);
  update->BindBool(20, customer.reminders_enabled);
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
