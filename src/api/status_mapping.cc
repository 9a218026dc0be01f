#include "api/status_mapping.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/error.h"
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

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status, std::string_view request_id) {
  if (status.ok()) return grpc::Status::OK;
  const ErrorCode code = domain::ErrorCodeOf(status);
  const std::string message = PublicMessage(code, status, request_id);

  google::rpc::Status rich;
  rich.set_code(static_cast<int>(domain::CanonicalCode(code)));
  rich.set_message(message);
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(domain::ErrorCodeName(code)));
  info.set_domain(std::string(kErrorDomain));
  rich.add_details()->PackFrom(info);

  const std::vector<domain::FieldViolation> violations = domain::FieldViolationsOf(status);
  if (!violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (const domain::FieldViolation& violation : violations) {
      google::rpc::BadRequest::FieldViolation* out = bad_request.add_field_violations();
      out->set_field(violation.field);
      out->set_description(violation.description);
    }
    rich.add_details()->PackFrom(bad_request);
  }
  if (std::optional<absl::Duration> delay = domain::RetryDelayOf(status)) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(absl::ToInt64Seconds(*delay));
    retry.mutable_retry_delay()->set_nanos(
        static_cast<int32_t>(absl::ToInt64Nanoseconds(*delay % absl::Seconds(1))));
    rich.add_details()->PackFrom(retry);
  }
  return grpc::Status(static_cast<grpc::StatusCode>(rich.code()), message,
                      rich.SerializeAsString());
}

}  // namespace billing::api
