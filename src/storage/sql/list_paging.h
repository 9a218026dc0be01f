// What every list query shares: ordering by (create time, id), a page by
// offset or after a cursor, totals from list_counts (kept by triggers) or
// COUNT(*), and the filter payments and credit notes share. Statements are
// composed with their parameters (Params), numbered as they are added, so
// a filter not in use leaves no parameter behind.
#ifndef BILLING_STORAGE_SQL_LIST_PAGING_H_
#define BILLING_STORAGE_SQL_LIST_PAGING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/paging.h"
#include "storage/sql/session.h"

namespace billing::storage::sql {

// The parameters of a statement being composed, numbered in the order they
// are added: add each in its own statement (the arguments of one call are
// evaluated in no set order), the account first, as ?1.
class Params {
 public:
  // Each returns the parameter's placeholder, "?N".
  std::string Text(std::string_view value);
  std::string Int64(int64_t value);
  std::string Time(absl::Time value);
  void BindTo(Statement& statement) const;

 private:
  std::string Next();
  std::vector<std::variant<std::string, int64_t, absl::Time>> values_;
};

// What orders rows created in the same microsecond: their id (the lists of
// resources), or the order they were written in (events: those of one
// transaction share its time and read back in the order they happened).
enum class TieBreak { kId, kWriteOrder };

// The SELECT of one page of `table` rows matching `where` (whose parameters
// are in `params`, ?1 being the account); adds the paging parameters. One
// row more than the page is asked for, to know whether another follows. An
// offset is skipped inside the index ({row_key}: the rows passed over are
// never read), a cursor starts a range in it. In write order the cursor
// still names its row by id; its position is looked up by primary key (a
// row gone since, purged, only drops the rows that shared its time).
std::string PagedSelect(std::string_view columns, std::string_view table, std::string_view where,
                        bool newest_first, const domain::PageRequest& page, Params& params,
                        TieBreak tie_break = TieBreak::kId);

// The rows of one page (PagedSelect, with FinishPage's look-ahead row) read
// by `read`, and how many rows match in all (COUNT(*): the lists
// list_counts does not keep).
template <typename T, typename Read>
absl::StatusOr<domain::Page<T>> SelectPage(Session& s, std::string_view columns,
                                           std::string_view table, std::string_view where,
                                           bool newest_first, Params params,
                                           const domain::PageRequest& page, Read read,
                                           TieBreak tie_break = TieBreak::kId);

// How many `list` rows the account has with that customer and status
// ('' = any), from list_counts (PostgreSQL splits a counter in shards).
absl::StatusOr<int64_t> ListedCount(Session& s, std::string_view account_id,
                                    std::string_view list, std::string_view customer_id = "",
                                    std::string_view status = "");

// COUNT(*) of the `table` rows matching `where`.
absl::StatusOr<int64_t> CountRows(Session& s, std::string_view table, std::string_view where,
                                  const Params& params);

// " WHERE account_id = ?1", narrowed to an invoice and a customer when given
// ("" = any): the filter of payments and credit notes. Only the filters in
// use appear, so the database picks the matching index.
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

template <typename T, typename Read>
absl::StatusOr<domain::Page<T>> SelectPage(Session& s, std::string_view columns,
                                           std::string_view table, std::string_view where,
                                           bool newest_first, Params params,
                                           const domain::PageRequest& page, Read read,
                                           TieBreak tie_break) {
  const Params count_params = params;
  const std::string select =
      PagedSelect(columns, table, where, newest_first, page, params, tie_break);
  absl::StatusOr<std::unique_ptr<Statement>> query = s.Prepare(select);
  if (!query.ok()) return query.status();
  params.BindTo(**query);
  domain::Page<T> result{.request = page};
  while (true) {
    absl::StatusOr<bool> row = (*query)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    absl::StatusOr<T> item = read(**query);
    if (!item.ok()) return item.status();
    result.items.push_back(*std::move(item));
  }
  FinishPage(result);
  absl::StatusOr<int64_t> total = CountRows(s, table, where, count_params);
  if (!total.ok()) return total.status();
  result.total_items = *total;
  return result;
}

}  // namespace billing::storage::sql

#endif  // BILLING_STORAGE_SQL_LIST_PAGING_H_
