#include "storage/sqlite/list_paging.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/text.h"

namespace billing::storage {

using domain::Av;

std::string PagedSelect(std::string_view columns, std::string_view table, std::string_view where,
                        bool newest_first, const domain::PageRequest& page, TieBreak tie_break) {
  const std::string_view tie = tie_break == TieBreak::kId ? "id" : "rowid";
  const std::string order =
      absl::StrCat(" ORDER BY create_time_us", newest_first ? " DESC" : "", ", ", Av(tie),
                   newest_first ? " DESC" : "");
  if (page.after.has_value()) {
    const std::string cursor =
        tie_break == TieBreak::kId
            ? std::string("?9")
            : absl::StrCat("(SELECT rowid FROM ", Av(table), " WHERE account_id = ?1 AND id = ?9)");
    return absl::StrCat("SELECT ", Av(columns), " FROM ", Av(table), Av(where),
                        " AND (create_time_us, ", Av(tie), ") ", newest_first ? "<" : ">",
                        " (?8, ", cursor, ")", order, " LIMIT ?7");
  }
  return absl::StrCat("SELECT ", Av(columns), " FROM ", Av(table),
                      " WHERE rowid IN (SELECT rowid FROM ", Av(table), Av(where), order,
                      " LIMIT ?7 OFFSET ?8)", order);
}

void BindPage(Statement& query, const domain::PageRequest& page) {
  query.BindInt64(7, int64_t{page.page_size} + 1);
  if (page.after.has_value()) {
    query.BindInt64(8, page.after->create_time_us).BindText(9, page.after->id);
  } else {
    query.BindInt64(8, page.offset());
  }
}

absl::StatusOr<int64_t> ListedCount(Connection& db, std::string_view account_id,
                                    std::string_view list, std::string_view customer_id,
                                    std::string_view status) {
  ASSIGN_OR_RETURN(Statement query,
                   db.Prepare("SELECT n FROM list_counts WHERE account_id = ?1 AND list = ?2"
                              " AND customer_id = ?3 AND status = ?4"));
  // An empty view may have no data pointer, which binds NULL: spell '' out.
  query.BindText(1, account_id).BindText(2, list);
  query.BindText(3, customer_id.empty() ? std::string_view("") : customer_id);
  query.BindText(4, status.empty() ? std::string_view("") : status);
  ASSIGN_OR_RETURN(bool row, query.Step());
  return row ? query.ColumnInt64(0) : 0;
}

std::string InvoiceDocumentWhere(std::string_view invoice_id, std::string_view customer_id) {
  std::string where = " WHERE account_id = ?1";
  if (!invoice_id.empty()) absl::StrAppend(&where, " AND invoice_id = ?2");
  if (!customer_id.empty()) absl::StrAppend(&where, " AND customer_id = ?3");
  return where;
}

void BindInvoiceDocumentFilter(Statement& statement, std::string_view account_id,
                               std::string_view invoice_id, std::string_view customer_id) {
  statement.BindText(1, account_id);
  if (!invoice_id.empty()) statement.BindText(2, invoice_id);
  if (!customer_id.empty()) statement.BindText(3, customer_id);
}

}  // namespace billing::storage
