#include "app/idempotency.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/text.h"
#include "log/json_log.h"

namespace billing::app {
namespace {

using domain::Av;

// The status of a call answered from its key: never sent (the API answers
// from WriteConditions::replayed), but not OK, so the use case stops.
absl::Status ReplayedStatus() {
  return absl::AbortedError("answered from the recorded answer of its idempotency key");
}

// Keys whose first request is running in this process: a second request
// with one of them is IN_PROGRESS at once instead of queueing behind it.
// (Lock() does the same across replicas on PostgreSQL.)
class InFlightKeys {
 public:
  bool Enter(const std::string& id) {
    absl::MutexLock lock(&mu_);
    return keys_.insert(id).second;
  }
  void Leave(const std::string& id) {
    absl::MutexLock lock(&mu_);
    keys_.erase(id);
  }

 private:
  absl::Mutex mu_;
  absl::flat_hash_set<std::string> keys_ ABSL_GUARDED_BY(mu_);
};

InFlightKeys& InFlight() {
  static InFlightKeys* keys = new InFlightKeys();
  return *keys;
}

absl::Status InProgressError() {
  return domain::WithRetryDelay(
      domain::Error(domain::ErrorCode::kIdempotencyKeyInProgress,
                    "a request with this idempotency key is still in progress; retry it "
                    "unchanged after the delay to get its answer"),
      kInProgressRetryDelay);
}

// Refusals worth recording: the request was understood and refused; a retry
// would be refused the same way. Not recorded, so that the key stays usable:
// transient failures (unavailable, busy, internal, rate or queue limits),
// where a retry may succeed; and refusals that say nothing was attempted
// because a condition outside the request's own effect failed: the caller's
// If-Match (ETAG_MISMATCH: the retry with the current ETag must run), the
// server's configuration (EMAIL_NOT_CONFIGURED), another request's key
// (IDEMPOTENCY_KEY_REUSED).
bool IsRecordable(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
      break;
    default:
      return false;
  }
  switch (domain::ErrorCodeOf(status)) {
    case domain::ErrorCode::kIdempotencyKeyReused:
    case domain::ErrorCode::kEtagMismatch:
    case domain::ErrorCode::kEmailNotConfigured:
      return false;
    default:
      return true;
  }
}

// The recorded answer: length-prefixed pieces (status code, message,
// resource type, resource bytes, then the status's payloads as url/value
// pairs), hex-encoded so that every storage keeps it as plain text.
void Put(std::string& out, std::string_view piece) {
  absl::StrAppend(&out, piece.size(), ":", Av(piece));
}

std::optional<std::string> Take(std::string_view& in) {
  const size_t colon = in.find(':');
  size_t size = 0;
  if (colon == std::string_view::npos || !absl::SimpleAtoi(Av(in.substr(0, colon)), &size) ||
      size > in.size() - colon - 1) {
    return std::nullopt;
  }
  std::string piece(in.substr(colon + 1, size));
  in.remove_prefix(colon + 1 + size);
  return piece;
}

std::string EncodeAnswer(const absl::Status& status, const EncodedResource& resource) {
  std::string out;
  Put(out, absl::StrCat(static_cast<int>(status.code())));
  Put(out, std::string(status.message()));
  Put(out, resource.type);
  Put(out, resource.bytes);
  Put(out, resource.etag);
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& value) {
    Put(out, std::string(url));
    Put(out, std::string(value));
  });
  return absl::BytesToHexString(Av(out));
}

absl::StatusOr<RecordedAnswer> DecodeAnswer(std::string_view hex) {
  const std::string raw = absl::HexStringToBytes(Av(hex));
  std::string_view in = raw;
  std::vector<std::string> pieces;
  while (!in.empty()) {
    std::optional<std::string> piece = Take(in);
    if (!piece.has_value()) break;
    pieces.push_back(*std::move(piece));
  }
  int code = 0;
  if (pieces.size() < 5 || pieces.size() % 2 == 0 || !absl::SimpleAtoi(pieces[0], &code)) {
    return absl::InternalError("an idempotency key's recorded answer does not decode");
  }
  RecordedAnswer answer;
  answer.status = absl::Status(static_cast<absl::StatusCode>(code), pieces[1]);
  answer.resource = {.type = pieces[2], .bytes = pieces[3], .etag = pieces[4]};
  for (size_t i = 5; i + 1 < pieces.size(); i += 2) {
    answer.status.SetPayload(pieces[i], absl::Cord(pieces[i + 1]));
  }
  return answer;
}

