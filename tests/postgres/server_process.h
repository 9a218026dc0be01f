// A billing-server process (the real binary) on a loopback port, stopped
// with SIGTERM when the object goes away.
#ifndef BILLING_TESTS_POSTGRES_SERVER_PROCESS_H_
#define BILLING_TESTS_POSTGRES_SERVER_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/channel.h"

namespace billing::testing {

class ServerProcess {
 public:
  // Starts `binary` serve --db=`db` on a free port. Does not wait.
  ServerProcess(const std::string& binary, const std::string& db);
  ~ServerProcess();

  std::string address() const;
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // The grpc.health.v1 status of the whole server: "SERVING",
  // "NOT_SERVING", or the failure of the check itself.
  std::string Health() const;
  // Polls Health() until it is `want`; false after `timeout`.
  bool AwaitHealth(const std::string& want, absl::Duration timeout) const;

 private:
  int port_ = 0;
  pid_t pid_ = -1;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace billing::testing

#endif  // BILLING_TESTS_POSTGRES_SERVER_PROCESS_H_
