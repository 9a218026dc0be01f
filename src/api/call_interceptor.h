// Every call gets a request id (the caller's x-request-id when well formed,
// else a new one), returns it in its response metadata, and leaves one JSON
// access-log line.
#ifndef BILLING_API_CALL_INTERCEPTOR_H_
#define BILLING_API_CALL_INTERCEPTOR_H_

#include <string>
#include <string_view>

#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"

namespace billing::api {

inline constexpr std::string_view kRequestIdKey = "x-request-id";

// At most 128 characters of [A-Za-z0-9._-], not empty.
bool IsValidRequestId(std::string_view id);
std::string NewRequestId();

// A gRPC status code's canonical name: "OK", "NOT_FOUND", ...
std::string_view StatusCodeName(grpc::StatusCode code);

// The id the interceptor settled on for this call ("" outside one).
std::string RequestIdOf(const grpc::ServerContext& context);

class CallInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace billing::api

#endif  // BILLING_API_CALL_INTERCEPTOR_H_
