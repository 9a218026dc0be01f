// Payments received against invoices.
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/text.h"
#include "storage/sql/list_paging.h"
#include "storage/sql/repositories.h"
#include "storage/sql/values.h"

namespace billing::storage::sql {
namespace {

using domain::ErrorCode;

#define PAYMENT_COLUMNS                                                                 \
  "account_id, id, invoice_id, customer_id, currency, amount_minor, method, reference, " \
  "{day:received_date}, {micros:create_time}"

absl::StatusOr<domain::Payment> ReadPayment(const Statement& row) {
  domain::Payment payment{
      .account_id = row.Text(0),
      .id = row.Text(1),
      .invoice_id = row.Text(2),
      .customer_id = row.Text(3),
      .currency = row.Text(4),
      .amount = row.Int64(5),
      .reference = row.Text(7),
      .create_time = row.Time(9),
  };
  std::optional<domain::PaymentMethod> method = domain::PaymentMethodFromName(row.Text(6));
  if (!method.has_value()) {
    return domain::Error(ErrorCode::kInternal,
                         absl::StrCat("payment ", payment.id, " has an unknown method"));
  }
  payment.method = *method;
  ASSIGN_OR_RETURN(payment.received_date, DayFromText(row.Text(8)));
  return payment;
}

}  // namespace

absl::Status Payments::Insert(const domain::Payment& payment) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> insert,
                   s_.Prepare("INSERT INTO payments (account_id, id, invoice_id, customer_id, "
                              "currency, amount_minor, method, reference, received_date, "
                              "{time:create_time}) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  insert->BindText(1, payment.account_id)
      .BindText(2, payment.id)
      .BindText(3, payment.invoice_id)
      .BindText(4, payment.customer_id)
      .BindText(5, payment.currency)
      .BindInt64(6, payment.amount)
      .BindText(7, domain::PaymentMethodName(payment.method))
      .BindText(8, payment.reference)
      .BindText(9, DayText(payment.received_date))
      .BindTime(10, payment.create_time);
  absl::Status status = insert->Run();
  if (s_.dialect().IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("payment ", payment.id, " already exists"));
  }
  return status;
}

absl::StatusOr<domain::Payment> Payments::Get(std::string_view account_id,
                                              std::string_view payment_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT " PAYMENT_COLUMNS
                              " FROM payments WHERE account_id = ?1 AND id = ?2"));
  query->BindText(1, account_id).BindText(2, payment_id);
  ASSIGN_OR_RETURN(bool row, query->Step());
  if (!row) {
    return domain::Error(ErrorCode::kPaymentNotFound,
                         absl::StrCat("payment ", domain::Av(payment_id), " not found"));
  }
  return ReadPayment(*query);
}

absl::StatusOr<domain::Page<domain::Payment>> Payments::List(std::string_view account_id,
                                                             const app::PaymentFilter& filter,
                                                             const domain::PageRequest& page) {
  Params params;
  const std::string where =
      InvoiceDocumentWhere(account_id, filter.invoice_id, filter.customer_id, params);
  return SelectPage<domain::Payment>(s_, PAYMENT_COLUMNS, "payments", where,
                                     /*newest_first=*/false, std::move(params), page,
                                     ReadPayment);
}

}  // namespace billing::storage::sql
