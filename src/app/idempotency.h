// Safe retries of writes: idempotency keys and If-Match, for every use case.
//
// Adopting both in a write use case (see Invoices::Create, Invoices::Update):
//   1. Replace `store_.Write(work)` by `WriteOnce(store_, ctx, result, work)`,
//      where `result` is what the use case returns (a value or a
//      std::optional filled by `work`); without a result (a delete),
//      `WriteOnce(store_, ctx, work)`. The API resource's wire form of
//      `result` is then recorded with the key in the same transaction, and a
//      retry with the same key returns a non-OK status: return it at once
//      (RETURN_IF_ERROR does) so nothing after the write (a notification, a
//      worker wake-up) happens twice. The API answers it from the record.
//   2. After loading the resource a write changes or acts on, inside `work`:
//      `RETURN_IF_ERROR(CheckIfMatch(ctx, "invoice", current));`
//   3. In the gRPC handler, `AuthorizeWrite` and `ReplyWrite`
//      (src/api/write_conditions.h) instead of Authorize and Reply; pass the
//      request's `etag` (an action's or delete's own field, the resource's
//      on update) to AuthorizeWrite.
//   A new resource type also needs: `string etag = N;` on its message, its
//   ToProto ending in `return WithEtag(std::move(out));` (src/api/etag.h),
//   an Encode overload in ResourceEncoder, and a readOnly `etag` entry in
//   gateway/openapi_config.yaml. The gateway and the document need nothing
//   per route: every POST/PUT/PATCH/DELETE forwards Idempotency-Key and
//   If-Match, and any answer with an `etag` field gets the ETag header.
#ifndef BILLING_APP_IDEMPOTENCY_H_
#define BILLING_APP_IDEMPOTENCY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "app/call_context.h"
#include "app/ports/resource_encoder.h"
#include "app/ports/store.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/etag.h"

namespace billing::app {

// The answer a request with a key got, as recorded: OK with the resource,
// or the refusal (a client error; transient failures are not recorded).
struct RecordedAnswer {
  absl::Status status;
  EncodedResource resource;
};

// What a write call states beyond its body, set by the API layer.
struct WriteConditions {
  std::string idempotency_key;               // "" when none
  std::string fingerprint;                   // of the request (RPC and body); with a key
  std::string if_match;                      // "" when none; see domain::IfMatchAdmits
  const ResourceEncoder* encoder = nullptr;  // never null
  // Set by WriteOnce when the call is answered from its key's record.
  std::optional<RecordedAnswer> replayed;
};

// How long keys are kept (the default of --idempotency_key_retention).
inline constexpr absl::Duration kDefaultIdempotencyKeyRetention = absl::Hours(24);
// How long a caller is told to wait when its key is in progress.
inline constexpr absl::Duration kInProgressRetryDelay = absl::Seconds(1);

// VALIDATION_ERROR on "idempotency_key" unless 1-255 printable ASCII
// characters (0x20-0x7E).
absl::Status CheckIdempotencyKey(std::string_view key);

// The fixed part of WriteOnce; `encode` gives the answer's wire form.
absl::Status WriteOnceEncoded(Store& store, const CallContext& ctx,
                              absl::FunctionRef<EncodedResource()> encode, Store::Work work);

template <typename T>
const T& AnswerOf(const std::optional<T>& answer) {
  return *answer;
}
template <typename T>
const T& AnswerOf(const T& answer) {
  return answer;
}

// Runs `work` in one write transaction like Store::Write, at most once per
// (account, idempotency key) when the call has a key:
// - first time: `work` runs; when it succeeds, `answer` (read after `work`)
//   is recorded with the key in the same transaction. When it is refused
//   with a client error (INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION,
//   ALREADY_EXISTS), nothing was written and the refusal is recorded then,
//   except ETAG_MISMATCH and EMAIL_NOT_CONFIGURED: nothing was attempted,
//   and the retry with the condition fixed must run (like 503).
// - same key and same request again: nothing runs; the recorded answer is
//   in ctx.write->replayed and a non-OK status is returned.
// - same key, other request: IDEMPOTENCY_KEY_REUSED.
// - same key while its first request runs (any replica):
//   IDEMPOTENCY_KEY_IN_PROGRESS with a retry delay.
template <typename T>
absl::Status WriteOnce(Store& store, const CallContext& ctx, const T& answer, Store::Work work) {
  return WriteOnceEncoded(
      store, ctx, [&] { return ctx.write->encoder->Encode(AnswerOf(answer)); }, work);
}
// For a write that answers nothing (google.protobuf.Empty).
absl::Status WriteOnce(Store& store, const CallContext& ctx, Store::Work work);

// ETAG_MISMATCH (with the current ETag) unless the call's If-Match, if
// any, admits `current`. Call it inside the write's transaction, after
// loading `current` (locked), so that the check and the write are atomic.
template <typename R>
absl::Status CheckIfMatch(const CallContext& ctx, std::string_view resource_name,
                          const R& current) {
  if (ctx.write == nullptr || ctx.write->if_match.empty()) return absl::OkStatus();
  const std::string etag = ctx.write->encoder->Encode(current).etag;
  if (domain::IfMatchAdmits(ctx.write->if_match, etag)) return absl::OkStatus();
  return domain::EtagMismatchError(resource_name, etag);
}

// Deletes the keys recorded before `cutoff`, in batches; how many.
absl::StatusOr<int64_t> PurgeIdempotencyKeys(Store& store, absl::Time cutoff);

// Purges keys older than `retention` every `interval` on a thread of its own.
class IdempotencyKeyPurger {
 public:
  IdempotencyKeyPurger(Store& store, absl::Duration retention, absl::Duration interval);
  ~IdempotencyKeyPurger();  // stops
  IdempotencyKeyPurger(const IdempotencyKeyPurger&) = delete;
  IdempotencyKeyPurger& operator=(const IdempotencyKeyPurger&) = delete;

 private:
  void Loop();

  Store& store_;
  absl::Duration retention_;
  absl::Duration interval_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace billing::app

#endif  // BILLING_APP_IDEMPOTENCY_H_
