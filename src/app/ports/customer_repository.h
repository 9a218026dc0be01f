// Port: customers of an account. Every call is scoped by account.
#ifndef BILLING_APP_PORTS_CUSTOMER_REPOSITORY_H_
#define BILLING_APP_PORTS_CUSTOMER_REPOSITORY_H_

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/customer.h"
#include "domain/paging.h"

namespace billing::app {

class CustomerRepository {
 public:
  virtual ~CustomerRepository() = default;

  // CUSTOMER_NOT_FOUND when absent. Inside Store::Write the row stays locked
  // until the transaction ends, so a read-then-write cannot race another one.
  virtual absl::StatusOr<domain::Customer> Get(std::string_view account_id,
                                               std::string_view customer_id) = 0;
  // As Get, for a write that only refers to the customer (an invoice of
  // theirs): inside Store::Write the customer cannot be deleted until the
  // transaction ends, but others may update it or refer to it meanwhile, so
  // concurrent invoices of one customer do not queue on its row.
  virtual absl::StatusOr<domain::Customer> GetToReference(std::string_view account_id,
                                                          std::string_view customer_id) {
    return Get(account_id, customer_id);
  }
  // ALREADY_EXISTS when the id is taken in the account.
  virtual absl::Status Insert(const domain::Customer& customer) = 0;
  // CUSTOMER_NOT_FOUND when absent.
  virtual absl::Status Update(const domain::Customer& customer) = 0;
  // CUSTOMER_NOT_FOUND when absent; CUSTOMER_HAS_INVOICES when it has any.
  virtual absl::Status Delete(std::string_view account_id, std::string_view customer_id) = 0;
  // Oldest first (create_time, then id).
  virtual absl::StatusOr<domain::Page<domain::Customer>> List(
      std::string_view account_id, const domain::PageRequest& page) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_CUSTOMER_REPOSITORY_H_
