// The gRPC side of authentication: reads the `authorization` metadata and
// asks the authenticator whether this call may go ahead.
#ifndef BILLING_API_AUTHORIZATION_H_
#define BILLING_API_AUTHORIZATION_H_

#include "absl/status/statusor.h"
#include "app/authenticator.h"
#include "app/call_context.h"
#include "auth/scopes.h"
#include "grpcpp/server_context.h"

namespace billing::api {

class Authorizer {
 public:
  // A null authenticator turns authentication off (local development only):
  // every call then acts for app::kDefaultAccountId.
  explicit Authorizer(app::Authenticator* authenticator) : authenticator_(authenticator) {}

  absl::StatusOr<app::CallContext> Authorize(const grpc::ServerContext& context,
                                             auth::Scope needed) const;

 private:
  app::Authenticator* authenticator_;
};

}  // namespace billing::api

#endif  // BILLING_API_AUTHORIZATION_H_
