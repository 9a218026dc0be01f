#include "api/call_interceptor.h"

#include <array>
#include <cstdint>
#include <random>

#include "absl/strings/ascii.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "log/json_log.h"

namespace billing::api {
namespace {

using grpc::experimental::InterceptionHookPoints;

class CallInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit CallInterceptor(grpc::experimental::ServerRpcInfo* info)
      : method_(info->method()), start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      SettleRequestId(*methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(std::string(kRequestIdKey), request_id_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      LogCall(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  // Replaces a missing or malformed x-request-id in the received metadata,
  // so that the handler reads the same id this interceptor logs.
  void SettleRequestId(std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    auto found = metadata.find(grpc::string_ref(kRequestIdKey.data(), kRequestIdKey.size()));
    if (found != metadata.end() &&
        IsValidRequestId(std::string_view(found->second.data(), found->second.size()))) {
      request_id_.assign(found->second.data(), found->second.size());
      return;
    }
    if (found != metadata.end()) metadata.erase(found);
    request_id_ = NewRequestId();
    metadata.emplace(grpc::string_ref(kRequestIdKey.data(), kRequestIdKey.size()),
                     grpc::string_ref(request_id_));
  }

  void LogCall(const grpc::Status& status) {
    if (request_id_.empty()) request_id_ = NewRequestId();
    log::Access("call", {log::Str("request_id", request_id_), log::Str("method", method_),
                       log::Str("code", std::string(StatusCodeName(status.error_code()))),
                       log::Num("latency_ms", absl::ToDoubleMilliseconds(absl::Now() - start_))});
  }

  std::string method_;
  absl::Time start_;
  std::string request_id_;
};

}  // namespace

std::string_view StatusCodeName(grpc::StatusCode code) {
  static constexpr std::array<std::string_view, 17> kNames = {
      "OK",          "CANCELLED",        "UNKNOWN",           "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND",  "ALREADY_EXISTS",    "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL",       "UNAVAILABLE",       "DATA_LOSS",
      "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return index >= 0 && index < static_cast<int>(kNames.size()) ? kNames[index] : "UNKNOWN";
}

bool IsValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

std::string NewRequestId() {
  // Request ids only need to be unique, not secret.
  thread_local std::mt19937_64 generator(std::random_device{}());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "req_";
  for (int word = 0; word < 2; ++word) {
    uint64_t bits = generator();
    for (int i = 0; i < 16; ++i, bits >>= 4) id += kHex[bits & 0xF];
  }
  return id;
}

std::string RequestIdOf(const grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto found = metadata.find(grpc::string_ref(kRequestIdKey.data(), kRequestIdKey.size()));
  if (found == metadata.end()) return "";
  return std::string(found->second.data(), found->second.size());
}

grpc::experimental::Interceptor* CallInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallInterceptor(info);
}

}  // namespace billing::api
