// The service's RPC metrics (calls by method and code, latency, database
// errors), observed by a server interceptor beside CallInterceptor.
#ifndef BILLING_API_RPC_METRICS_H_
#define BILLING_API_RPC_METRICS_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/support/server_interceptor.h"
#include "grpcpp/support/status.h"
#include "metrics/registry.h"

namespace billing::api {

// The method label of a call to a method the server does not know: a client
// may send any name, and each would otherwise become a series.
inline constexpr std::string_view kUnknownMethod = "unknown";

class RpcMetrics {
 public:
  // `services`: full names of the services whose methods get a label of
  // their own ("/billing.v1.InvoiceService/GetInvoice"); services not in
  // the generated descriptor pool are skipped.
  RpcMetrics(metrics::Registry& registry, const std::vector<std::string>& services);

  void Observe(std::string_view method, const grpc::Status& status, absl::Duration latency);

 private:
  std::set<std::string, std::less<>> known_methods_;
  metrics::CounterFamily& requests_;
  metrics::HistogramFamily& duration_;
  metrics::CounterFamily& database_errors_;
};

// True when the status is the service's DATABASE_UNAVAILABLE (its ErrorInfo
// reason).
bool IsDatabaseUnavailable(const grpc::Status& status);

class RpcMetricsInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RpcMetricsInterceptorFactory(RpcMetrics& metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  RpcMetrics& metrics_;
};

}  // namespace billing::api

#endif  // BILLING_API_RPC_METRICS_H_
