#include "api/authorization.h"

#include <string_view>

#include "domain/error.h"

namespace billing::api {

absl::StatusOr<app::CallContext> Authorizer::Authorize(const grpc::ServerContext& context,
                                                       auth::Scope needed) const {
  if (authenticator_ == nullptr) return app::CallContext{};
  const auto& metadata = context.client_metadata();
  auto [first, last] = metadata.equal_range("authorization");
  if (first == last) return authenticator_->Authorize("", needed);
  if (std::next(first) != last) {
    return domain::Error(domain::ErrorCode::kInvalidCredentials,
                         "send exactly one authorization header");
  }
  return authenticator_->Authorize(std::string_view(first->second.data(), first->second.size()),
                                   needed);
}

}  // namespace billing::api
