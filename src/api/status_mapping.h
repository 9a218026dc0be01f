// The one place a domain error becomes a gRPC status: the catalog code goes
// into google.rpc.ErrorInfo, invalid fields into google.rpc.BadRequest.
#ifndef BILLING_API_STATUS_MAPPING_H_
#define BILLING_API_STATUS_MAPPING_H_

#include <string_view>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace billing::api {

// The ErrorInfo domain of every billing error.
inline constexpr std::string_view kErrorDomain = "billing.v1";

// Internal and storage errors are logged with `request_id` and answered with
// a generic message: their detail is for operators, never for callers.
grpc::Status ToGrpcStatus(const absl::Status& status, std::string_view request_id);

}  // namespace billing::api

#endif  // BILLING_API_STATUS_MAPPING_H_
