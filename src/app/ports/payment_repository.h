// Port: payments received against invoices. Every call is scoped by account.
#ifndef BILLING_APP_PORTS_PAYMENT_REPOSITORY_H_
#define BILLING_APP_PORTS_PAYMENT_REPOSITORY_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/paging.h"
#include "domain/payment.h"

namespace billing::app {

// "" = any.
struct PaymentFilter {
  std::string invoice_id;
  std::string customer_id;
};

class PaymentRepository {
 public:
  virtual ~PaymentRepository() = default;

  // ALREADY_EXISTS on a taken id. Payments are never changed or deleted.
  virtual absl::Status Insert(const domain::Payment& payment) = 0;
  // PAYMENT_NOT_FOUND when absent.
  virtual absl::StatusOr<domain::Payment> Get(std::string_view account_id,
                                              std::string_view payment_id) = 0;
  // Oldest first (create_time, then id).
  virtual absl::StatusOr<domain::Page<domain::Payment>> List(std::string_view account_id,
                                                             const PaymentFilter& filter,
                                                             const domain::PageRequest& page) = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_PAYMENT_REPOSITORY_H_
