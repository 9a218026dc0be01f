// What every handler does the same way: turn a use case's result into the
// response or the error status.
#ifndef BILLING_API_HANDLER_SUPPORT_H_
#define BILLING_API_HANDLER_SUPPORT_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "api/call_interceptor.h"
#include "api/status_mapping.h"
#include "domain/paging.h"
#include "grpcpp/server_context.h"

namespace billing::api {

inline grpc::Status Reply(const grpc::ServerContext& context, const absl::Status& status) {
  return ToGrpcStatus(status, RequestIdOf(context));
}

// On success, `fill` writes the value into the response.
template <typename T, typename Fill>
grpc::Status Reply(const grpc::ServerContext& context, absl::StatusOr<T> result, Fill fill) {
  if (!result.ok()) return Reply(context, result.status());
  fill(*std::move(result));
  return grpc::Status::OK;
}

// The paging figures every list response carries.
template <typename T, typename Response>
void FillPaging(const domain::Page<T>& page, Response& response) {
  response.set_page(page.request.page);
  response.set_page_size(page.request.page_size);
  response.set_total_items(page.total_items);
  response.set_total_pages(page.total_pages());
  // Lists without page tokens (yet) have no such field.
  if constexpr (requires { response.set_next_page_token(page.next_page_token); }) {
    response.set_next_page_token(page.next_page_token);
  }
}

}  // namespace billing::api

#endif  // BILLING_API_HANDLER_SUPPORT_H_