// Settles a call whose key was found recorded.
absl::Status Replay(WriteConditions& write, const IdempotencyRecord& record) {
  if (record.fingerprint != write.fingerprint) {
    return domain::Error(domain::ErrorCode::kIdempotencyKeyReused,
                         "this idempotency key was used for a different request (another "
                         "method, resource or body); use a new key for a new request");
  }
  ASSIGN_OR_RETURN(RecordedAnswer answer, DecodeAnswer(record.answer));
  write.replayed = std::move(answer);
  return write.replayed->status.ok() ? ReplayedStatus() : write.replayed->status;
}

}  // namespace

absl::Status CheckIdempotencyKey(std::string_view key) {
  bool printable = !key.empty() && key.size() <= 255;
  for (char c : key) printable = printable && c >= 0x20 && c <= 0x7e;
  if (printable) return absl::OkStatus();
  return domain::ValidationError("idempotency_key", "must be 1-255 printable ASCII characters");
}

absl::Status WriteOnceEncoded(Store& store, const CallContext& ctx,
                              absl::FunctionRef<EncodedResource()> encode, Store::Work work) {
  WriteConditions* write = ctx.write.get();
  if (write == nullptr || write->idempotency_key.empty()) return store.Write(work);
  const std::string& key = write->idempotency_key;
  const std::string in_flight_id = absl::StrCat(ctx.account_id.size(), ":", ctx.account_id, key);
  if (!InFlight().Enter(in_flight_id)) return InProgressError();
  struct Leave {
    const std::string& id;
    ~Leave() { InFlight().Leave(id); }
  } leave{in_flight_id};

  auto record = [&](Transaction& tx, const absl::Status& status, const EncodedResource& resource) {
    return tx.idempotency().Insert({.account_id = ctx.account_id,
                                    .key = key,
                                    .fingerprint = write->fingerprint,
                                    .answer = EncodeAnswer(status, resource),
                                    .create_time = absl::Now()});
  };
  std::optional<IdempotencyRecord> found;
  absl::Status status = store.Write([&](Transaction& tx) -> absl::Status {
    found.reset();
    ASSIGN_OR_RETURN(bool locked, tx.idempotency().Lock(ctx.account_id, key));
    if (!locked) return InProgressError();
    ASSIGN_OR_RETURN(found, tx.idempotency().Find(ctx.account_id, key));
    if (found.has_value()) return absl::OkStatus();  // nothing to write
    RETURN_IF_ERROR(work(tx));
    return record(tx, absl::OkStatus(), encode());
  });
  if (found.has_value()) return Replay(*write, *found);
  if (status.ok() || !IsRecordable(status)) return status;

  // Refused, so nothing was written: record the refusal on its own.
  absl::Status recorded = store.Write([&](Transaction& tx) -> absl::Status {
    found.reset();
    ASSIGN_OR_RETURN(bool locked, tx.idempotency().Lock(ctx.account_id, key));
    if (!locked) return absl::OkStatus();
    ASSIGN_OR_RETURN(found, tx.idempotency().Find(ctx.account_id, key));
    if (found.has_value()) return absl::OkStatus();
    return record(tx, status, {});
  });
  if (!recorded.ok()) {
    // The refusal stands; a retry runs the request again.
    log::Warning("could not record a refusal with its idempotency key",
                 {log::Str("error", recorded.ToString())});
  }
  return status;
}

absl::Status WriteOnce(Store& store, const CallContext& ctx, Store::Work work) {
  return WriteOnceEncoded(
      store, ctx, [] { return EncodedResource{}; }, work);
}

absl::StatusOr<int64_t> PurgeIdempotencyKeys(Store& store, absl::Time cutoff) {
  constexpr int kBatch = 1000;  // short transactions: writers are not held up
  int64_t total = 0;
  while (true) {
    int64_t deleted = 0;
    RETURN_IF_ERROR(store.Write([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(deleted, tx.idempotency().DeleteCreatedBefore(cutoff, kBatch));
      return absl::OkStatus();
    }));
    total += deleted;
    if (deleted < kBatch) return total;
  }
}

IdempotencyKeyPurger::IdempotencyKeyPurger(Store& store, absl::Duration retention,
                                           absl::Duration interval)
    : store_(store), retention_(retention), interval_(interval), thread_([this] { Loop(); }) {}

IdempotencyKeyPurger::~IdempotencyKeyPurger() {
  stop_.Notify();
  thread_.join();
}

void IdempotencyKeyPurger::Loop() {
  do {
    absl::StatusOr<int64_t> purged = PurgeIdempotencyKeys(store_, absl::Now() - retention_);
    if (!purged.ok()) {
      log::Warning("idempotency key purge will retry",
                   {log::Str("error", purged.status().ToString())});
    }
  } while (!stop_.WaitForNotificationWithTimeout(interval_));
}

}  // namespace billing::app
