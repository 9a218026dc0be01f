// Port: messages to deliver, written in the transaction that causes them.
#ifndef BILLING_APP_PORTS_OUTBOX_REPOSITORY_H_
#define BILLING_APP_PORTS_OUTBOX_REPOSITORY_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/ledger.h"

namespace billing::app {

class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;

  // ALREADY_EXISTS on a taken id.
  virtual absl::Status Insert(const domain::OutboxMessage& message) = 0;
  // The account's messages in the order they were written.
  virtual absl::StatusOr<std::vector<domain::OutboxMessage>> List(
      std::string_view account_id) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_OUTBOX_REPOSITORY_H_
