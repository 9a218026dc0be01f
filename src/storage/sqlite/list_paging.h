// What every list query shares: ordering by (create time, id), a page by
// offset or after a cursor, and the total from list_counts (kept by triggers,
// migration 6) instead of a COUNT(*) over the rows; and the filter that
// payments and credit notes share.
#ifndef BILLING_STORAGE_SQLITE_LIST_PAGING_H_
#define BILLING_STORAGE_SQLITE_LIST_PAGING_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "domain/paging.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/row_values.h"
#include "storage/sqlite/statement.h"

namespace billing::storage {

// What orders rows created in the same microsecond: their id (the lists of
// resources), or the order they were written in, by rowid (events: those of
// one transaction share its time and read back in the order they happened).
enum class TieBreak { kId, kWriteOrder };

// The SELECT of one page of `table` rows matching `where` (which uses
// parameters below ?7, ?1 being the account). ?7 is the limit; ?8, ?9 the
// cursor (time, id) after a page token, else ?8 the offset. An offset is
// skipped inside the covering (account_id, ..., create_time_us, id) index by
// rowid, so the rows passed over are never read. In write order the cursor
// still names its row by id; its rowid is looked up by primary key (a row
// gone since, purged, only drops the rows that shared its time).
std::string PagedSelect(std::string_view columns, std::string_view table, std::string_view where,
                        bool newest_first, const domain::PageRequest& page,
                        TieBreak tie_break = TieBreak::kId);

// Binds ?7.. for PagedSelect: one row more than the page, to know whether
// another follows.
void BindPage(Statement& query, const domain::PageRequest& page);

// The row of list_counts: how many `list` rows the account has with that
// customer and status ('' = any).
absl::StatusOr<int64_t> ListedCount(Connection& db, std::string_view account_id,
                                    std::string_view list, std::string_view customer_id = "",
                                    std::string_view status = "");

// " WHERE account_id = ?1", narrowed to ?2 an invoice and ?3 a customer when
// given ("" = any): the filter of payments and credit notes. Only the filters
// in use appear, so that SQLite picks the matching index.
std::string InvoiceDocumentWhere(std::string_view invoice_id, std::string_view customer_id);

// Binds ?1..?3 for InvoiceDocumentWhere.
void BindInvoiceDocumentFilter(Statement& statement, std::string_view account_id,
                               std::string_view invoice_id, std::string_view customer_id);

// Drops the look-ahead row BindPage asked for and records where the next
// page starts.
template <typename T>
void FinishPage(domain::Page<T>& page) {
  if (static_cast<int>(page.items.size()) <= page.request.page_size) return;
  page.items.pop_back();
  const T& last = page.items.back();
  page.next = domain::PageCursor{.create_time_us = TimeToMicros(last.create_time), .id = last.id};
}

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_LIST_PAGING_H_
