// Payments received against invoices.
#include <string>
#include <utility>

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

#define PAYMENT_COLUMNS                                                                 \
  "account_id, id, invoice_id, customer_id, currency, amount_minor, method, reference, " \
  BILLING_PG_DAY("received_date") ", " BILLING_PG_MICROS("create_time")

absl::StatusOr<std::vector<domain::Payment>> ReadPayments(const PgResult& r) {
  std::vector<domain::Payment> payments;
  for (int row = 0; row < r.rows(); ++row) {
    domain::Payment payment{
        .account_id = r.Text(row, 0),
        .id = r.Text(row, 1),
        .invoice_id = r.Text(row, 2),
        .customer_id = r.Text(row, 3),
        .currency = r.Text(row, 4),
        .amount = r.Int64(row, 5),
        .reference = r.Text(row, 7),
        .create_time = TimeFromMicros(r.Int64(row, 9)),
    };
    std::optional<domain::PaymentMethod> method = domain::PaymentMethodFromName(r.Text(row, 6));
    if (!method.has_value()) {
      return domain::Error(ErrorCode::kInternal,
                           absl::StrCat("payment ", payment.id, " has an unknown method"));
    }
    payment.method = *method;
    ASSIGN_OR_RETURN(payment.received_date, DayFromText(r.Text(row, 8)));
    payments.push_back(std::move(payment));
  }
  return payments;
}

}  // namespace

absl::Status PgPayments::Insert(const domain::Payment& payment) {
  absl::Status status =
      c_.Query("INSERT INTO payments (account_id, id, invoice_id, customer_id, currency, "
               "amount_minor, method, reference, received_date, create_time) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
               {Text(payment.account_id), Text(payment.id), Text(payment.invoice_id),
                Text(payment.customer_id), Text(payment.currency), Int(payment.amount),
                Text(domain::PaymentMethodName(payment.method)), Text(payment.reference),
                Day(payment.received_date), Time(payment.create_time)})
          .status();
  if (IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("payment ", payment.id, " already exists"));
  }
  return status;
}

absl::StatusOr<domain::Payment> PgPayments::Get(std::string_view account_id,
                                                std::string_view payment_id) {
  ASSIGN_OR_RETURN(PgResult r, c_.Query("SELECT " PAYMENT_COLUMNS
                                        " FROM payments WHERE account_id = $1 AND id = $2",
                                        {Text(account_id), Text(payment_id)}));
  ASSIGN_OR_RETURN(std::vector<domain::Payment> found, ReadPayments(r));
  if (found.empty()) {
    return domain::Error(ErrorCode::kPaymentNotFound,
                         absl::StrCat("payment ", domain::Av(payment_id), " not found"));
  }
  return std::move(found.front());
}

absl::StatusOr<domain::Page<domain::Payment>> PgPayments::List(
    std::string_view account_id, const app::PaymentFilter& filter,
    const domain::PageRequest& page) {
  Params params;
  const std::string where =
      InvoiceDocumentWhere(account_id, filter.invoice_id, filter.customer_id, params);
  ASSIGN_OR_RETURN(OffsetPage found,
                   SelectPage(c_, PAYMENT_COLUMNS, "payments", where, /*newest_first=*/false,
                              std::move(params), page));
  domain::Page<domain::Payment> result{.request = page, .total_items = found.total_items};
  ASSIGN_OR_RETURN(result.items, ReadPayments(found.result));
  FinishPage(result);
  return result;
}

}  // namespace billing::storage::postgres
