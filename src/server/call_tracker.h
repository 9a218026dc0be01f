// Counts the billing calls the server has taken (not health or reflection)
// and when the last one started, so that shutdown can tell when everything
// received has been handled.
#ifndef BILLING_SERVER_CALL_TRACKER_H_
#define BILLING_SERVER_CALL_TRACKER_H_

#include <atomic>
#include <cstdint>

#include "absl/time/time.h"
#include "grpcpp/support/server_interceptor.h"

namespace billing::server {

class CallTracker {
 public:
  int in_flight() const { return in_flight_.load(); }
  absl::Time last_start() const { return absl::FromUnixNanos(last_start_ns_.load()); }

  // An interceptor factory whose interceptors live exactly as long as their
  // call: created when gRPC hands the call to the server, destroyed when it
  // is done. The tracker must outlive the server.
  class Factory : public grpc::experimental::ServerInterceptorFactoryInterface {
   public:
    explicit Factory(CallTracker& tracker) : tracker_(tracker) {}
    grpc::experimental::Interceptor* CreateServerInterceptor(
        grpc::experimental::ServerRpcInfo* info) override;

   private:
    CallTracker& tracker_;
  };

 private:
  friend class TrackedCall;
  std::atomic<int> in_flight_{0};
  std::atomic<int64_t> last_start_ns_{0};
};

}  // namespace billing::server

#endif  // BILLING_SERVER_CALL_TRACKER_H_
