#include "storage/sqlite/payment_repository.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "storage/sqlite/absl_string_view.h"
#include "storage/sqlite/list_paging.h"
#include "storage/sqlite/row_values.h"
#include "storage/sqlite/sqlite_error.h"

namespace billing::storage {
namespace {

using domain::ErrorCode;

constexpr char kPaymentColumns[] =
    "account_id, id, invoice_id, customer_id, currency, amount_minor, method, reference, "
    "received_date, create_time_us";

absl::StatusOr<domain::Payment> ReadPayment(const Statement& row) {
  domain::Payment payment{
      .account_id = row.ColumnText(0),
      .id = row.ColumnText(1),
      .invoice_id = row.ColumnText(2),
      .customer_id = row.ColumnText(3),
      .currency = row.ColumnText(4),
      .amount = row.ColumnInt64(5),
      .reference = row.ColumnText(7),
      .create_time = TimeFromMicros(row.ColumnInt64(9)),
  };
  std::optional<domain::PaymentMethod> method = domain::PaymentMethodFromName(row.ColumnText(6));
  if (!method.has_value()) {
    return domain::Error(ErrorCode::kInternal,
                         absl::StrCat("payment ", payment.id, " has an unknown method"));
  }
  payment.method = *method;
  ASSIGN_OR_RETURN(payment.received_date, DayFromText(row.ColumnText(8)));
  return payment;
}

absl::StatusOr<std::vector<domain::Payment>> CollectPayments(Statement& query) {
  std::vector<domain::Payment> payments;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return payments;
    ASSIGN_OR_RETURN(domain::Payment payment, ReadPayment(query));
    payments.push_back(std::move(payment));
  }
}

}  // namespace

absl::Status InsertPayment(Connection& db, const domain::Payment& payment) {
  ASSIGN_OR_RETURN(Statement insert,
                   db.Prepare(absl::StrCat("INSERT INTO payments (", kPaymentColumns,
                                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")));
  insert.BindText(1, payment.account_id)
      .BindText(2, payment.id)
      .BindText(3, payment.invoice_id)
      .BindText(4, payment.customer_id)
      .BindText(5, payment.currency)
      .BindInt64(6, payment.amount)
      .BindText(7, domain::PaymentMethodName(payment.method))
      .BindText(8, payment.reference)
      .BindText(9, DayToText(payment.received_date))
      .BindInt64(10, TimeToMicros(payment.create_time));
  absl::Status status = insert.Run();
  if (IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("payment ", payment.id, " already exists"));
  }
  return status;
}

absl::StatusOr<domain::Payment> GetPayment(Connection& db, std::string_view account_id,
                                           std::string_view payment_id) {
  ASSIGN_OR_RETURN(Statement query,
                   db.Prepare(absl::StrCat("SELECT ", kPaymentColumns,
                                           " FROM payments WHERE account_id = ?1 AND id = ?2")));
  query.BindText(1, account_id).BindText(2, payment_id);
  ASSIGN_OR_RETURN(std::vector<domain::Payment> found, CollectPayments(query));
  if (found.empty()) {
    return domain::Error(ErrorCode::kPaymentNotFound,
                         absl::StrCat("payment ", Av(payment_id), " not found"));
  }
  return std::move(found.front());
}

absl::StatusOr<domain::Page<domain::Payment>> ListPayments(Connection& db,
                                                           std::string_view account_id,
                                                           const app::PaymentFilter& filter,
                                                           const domain::PageRequest& page) {
  const std::string where = InvoiceDocumentWhere(filter.invoice_id, filter.customer_id);
  ASSIGN_OR_RETURN(Statement query,
                   db.Prepare(PagedSelect(kPaymentColumns, "payments", where,
                                          /*newest_first=*/false, page)));
  BindInvoiceDocumentFilter(query, account_id, filter.invoice_id, filter.customer_id);
  BindPage(query, page);
  domain::Page<domain::Payment> result{.request = page};
  ASSIGN_OR_RETURN(result.items, CollectPayments(query));
  FinishPage(result);
  ASSIGN_OR_RETURN(Statement count,
                   db.Prepare(absl::StrCat("SELECT COUNT(*) FROM payments", where)));
  BindInvoiceDocumentFilter(count, account_id, filter.invoice_id, filter.customer_id);
  RETURN_IF_ERROR(count.Step().status());
  result.total_items = count.ColumnInt64(0);
  return result;
}

}  // namespace billing::storage
