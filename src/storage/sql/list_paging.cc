#include "storage/sql/list_paging.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/text.h"

namespace billing::storage::sql {

using domain::Av;

std::string Params::Next() { return absl::StrCat("?", values_.size()); }

std::string Params::Text(std::string_view value) {
  values_.emplace_back(std::string(value));
  return Next();
}

std::string Params::Int64(int64_t value) {
  values_.emplace_back(value);
  return Next();
}

std::string Params::Time(absl::Time value) {
  values_.emplace_back(value);
  return Next();
}

void Params::BindTo(Statement& statement) const {
  for (size_t i = 0; i < values_.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    if (const auto* text = std::get_if<std::string>(&values_[i])) {
      statement.BindText(index, *text);
    } else if (const auto* number = std::get_if<int64_t>(&values_[i])) {
      statement.BindInt64(index, *number);
    } else {
      statement.BindTime(index, std::get<absl::Time>(values_[i]));
    }
  }
}

std::string PagedSelect(std::string_view columns, std::string_view table, std::string_view where,
                        bool newest_first, const domain::PageRequest& page, Params& params,
                        TieBreak tie_break) {
  const std::string_view tie = tie_break == TieBreak::kId ? "id" : "{write_order}";
  const std::string_view desc = newest_first ? " DESC" : "";
  const std::string order =
      absl::StrCat(" ORDER BY {time:create_time}", Av(desc), ", ", Av(tie), Av(desc));
  const std::string limit = params.Int64(int64_t{page.page_size} + 1);
  if (page.after.has_value()) {
    const std::string time = params.Time(absl::FromUnixMicros(page.after->create_time_us));
    const std::string id = params.Text(page.after->id);
    const std::string cursor =
        tie_break == TieBreak::kId
            ? id
            : absl::StrCat("(SELECT {write_order} FROM ", Av(table),
                           " WHERE account_id = ?1 AND id = ", id, ")");
    return absl::StrCat("SELECT ", Av(columns), " FROM ", Av(table), Av(where),
                        " AND ({time:create_time}, ", Av(tie), ") ", newest_first ? "<" : ">",
                        " (CAST(", time, " AS {time_type}), ", cursor, ")", order, " LIMIT ",
                        limit);
  }
  const std::string offset = params.Int64(page.offset());
  return absl::StrCat("SELECT ", Av(columns), " FROM ", Av(table),
                      " WHERE {row_key} IN (SELECT {row_key_columns} FROM ", Av(table), Av(where),
                      order, " LIMIT ", limit, " OFFSET ", offset, ")", order);
}

absl::StatusOr<int64_t> ListedCount(Session& s, std::string_view account_id,
                                    std::string_view list, std::string_view customer_id,
                                    std::string_view status) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s.Prepare("SELECT COALESCE(SUM(n), 0) FROM list_counts"
                             " WHERE account_id = ?1 AND list = ?2"
                             " AND customer_id = ?3 AND status = ?4"));
  query->BindText(1, account_id).BindText(2, list).BindText(3, customer_id).BindText(4, status);
  ASSIGN_OR_RETURN(bool row, query->Step());
  return row ? query->Int64(0) : 0;
}

absl::StatusOr<int64_t> CountRows(Session& s, std::string_view table, std::string_view where,
                                  const Params& params) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> count,
                   s.Prepare(absl::StrCat("SELECT COUNT(*) FROM ", Av(table), Av(where))));
  params.BindTo(*count);
  ASSIGN_OR_RETURN(bool row, count->Step());
  return row ? count->Int64(0) : 0;
}

std::string InvoiceDocumentWhere(std::string_view account_id, std::string_view invoice_id,
                                 std::string_view customer_id, Params& params) {
  std::string where = absl::StrCat(" WHERE account_id = ", params.Text(account_id));
  if (!invoice_id.empty()) absl::StrAppend(&where, " AND invoice_id = ", params.Text(invoice_id));
  if (!customer_id.empty()) {
    absl::StrAppend(&where, " AND customer_id = ", params.Text(customer_id));
  }
  return where;
}

}  // namespace billing::storage::sql
