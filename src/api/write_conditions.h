// The gRPC side of safe retries: a write call's `idempotency-key` and
// `if-match` metadata (the REST gateway forwards the Idempotency-Key and
// If-Match headers as these) and its request's `etag`, handed to the use
// case as app::WriteConditions; and the answer of a call the use case
// answered from its key's record, with `idempotent-replayed: true` in the
// trailing metadata. How a use case adopts them: app/idempotency.h.
#ifndef BILLING_API_WRITE_CONDITIONS_H_
#define BILLING_API_WRITE_CONDITIONS_H_

#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "api/authorization.h"
#include "api/handler_support.h"
#include "app/call_context.h"
#include "app/idempotency.h"
#include "auth/scopes.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"

namespace billing::api {

inline constexpr char kIdempotencyKeyMetadata[] = "idempotency-key";
inline constexpr char kIfMatchMetadata[] = "if-match";
inline constexpr char kReplayedMetadata[] = "idempotent-replayed";

// Authorize, plus the call's write conditions. `etag`: the request's own
// etag field (the resource's on update), which wins over `if-match`. The
// request's fingerprint is its RPC (the request type) and its deterministic
// serialization. VALIDATION_ERROR for a malformed key.
absl::StatusOr<app::CallContext> AuthorizeWrite(const Authorizer& authorizer,
                                                const grpc::ServerContext& context,
                                                auth::Scope needed,
                                                const google::protobuf::Message& request,
                                                std::string_view etag = "");

// True (and the trailing metadata set) when the call was answered from its
// key's record: then `*status` is the recorded one, and on OK the recorded
// resource is parsed into `response`.
bool ReplayRecorded(grpc::ServerContext& context, const app::CallContext& caller,
                    google::protobuf::Message* response, grpc::Status* status);

// Reply for a write call: the recorded answer when replayed.
template <typename T, typename Fill>
grpc::Status ReplyWrite(grpc::ServerContext& context, const app::CallContext& caller,
                        absl::StatusOr<T> result, google::protobuf::Message* response, Fill fill) {
  grpc::Status replayed;
  if (ReplayRecorded(context, caller, response, &replayed)) return replayed;
  return Reply(context, std::move(result), std::move(fill));
}

inline grpc::Status ReplyWrite(grpc::ServerContext& context, const app::CallContext& caller,
                               const absl::Status& result) {
  grpc::Status replayed;
  if (ReplayRecorded(context, caller, nullptr, &replayed)) return replayed;
  return Reply(context, result);
}

}  // namespace billing::api

#endif  // BILLING_API_WRITE_CONDITIONS_H_
