// Serves GET /metrics over plain HTTP/1.1 on a port of its own, from a
// thread of its own. Hand-written rather than a web server library: one
// path, one short-lived connection at a time (a scraper's), request size
// and time bounded, Connection: close. Nothing else is served.
#ifndef BILLING_METRICS_HTTP_ENDPOINT_H_
#define BILLING_METRICS_HTTP_ENDPOINT_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "metrics/registry.h"

namespace billing::metrics {

// The largest request (line and headers) read; more is 431.
inline constexpr size_t kMaxRequestBytes = 8192;

class HttpEndpoint {
 public:
  // Listens on HOST:PORT ([::]:PORT for IPv6; port 0 picks a free one).
  // `registry` must outlive the endpoint.
  static absl::StatusOr<std::unique_ptr<HttpEndpoint>> Start(const std::string& listen,
                                                             const Registry& registry);
  ~HttpEndpoint();  // Stop()
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  int port() const { return port_; }
  // Closes the listener after the connection in progress. Idempotent.
  void Stop();

 private:
  HttpEndpoint(int listen_fd, int wake_read, int wake_write, int port, const Registry& registry);
  void Loop();
  void Serve(int fd);

  int listen_fd_;
  int wake_read_;   // a byte on wake_write_ ends Loop
  int wake_write_;
  int port_;
  const Registry& registry_;
  std::thread thread_;
};

}  // namespace billing::metrics

#endif  // BILLING_METRICS_HTTP_ENDPOINT_H_
