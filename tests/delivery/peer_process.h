// A real peer (the webhook receiver, the SMTP server) run by a test as a
// child process: started with its arguments, ready once it prints
// "LISTENING <port>", stopped with the test; and what the end-to-end tests
// around such peers share (a free port, files the peer writes, polling).
#ifndef BILLING_TESTS_DELIVERY_PEER_PROCESS_H_
#define BILLING_TESTS_DELIVERY_PEER_PROCESS_H_

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace billing::testing {

class PeerProcess {
 public:
  // Runs argv[0] with argv and waits up to `ready_timeout` for its
  // "LISTENING <port>" line. An error (with what the peer printed) when it
  // cannot start: the test must fail then, never skip.
  static absl::StatusOr<std::unique_ptr<PeerProcess>> Start(
      const std::vector<std::string>& argv, absl::Duration ready_timeout = absl::Seconds(20));

  ~PeerProcess();  // SIGTERM, then SIGKILL if it lingers
  PeerProcess(const PeerProcess&) = delete;
  PeerProcess& operator=(const PeerProcess&) = delete;

  int port() const { return port_; }

 private:
  PeerProcess(pid_t pid, int port, int output_fd)
      : pid_(pid), port_(port), output_fd_(output_fd) {}
  pid_t pid_;
  int port_;
  int output_fd_;  // the peer's stdout and stderr
};

// A fresh empty directory under the test's temporary directory.
std::string MakeTempDir(const std::string& name);

// The whole file, or "" when it does not exist (yet).
std::string ReadFileOrEmpty(const std::string& path);

// A loopback port nothing listens on now (a peer is started there later).
int FreePort();

// Polls `done` until it holds or `wait` passes; whether it held.
bool WaitFor(const std::function<bool()>& done, absl::Duration wait);

}  // namespace billing::testing

#endif  // BILLING_TESTS_DELIVERY_PEER_PROCESS_H_
