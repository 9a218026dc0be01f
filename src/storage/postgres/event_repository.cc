// Events in PostgreSQL.
#include <string>

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

#define EVENT_COLUMNS \
  "account_id, id, type, resource_id, data_json, " BILLING_PG_MICROS("create_time")

// " WHERE account_id = $1", narrowed to a type and a resource when given
// ("" = any); appends the parameters. Only the filters in use appear, so the
// planner can pick the matching index (events_by_type, events_by_resource),
// whose order is the list's: (create_time, seq).
std::string ListWhere(std::string_view account_id, const app::EventFilter& filter,
                      Params& params) {
  params.push_back(Text(account_id));
  std::string where = " WHERE account_id = $1";
  if (!filter.type.empty()) {
    params.push_back(Text(filter.type));
    absl::StrAppend(&where, " AND type = $", params.size());
  }
  if (!filter.resource_id.empty()) {
    params.push_back(Text(filter.resource_id));
    absl::StrAppend(&where, " AND resource_id = $", params.size());
  }
  return where;
}

domain::Event ReadEvent(const PgResult& r, int row) {
  return domain::Event{
      .account_id = r.Text(row, 0),
      .id = r.Text(row, 1),
      .type = r.Text(row, 2),
      .resource_id = r.Text(row, 3),
      .data_json = r.Text(row, 4),
      .create_time = TimeFromMicros(r.Int64(row, 5)),
  };
}

}  // namespace

absl::Status PgEvents::Insert(const domain::Event& event) {
  absl::Status status =
      c_.Query("INSERT INTO events (account_id, id, type, resource_id, data_json, create_time) "
               "VALUES ($1, $2, $3, $4, $5, $6)",
               {Text(event.account_id), Text(event.id), Text(event.type),
                Text(event.resource_id), Text(event.data_json), Time(event.create_time)})
          .status();
  if (IsUniqueViolation(status)) {
    return domain::Error(ErrorCode::kAlreadyExists,
                         absl::StrCat("event ", event.id, " already exists"));
  }
  return status;
}

absl::StatusOr<domain::Event> PgEvents::Get(std::string_view account_id,
                                            std::string_view event_id) {
  ASSIGN_OR_RETURN(PgResult r,
                   c_.Query("SELECT " EVENT_COLUMNS " FROM events WHERE account_id = $1 AND id = $2",
                            {Text(account_id), Text(event_id)}));
  if (r.rows() == 0) {
    return domain::Error(ErrorCode::kEventNotFound, absl::StrCat("event ", domain::Av(event_id), " not found"));
  }
  return ReadEvent(r, 0);
}

absl::StatusOr<domain::Page<domain::Event>> PgEvents::List(std::string_view account_id,
                                                           const app::EventFilter& filter,
                                                           const domain::PageRequest& page) {
  // Newest first; seq breaks ties in write order, as SQLite's rowid. A page
  // token continues after its event in that order.
  Params params;
  const std::string where = ListWhere(account_id, filter, params);
  const Params count_params = params;
  const std::string sql = PagedSelect(EVENT_COLUMNS, "events", where, /*newest_first=*/true, page,
                                      params, TieBreak::kWriteOrder);
  ASSIGN_OR_RETURN(PgResult r, c_.Query(sql, params));
  domain::Page<domain::Event> result{.request = page};
  for (int row = 0; row < r.rows(); ++row) result.items.push_back(ReadEvent(r, row));
  FinishPage(result);
  ASSIGN_OR_RETURN(PgResult count,
                   c_.Query(absl::StrCat("SELECT COUNT(*) FROM events", where), count_params));
  result.total_items = count.Int64(0, 0);
  return result;
}

absl::StatusOr<int64_t> PgEvents::DeleteCreatedBefore(absl::Time cutoff, int limit) {
  ASSIGN_OR_RETURN(PgResult r,
                   c_.Query("DELETE FROM events WHERE (account_id, id) IN (SELECT account_id, id "
                            "FROM events WHERE create_time < $1 ORDER BY create_time LIMIT $2)",
                            {Time(cutoff), Int(limit)}));
  return r.affected();
}

}  // namespace billing::storage::postgres
