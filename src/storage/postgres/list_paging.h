// What every PostgreSQL list query shares (as storage/sqlite/list_paging.h):
// order by (create_time, id), a page by offset or after a cursor, and the
// total from list_counts instead of COUNT(*); and the plain offset page with
// COUNT(*) of the lists list_counts does not keep.
#ifndef BILLING_STORAGE_POSTGRES_LIST_PAGING_H_
#define BILLING_STORAGE_POSTGRES_LIST_PAGING_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/paging.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_values.h"

namespace billing::storage::postgres {

// What orders rows created in the same microsecond: their id (the lists of
// resources), or the order they were written in, by the table's `seq`
// identity (events: those of one transaction share its time and read back in
// the order they happened).
enum class TieBreak { kId, kWriteOrder };

// The SELECT of one page of `table` rows matching `where` (whose parameters
// are already in `params`, $1 being the account); appends the paging
// parameters. An offset is skipped in the index (an index-only scan of the
// keys), a cursor is a range start in it; one row more than the page is
// asked for, to know whether another follows. In write order the cursor
// still names its row by id; its seq is looked up by primary key (a row gone
// since, purged, only drops the rows that shared its time).
std::string PagedSelect(std::string_view columns, std::string_view table, std::string_view where,
                        bool newest_first, const domain::PageRequest& page, Params& params,
                        TieBreak tie_break = TieBreak::kId);

// How many `list` rows the account has with that customer and status ('' = any).
absl::StatusOr<int64_t> ListedCount(PgConnection& c, std::string_view account_id,
                                    std::string_view list, std::string_view customer_id = "",
                                    std::string_view status = "");

// One page by offset of the `table` rows matching `where` (whose parameters
// are in `params`) in `order`, and how many rows match in all.
struct OffsetPage {
  PgResult result;
  int64_t total_items;
};
absl::StatusOr<OffsetPage> SelectOffsetPage(PgConnection& c, std::string_view columns,
                                            std::string_view table, std::string_view where,
                                            std::string_view order, Params params,
                                            const domain::PageRequest& page);

// One page, by offset or after a page token's cursor (PagedSelect), of the
// `table` rows matching `where` (whose parameters are in `params`), and how
// many rows match in all (COUNT(*): the lists list_counts does not keep).
// The result holds one row more than the page when another follows.
absl::StatusOr<OffsetPage> SelectPage(PgConnection& c, std::string_view columns,
                                      std::string_view table, std::string_view where,
                                      bool newest_first, Params params,
                                      const domain::PageRequest& page,
                                      TieBreak tie_break = TieBreak::kId);

// " WHERE account_id = $1", narrowed to an invoice and a customer when given
// ("" = any): the filter of payments and credit notes. Appends the
// parameters. Only the filters in use appear, so the planner can pick the
// matching index.
std::string InvoiceDocumentWhere(std::string_view account_id, std::string_view invoice_id,
                                 std::string_view customer_id, Params& params);

// Drops the look-ahead row and records where the next page starts.
template <typename T>
void FinishPage(domain::Page<T>& page) {
  if (static_cast<int>(page.items.size()) <= page.request.page_size) return;
  page.items.pop_back();
  const T& last = page.items.back();
  page.next = domain::PageCursor{.create_time_us = absl::ToUnixMicros(last.create_time),
                                 .id = last.id};
}

}  // namespace billing::storage::postgres

#endif  // BILLING_STORAGE_POSTGRES_LIST_PAGING_H_
