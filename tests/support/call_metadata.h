// What API tests send and read beside a message: the credential, an
// Idempotency-Key and an If-Match in, the idempotent-replayed trailer out.
#ifndef BILLING_TESTS_SUPPORT_CALL_METADATA_H_
#define BILLING_TESTS_SUPPORT_CALL_METADATA_H_

#include <chrono>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "billing/v1/customer.pb.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"

namespace billing::testing {

// One call's metadata, with a 30 s deadline.
struct Call {
  explicit Call(const std::string& authorization, const std::string& key = "",
                const std::string& if_match = "") {
    context.AddMetadata("authorization", authorization);
    if (!key.empty()) context.AddMetadata("idempotency-key", key);
    if (!if_match.empty()) context.AddMetadata("if-match", if_match);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  }
  // Whether the answer was replayed for a key already used.
  bool replayed() const {
    auto found = context.GetServerTrailingMetadata().find("idempotent-replayed");
    return found != context.GetServerTrailingMetadata().end() && found->second == "true";
  }
  grpc::ClientContext context;
};

// The customer's balances as "CUR amount", by currency.
inline std::vector<std::string> CustomerBalances(BillingClient& client,
                                                 const std::string& customer_id) {
  v1::Customer customer;
  EXPECT_TRUE(client.GetCustomer(customer_id, &customer).ok());
  std::vector<std::string> out;
  for (const v1::CustomerBalance& b : customer.balances()) {
    out.push_back(b.currency() + " " + b.amount());
  }
  return out;
}

}  // namespace billing::testing

#endif  // BILLING_TESTS_SUPPORT_CALL_METADATA_H_
