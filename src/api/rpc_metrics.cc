#include "api/rpc_metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "api/call_interceptor.h"
#include "api/status_mapping.h"
#include "google/protobuf/descriptor.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace billing::api {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Seconds: from half a millisecond (a cached read) to ten seconds (a
// database at its busy timeout).
const std::vector<double>& DurationBuckets() {
  static const std::vector<double> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                               0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return kBuckets;
}

class RpcMetricsInterceptor : public grpc::experimental::Interceptor {
 public:
  RpcMetricsInterceptor(RpcMetrics& metrics, grpc::experimental::ServerRpcInfo* info)
      : metrics_(metrics), method_(info->method()), start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      metrics_.Observe(method_, methods->GetSendStatus(), absl::Now() - start_);
    }
    methods->Proceed();
  }

 private:
  RpcMetrics& metrics_;
  std::string method_;
  absl::Time start_;
};

}  // namespace

RpcMetrics::RpcMetrics(metrics::Registry& registry, const std::vector<std::string>& services)
    : requests_(registry.AddCounter("billing_rpc_requests_total",
                                    "RPCs answered, by full method name and gRPC status code.",
                                    {"method", "code"})),
      duration_(registry.AddHistogram(
          "billing_rpc_duration_seconds",
          "Time from an RPC's start to its status being sent, by full method name.", {"method"},
          DurationBuckets())),
      database_errors_(registry.AddCounter(
          "billing_database_errors_total",
          "RPCs answered DATABASE_UNAVAILABLE: the database was busy or unreachable.")) {
  const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(name);
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      known_methods_.insert(absl::StrCat("/", name, "/", service->method(i)->name()));
    }
  }
}

void RpcMetrics::Observe(std::string_view method, const grpc::Status& status,
                         absl::Duration latency) {
  const std::string label(known_methods_.contains(method) ? method : kUnknownMethod);
  requests_.Increment({label, std::string(StatusCodeName(status.error_code()))});
  duration_.Observe({label}, absl::ToDoubleSeconds(latency));
  if (IsDatabaseUnavailable(status)) database_errors_.Increment({});
}

bool IsDatabaseUnavailable(const grpc::Status& status) {
  // Only UNAVAILABLE can carry it: the details are parsed for those alone.
  if (status.error_code() != grpc::StatusCode::UNAVAILABLE) return false;
  google::rpc::Status rich;
  if (!rich.ParseFromString(status.error_details())) return false;
  for (const google::protobuf::Any& detail : rich.details()) {
    google::rpc::ErrorInfo info;
    if (detail.UnpackTo(&info) && info.domain() == kErrorDomain &&
        info.reason() == "DATABASE_UNAVAILABLE") {
      return true;
    }
  }
  return false;
}

grpc::experimental::Interceptor* RpcMetricsInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new RpcMetricsInterceptor(metrics_, info);
}

}  // namespace billing::api
