// Port: the events every state change records (domain/event.h).
#ifndef BILLING_APP_PORTS_EVENT_REPOSITORY_H_
#define BILLING_APP_PORTS_EVENT_REPOSITORY_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/event.h"
#include "domain/paging.h"

namespace billing::app {

// Empty fields do not filter.
struct EventFilter {
  std::string type;
  std::string resource_id;
};

class EventRepository {
 public:
  virtual ~EventRepository() = default;

  // ALREADY_EXISTS on a taken id.
  virtual absl::Status Insert(const domain::Event& event) = 0;
  // EVENT_NOT_FOUND when the account has no such event.
  virtual absl::StatusOr<domain::Event> Get(std::string_view account_id,
                                            std::string_view event_id) = 0;
  // Newest first (events written in one transaction: the last written first).
  virtual absl::StatusOr<domain::Page<domain::Event>> List(std::string_view account_id,
                                                           const EventFilter& filter,
                                                           const domain::PageRequest& page) = 0;
  // Deletes every account's events created before `cutoff`, at most `limit`
  // of them (so that one purge never holds the writer for long); how many.
  virtual absl::StatusOr<int64_t> DeleteCreatedBefore(absl::Time cutoff, int limit) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_EVENT_REPOSITORY_H_
