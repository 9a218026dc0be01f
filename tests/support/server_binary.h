// The billing-server binary the build made, for tests that run it as another
// process (admin commands, replicas, outages).
#ifndef BILLING_TESTS_SUPPORT_SERVER_BINARY_H_
#define BILLING_TESTS_SUPPORT_SERVER_BINARY_H_

namespace billing::testing {

const char* ServerBinary();

}  // namespace billing::testing

#endif  // BILLING_TESTS_SUPPORT_SERVER_BINARY_H_
