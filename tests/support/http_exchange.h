// A raw HTTP/1.x exchange with a server on loopback, for tests of the
// metrics endpoint: the request goes as written, the answer comes back whole.
#ifndef BILLING_TESTS_SUPPORT_HTTP_EXCHANGE_H_
#define BILLING_TESTS_SUPPORT_HTTP_EXCHANGE_H_

#include <string>

namespace billing::testing {

// Sends `request` to 127.0.0.1:port and returns everything the server sent
// until it closed (headers and body), or "connect failed".
std::string HttpExchange(int port, const std::string& request);

}  // namespace billing::testing

#endif  // BILLING_TESTS_SUPPORT_HTTP_EXCHANGE_H_
