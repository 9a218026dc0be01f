// The gRPC side of authentication: reads the `authorization` metadata and
// asks the authenticator whether this call may go ahead.
#ifndef BILLING_API_AUTHORIZATION_H_
#define BILLING_API_AUTHORIZATION_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "app/authenticator.h"
#include "app/call_context.h"
#include "auth/scopes.h"
#include "grpcpp/server_context.h"

namespace billing::api {

// The client that failed authentication is throttled by (app::Authenticator):
// the gRPC peer's host, except that a loopback peer is the REST gateway
// beside the service, whose callers are told apart by the last entry of the
// x-forwarded-for it sets. A remote peer's x-forwarded-for is not trusted
// (anyone could forge it to dodge the throttle or to lock others out).
std::string ClientAddress(std::string_view peer, std::string_view forwarded_for);

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
