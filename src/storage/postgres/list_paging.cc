#include "storage/postgres/list_paging.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/text.h"

namespace billing::storage::postgres {

using domain::Av;

std::string PagedSelect(std::string_view columns, std::string_view table, std::string_view where,
                        bool newest_first, const domain::PageRequest& page, Params& params,
                        TieBreak tie_break) {
  const std::string_view tie = tie_break == TieBreak::kId ? "id" : "seq";
  const std::string order =
      absl::StrCat(" ORDER BY create_time", newest_first ? " DESC" : "", ", ", Av(tie),
                   newest_first ? " DESC" : "");
  params.push_back(Int(int64_t{page.page_size} + 1));
  const size_t limit = params.size();
  if (page.after.has_value()) {
    params.push_back(Time(absl::FromUnixMicros(page.after->create_time_us)));
    params.push_back(Text(page.after->id));
    const std::string cursor =
        tie_break == TieBreak::kId
            ? absl::StrCat("$", limit + 2)
            : absl::StrCat("(SELECT seq FROM ", Av(table), " WHERE account_id = $1 AND id = $",
                           limit + 2, ")");
    return absl::StrCat("SELECT ", Av(columns), " FROM ", Av(table), Av(where),
                        " AND (create_time, ", Av(tie), ") ", newest_first ? "<" : ">", " ($",
                        limit + 1, "::timestamptz, ", cursor, ")", order, " LIMIT $", limit);
  }
  params.push_back(Int(page.offset()));
  return absl::StrCat("SELECT ", Av(columns), " FROM ", Av(table),
                      " WHERE (account_id, id) IN (SELECT account_id, id FROM ", Av(table), Av(where),
                      order, " LIMIT $", limit, " OFFSET $", limit + 1, ")", order);
}

absl::StatusOr<int64_t> ListedCount(PgConnection& c, std::string_view account_id,
                                    std::string_view list, std::string_view customer_id,
                                    std::string_view status) {
  ASSIGN_OR_RETURN(PgResult r, c.Query("SELECT COALESCE(SUM(n), 0)::bigint FROM list_counts"
                                       " WHERE account_id = $1 AND list = $2"
                                       " AND customer_id = $3 AND status = $4",
                                       {Text(account_id), Text(list), Text(customer_id),
                                        Text(status)}));
  return r.Int64(0, 0);
}

absl::StatusOr<OffsetPage> SelectOffsetPage(PgConnection& c, std::string_view columns,
                                            std::string_view table, std::string_view where,
                                            std::string_view order, Params params,
                                            const domain::PageRequest& page) {
  const Params count_params = params;
  const size_t n = params.size();
  params.push_back(Int(page.page_size));
  params.push_back(Int(page.offset()));
  ASSIGN_OR_RETURN(PgResult rows,
                   c.Query(absl::StrCat("SELECT ", Av(columns), " FROM ", Av(table), Av(where),
                                        " ORDER BY ", Av(order), " LIMIT $", n + 1, " OFFSET $",
                                        n + 2),
                           params));
  ASSIGN_OR_RETURN(PgResult count,
                   c.Query(absl::StrCat("SELECT COUNT(*) FROM ", Av(table), Av(where)),
                           count_params));
  return OffsetPage{.result = std::move(rows), .total_items = count.Int64(0, 0)};
}

absl::StatusOr<OffsetPage> SelectPage(PgConnection& c, std::string_view columns,
                                      std::string_view table, std::string_view where,
                                      bool newest_first, Params params,
                                      const domain::PageRequest& page, TieBreak tie_break) {
  const Params count_params = params;
  const std::string select = PagedSelect(columns, table, where, newest_first, page, params, tie_break);
  ASSIGN_OR_RETURN(PgResult rows, c.Query(select, params));
  ASSIGN_OR_RETURN(PgResult count,
                   c.Query(absl::StrCat("SELECT COUNT(*) FROM ", Av(table), Av(where)),
                           count_params));
  return OffsetPage{.result = std::move(rows), .total_items = count.Int64(0, 0)};
}

std::string InvoiceDocumentWhere(std::string_view account_id, std::string_view invoice_id,
                                 std::string_view customer_id, Params& params) {
  params.push_back(Text(account_id));
  std::string where = " WHERE account_id = $1";
  if (!invoice_id.empty()) {
    params.push_back(Text(invoice_id));
    absl::StrAppend(&where, " AND invoice_id = $", params.size());
  }
  if (!customer_id.empty()) {
    params.push_back(Text(customer_id));
    absl::StrAppend(&where, " AND customer_id = $", params.size());
  }
  return where;
}

}  // namespace billing::storage::postgres
