// Tax rates.
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/text.h"
#include "storage/sql/list_paging.h"
#include "storage/sql/repositories.h"

namespace billing::storage::sql {
namespace {

using domain::ErrorCode;

#define TAX_RATE_COLUMNS                                                                   \
  "account_id, id, display_name, percentage_e4, inclusive, country, region, category, "    \
  "exemption_reason, exemption_reason_code, active, {micros:create_time}, {micros:update_time}"

absl::Status NotFound(std::string_view tax_rate_id) {
  return domain::Error(ErrorCode::kTaxRateNotFound,
                       absl::StrCat("tax rate ", domain::Av(tax_rate_id), " not found"));
}

absl::StatusOr<domain::TaxRate> ReadTaxRate(const Statement& row) {
  domain::TaxRate rate{
      .account_id = row.Text(0),
      .id = row.Text(1),
      .display_name = row.Text(2),
      .country = row.Text(5),
      .region = row.Text(6),
      .terms = {.percentage = row.Int64(3),
                .inclusive = row.Bool(4),
                .exemption_reason = row.Text(8),
                .exemption_reason_code = row.Text(9)},
      .active = row.Bool(10),
      .create_time = row.Time(11),
      .update_time = row.Time(12),
  };
  std::optional<domain::TaxCategory> category = domain::TaxCategoryFromCode(row.Text(7));
  if (!category.has_value()) {
    return domain::Error(ErrorCode::kInternal,
                         absl::StrCat("tax rate ", rate.id, " has an unknown category"));
  }
  rate.terms.category = *category;
  return rate;
}

// Insert and Update number the key and the fields alike (?1 to ?11).
Statement& BindKeyAndFields(Statement& statement, const domain::TaxRate& rate) {
  return statement.BindText(1, rate.account_id)
      .BindText(2, rate.id)
      .BindText(3, rate.display_name)
      .BindInt64(4, rate.terms.percentage)
      .BindBool(5, rate.terms.inclusive)
      .BindText(6, rate.country)
      .BindText(7, rate.region)
      .BindText(8, domain::TaxCategoryCode(rate.terms.category))
      .BindText(9, rate.terms.exemption_reason)
      .BindText(10, rate.terms.exemption_reason_code)
      .BindBool(11, rate.active);
}

}  // namespace

absl::Status TaxRates::Insert(const domain::TaxRate& rate) {
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> insert,
      s_.Prepare("INSERT INTO tax_rates (account_id, id, display_name, percentage_e4, inclusive, "
                 "country, region, category, exemption_reason, exemption_reason_code, active, "
                 "{time:create_time}, {time:update_time}) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
  BindKeyAndFields(*insert, rate).BindTime(12, rate.create_time).BindTime(13, rate.update_time);
  absl::Status status = insert->Run();
  if (s_.dialect().IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("tax rate ", rate.id, " already exists"));
  }
  return status;
}

absl::StatusOr<domain::TaxRate> TaxRates::Get(std::string_view account_id,
                                              std::string_view tax_rate_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT " TAX_RATE_COLUMNS
                              " FROM tax_rates WHERE account_id = ?1 AND id = ?2"
                              "{lock:no_key_update}"));
  query->BindText(1, account_id).BindText(2, tax_rate_id);
  ASSIGN_OR_RETURN(bool found, query->Step());
  if (!found) return NotFound(tax_rate_id);
  return ReadTaxRate(*query);
}

absl::StatusOr<domain::Page<domain::TaxRate>> TaxRates::List(std::string_view account_id,
                                                             const domain::PageRequest& page,
                                                             std::optional<bool> active) {
  Params params;
  std::string where = absl::StrCat(" WHERE account_id = ", params.Text(account_id));
  // A boolean column reads as a condition in both dialects.
  if (active.has_value()) absl::StrAppend(&where, *active ? " AND active" : " AND NOT active");
  return SelectPage<domain::TaxRate>(s_, TAX_RATE_COLUMNS, "tax_rates", where,
                                     /*newest_first=*/false, std::move(params), page, ReadTaxRate);
}

absl::Status TaxRates::Update(const domain::TaxRate& rate) {
  // The id and create_time are set once, by Insert.
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> update,
      s_.Prepare("UPDATE tax_rates SET display_name = ?3, percentage_e4 = ?4, inclusive = ?5, "
                 "country = ?6, region = ?7, category = ?8, exemption_reason = ?9, "
                 "exemption_reason_code = ?10, active = ?11, {time:update_time} = ?12 "
                 "WHERE account_id = ?1 AND id = ?2"));
  BindKeyAndFields(*update, rate).BindTime(12, rate.update_time);
  RETURN_IF_ERROR(update->Run());
  if (update->changed_rows() == 0) return NotFound(rate.id);
  return absl::OkStatus();
}

absl::StatusOr<bool> TaxRates::IsInUse(std::string_view account_id,
                                       std::string_view tax_rate_id) {
  // Both probes use the partial indexes of migration 11 (rates named).
  ASSIGN_OR_RETURN(
      std::unique_ptr<Statement> query,
      s_.Prepare("SELECT EXISTS (SELECT 1 FROM invoice_line_items "
                 "WHERE account_id = ?1 AND tax_rate_id = ?2) "
                 "OR EXISTS (SELECT 1 FROM invoices "
                 "WHERE account_id = ?1 AND default_tax_rate_id = ?2)"));
  query->BindText(1, account_id).BindText(2, tax_rate_id);
  ASSIGN_OR_RETURN(bool row, query->Step());
  if (!row) return domain::Error(ErrorCode::kInternal, "tax rate use: no row");
  return query->Bool(0);
}

}  // namespace billing::storage::sql
