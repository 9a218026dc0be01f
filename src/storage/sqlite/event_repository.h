// Events in SQLite.
#ifndef BILLING_STORAGE_SQLITE_EVENT_REPOSITORY_H_
#define BILLING_STORAGE_SQLITE_EVENT_REPOSITORY_H_

#include "app/ports/event_repository.h"
#include "storage/sqlite/connection.h"

namespace billing::storage {

class SqliteEvents : public app::EventRepository {
 public:
  explicit SqliteEvents(Connection& c) : c_(c) {}
  absl::Status Insert(const domain::Event& event) override;
  absl::StatusOr<domain::Event> Get(std::string_view account_id,
                                    std::string_view event_id) override;
  absl::StatusOr<domain::Page<domain::Event>> List(std::string_view account_id,
                                                   const app::EventFilter& filter,
                                                   const domain::PageRequest& page) override;
  absl::StatusOr<int64_t> DeleteCreatedBefore(absl::Time cutoff, int limit) override;

 private:
  Connection& c_;
};

}  // namespace billing::storage

#endif  // BILLING_STORAGE_SQLITE_EVENT_REPOSITORY_H_
