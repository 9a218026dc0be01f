#include "server/call_tracker.h"

#include <string_view>

#include "absl/time/clock.h"

namespace billing::server {

class TrackedCall : public grpc::experimental::Interceptor {
 public:
  explicit TrackedCall(CallTracker& tracker) : tracker_(tracker) {
    tracker_.in_flight_.fetch_add(1);
    tracker_.last_start_ns_.store(absl::ToUnixNanos(absl::Now()));
  }
  ~TrackedCall() override { tracker_.in_flight_.fetch_sub(1); }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    methods->Proceed();
  }

 private:
  CallTracker& tracker_;
};

grpc::experimental::Interceptor* CallTracker::Factory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  // Health and reflection are not work to drain, and a health Watch stream
  // (a gateway following readiness) would otherwise never let it end.
  const std::string_view method = info->method();
  if (method.starts_with("/grpc.health.") || method.starts_with("/grpc.reflection.")) {
    return nullptr;  // gRPC then adds no interceptor for this call
  }
  return new TrackedCall(tracker_);
}

}  // namespace billing::server
