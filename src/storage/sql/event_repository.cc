// Events.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/text.h"
#include "storage/sql/list_paging.h"
#include "storage/sql/repositories.h"

namespace billing::storage::sql {
namespace {

using domain::ErrorCode;

#define EVENT_COLUMNS "account_id, id, type, resource_id, data_json, {micros:create_time}"

// " WHERE account_id = ?1", narrowed to a type and a resource when given
// ("" = any). Only the filters in use appear, so the database picks the
// matching index (events_by_type, events_by_resource), whose order is the
// list's: (create time, write order).
std::string ListWhere(std::string_view account_id, const app::EventFilter& filter,
                      Params& params) {
  std::string where = absl::StrCat(" WHERE account_id = ", params.Text(account_id));
  if (!filter.type.empty()) absl::StrAppend(&where, " AND type = ", params.Text(filter.type));
  if (!filter.resource_id.empty()) {
    absl::StrAppend(&where, " AND resource_id = ", params.Text(filter.resource_id));
  }
  return where;
}

absl::StatusOr<domain::Event> ReadEvent(const Statement& row) {
  return domain::Event{
      .account_id = row.Text(0),
      .id = row.Text(1),
      .type = row.Text(2),
      .resource_id = row.Text(3),
      .data_json = row.Text(4),
      .create_time = row.Time(5),
  };
}

}  // namespace

absl::Status Events::Insert(const domain::Event& event) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> insert,
                   s_.Prepare("INSERT INTO events (account_id, id, type, resource_id, data_json, "
                              "{time:create_time}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  insert->BindText(1, event.account_id)
      .BindText(2, event.id)
      .BindText(3, event.type)
      .BindText(4, event.resource_id)
      .BindText(5, event.data_json)
      .BindTime(6, event.create_time);
  absl::Status status = insert->Run();
  if (s_.dialect().IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("event ", event.id, " already exists"));
  }
  return status;
}

absl::StatusOr<domain::Event> Events::Get(std::string_view account_id, std::string_view event_id) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> query,
                   s_.Prepare("SELECT " EVENT_COLUMNS
                              " FROM events WHERE account_id = ?1 AND id = ?2"));
  query->BindText(1, account_id).BindText(2, event_id);
  ASSIGN_OR_RETURN(bool row, query->Step());
  if (!row) {
    return domain::Error(ErrorCode::kEventNotFound,
                         absl::StrCat("event ", domain::Av(event_id), " not found"));
  }
  return ReadEvent(*query);
}

absl::StatusOr<domain::Page<domain::Event>> Events::List(std::string_view account_id,
                                                         const app::EventFilter& filter,
                                                         const domain::PageRequest& page) {
  // Newest first; the write order breaks ties: of events written in the
  // same microsecond, the one written last is the newest. A page token
  // continues after its event in that order.
  Params params;
  const std::string where = ListWhere(account_id, filter, params);
  return SelectPage<domain::Event>(s_, EVENT_COLUMNS, "events", where, /*newest_first=*/true,
                                   std::move(params), page, ReadEvent, TieBreak::kWriteOrder);
}

absl::StatusOr<int64_t> Events::DeleteCreatedBefore(absl::Time cutoff, int limit) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> remove,
                   s_.Prepare("DELETE FROM events WHERE {row_key} IN (SELECT {row_key_columns} "
                              "FROM events WHERE {time:create_time} < ?1 "
                              "ORDER BY {time:create_time} LIMIT ?2)"));
  remove->BindTime(1, cutoff).BindInt64(2, limit);
  RETURN_IF_ERROR(remove->Run());
  return remove->changed_rows();
}

}  // namespace billing::storage::sql
