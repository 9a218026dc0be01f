#include "storage/sqlite/event_repository.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "storage/sqlite/absl_string_view.h"
#include "storage/sqlite/list_paging.h"
#include "storage/sqlite/row_values.h"
#include "storage/sqlite/sqlite_error.h"
#include "storage/sqlite/statement.h"

namespace billing::storage {
namespace {

using domain::ErrorCode;

constexpr char kColumns[] =
    "account_id, id, type, resource_id, data_json, create_time_us";

// " WHERE account_id = ?1", narrowed to ?2 a type and ?3 a resource when
// given ("" = any). Only the filters in use appear, so that SQLite picks the
// matching index (events_by_type, events_by_resource), whose order is the
// list's: (create_time_us, rowid).
std::string ListWhere(const app::EventFilter& filter) {
  std::string where = " WHERE account_id = ?1";
  if (!filter.type.empty()) absl::StrAppend(&where, " AND type = ?2");
  if (!filter.resource_id.empty()) absl::StrAppend(&where, " AND resource_id = ?3");
  return where;
}

void BindListFilter(Statement& statement, std::string_view account_id,
                    const app::EventFilter& filter) {
  statement.BindText(1, account_id);
  if (!filter.type.empty()) statement.BindText(2, filter.type);
  if (!filter.resource_id.empty()) statement.BindText(3, filter.resource_id);
}

domain::Event ReadEvent(Statement& row) {
  return domain::Event{
      .account_id = row.ColumnText(0),
      .id = row.ColumnText(1),
      .type = row.ColumnText(2),
      .resource_id = row.ColumnText(3),
      .data_json = row.ColumnText(4),
      .create_time = TimeFromMicros(row.ColumnInt64(5)),
  };
}

}  // namespace

absl::Status SqliteEvents::Insert(const domain::Event& event) {
  ASSIGN_OR_RETURN(Statement insert,
                   c_.Prepare(absl::StrCat("INSERT INTO events (", kColumns,
                                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)")));
  insert.BindText(1, event.account_id)
      .BindText(2, event.id)
      .BindText(3, event.type)
      .BindText(4, event.resource_id)
      .BindText(5, event.data_json)
      .BindInt64(6, TimeToMicros(event.create_time));
  absl::Status status = insert.Run();
  if (IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("event ", event.id, " already exists"));
  }
  return status;
}

absl::StatusOr<domain::Event> SqliteEvents::Get(std::string_view account_id,
                                                std::string_view event_id) {
  ASSIGN_OR_RETURN(Statement query,
                   c_.Prepare(absl::StrCat("SELECT ", kColumns,
                                           " FROM events WHERE account_id = ?1 AND id = ?2")));
  query.BindText(1, account_id).BindText(2, event_id);
  ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) {
    return domain::Error(ErrorCode::kEventNotFound, absl::StrCat("event ", Av(event_id), " not found"));
  }
  return ReadEvent(query);
}

absl::StatusOr<domain::Page<domain::Event>> SqliteEvents::List(std::string_view account_id,
                                                               const app::EventFilter& filter,
                                                               const domain::PageRequest& page) {
  // Newest first; rowid breaks ties: of events written in the same
  // microsecond, the one written last is the newest. A page token continues
  // after its event in that order.
  const std::string where = ListWhere(filter);
  ASSIGN_OR_RETURN(Statement query,
                   c_.Prepare(PagedSelect(kColumns, "events", where, /*newest_first=*/true, page,
                                          TieBreak::kWriteOrder)));
  BindListFilter(query, account_id, filter);
  BindPage(query, page);
  domain::Page<domain::Event> result{.request = page};
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    result.items.push_back(ReadEvent(query));
  }
  FinishPage(result);
  ASSIGN_OR_RETURN(Statement count, c_.Prepare(absl::StrCat("SELECT COUNT(*) FROM events", where)));
  BindListFilter(count, account_id, filter);
  ASSIGN_OR_RETURN(bool counted, count.Step());
  if (counted) result.total_items = count.ColumnInt64(0);
  return result;
}

absl::StatusOr<int64_t> SqliteEvents::DeleteCreatedBefore(absl::Time cutoff, int limit) {
  ASSIGN_OR_RETURN(Statement remove,
                   c_.Prepare("DELETE FROM events WHERE rowid IN (SELECT rowid FROM events "
                              "WHERE create_time_us < ?1 ORDER BY create_time_us LIMIT ?2)"));
  remove.BindInt64(1, TimeToMicros(cutoff)).BindInt64(2, limit);
  RETURN_IF_ERROR(remove.Run());
  return c_.ChangedRows();
}

}  // namespace billing::storage
