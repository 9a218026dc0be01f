#include "api/status_mapping.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "domain/text.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "log/json_log.h"

namespace billing::api {

using domain::ErrorCode;

namespace {

// What the caller reads. Internal detail stays in the log, under the
// request id the caller can quote.
std::string PublicMessage(ErrorCode code, const absl::Status& status,
                          std::string_view request_id) {
  switch (code) {
    case ErrorCode::kInternal:
      log::Error("internal error", {log::Str("request_id", std::string(request_id)),
                                    log::Str("error", status.ToString())});
      return absl::StrCat("internal error (request id ", std::string(request_id), ")");
    case ErrorCode::kDatabaseUnavailable:
      log::Warning("database unavailable", {log::Str("request_id", std::string(request_id)),
                                            log::Str("error", status.ToString())});
      return "the database is busy or unavailable; retry later";
    default:
      return std::string(status.message());
  }
}

// Error details travel in HTTP/2 trailers (grpc-message, and
// grpc-status-details-bin base64-encoded), and a peer refuses a header list
// over its limit (8 KiB by default), which kills the whole connection and
// every other call on it. So every part is bounded: the serialized
// google.rpc.Status stays within kMaxDetailsBytes (base64: 4 KiB) and the
// message within kMaxMessageBytes (percent-encoded: at most 1.5 KiB).
constexpr size_t kMaxMessageBytes = 512;
constexpr size_t kMaxDetailsBytes = 3072;
constexpr size_t kMaxFieldBytes = 128;
constexpr size_t kMaxDescriptionBytes = 256;
// Room kept for the Any wrapper of BadRequest and the "N more" entry.
constexpr size_t kBadRequestReserve = 160;

// As many violations as fit in `budget` bytes, then one entry counting the
// rest (those the domain already left out included).
google::rpc::BadRequest BoundedBadRequest(const std::vector<domain::FieldViolation>& violations,
                                          size_t not_listed, size_t budget) {
  google::rpc::BadRequest bad_request;
  size_t listed = 0;
  for (const domain::FieldViolation& violation : violations) {
    google::rpc::BadRequest::FieldViolation out;
    out.set_field(domain::TruncateUtf8(violation.field, kMaxFieldBytes));
    out.set_description(domain::TruncateUtf8(violation.description, kMaxDescriptionBytes));
    // +3: the entry's tag and length prefix.
    if (bad_request.ByteSizeLong() + out.ByteSizeLong() + 3 > budget) break;
    *bad_request.add_field_violations() = std::move(out);
    ++listed;
  }
  const size_t more = not_listed + (violations.size() - listed);
  if (more > 0) {
    google::rpc::BadRequest::FieldViolation* out = bad_request.add_field_violations();
    out->set_description(domain::MoreViolationsDescription(more));
  }
  return bad_request;
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status, std::string_view request_id) {
  if (status.ok()) return grpc::Status::OK;
  const ErrorCode code = domain::ErrorCodeOf(status);
  const std::string message =
      domain::TruncateUtf8(PublicMessage(code, status, request_id), kMaxMessageBytes);

  google::rpc::Status rich;
  rich.set_code(static_cast<int>(domain::CanonicalCode(code)));
  rich.set_message(message);
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(domain::ErrorCodeName(code)));
  info.set_domain(std::string(kErrorDomain));
  if (std::string etag = domain::CurrentEtagOf(status); !etag.empty()) {
    (*info.mutable_metadata())["etag"] = etag;  // the version to re-read or retry against
  }
  rich.add_details()->PackFrom(info);

  if (std::optional<absl::Duration> delay = domain::RetryDelayOf(status)) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(absl::ToInt64Seconds(*delay));
    retry.mutable_retry_delay()->set_nanos(
        static_cast<int32_t>(absl::ToInt64Nanoseconds(*delay % absl::Seconds(1))));
    rich.add_details()->PackFrom(retry);
  }
  const std::vector<domain::FieldViolation> violations = domain::FieldViolationsOf(status);
  const size_t not_listed = domain::NotListedViolationsOf(status);
  if (!violations.empty() || not_listed > 0) {
    const size_t used = rich.ByteSizeLong() + kBadRequestReserve;
    const size_t budget = used < kMaxDetailsBytes ? kMaxDetailsBytes - used : 0;
    rich.add_details()->PackFrom(BoundedBadRequest(violations, not_listed, budget));
  }
  return grpc::Status(static_cast<grpc::StatusCode>(rich.code()), message,
                      rich.SerializeAsString());
}

}  // namespace billing::api
