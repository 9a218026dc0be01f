#include "api/write_conditions.h"

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "api/etag.h"
#include "api/resource_encoder.h"
#include "common/status_macros.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace billing::api {
namespace {

const ProtoResourceEncoder& Encoder() {
  static const ProtoResourceEncoder* encoder = new ProtoResourceEncoder();
  return *encoder;
}

// Clears `message`'s own `etag` field, if it has one.
void ClearEtag(google::protobuf::Message& message) {
  if (const google::protobuf::FieldDescriptor* etag =
          message.GetDescriptor()->FindFieldByName("etag")) {
    message.GetReflection()->ClearField(&message, etag);
  }
}

// The request without its volatile parts: an update mask's paths in order
// (the REST gateway derives them from a JSON object, in no fixed order); and
// without its etag (the request's, or the resource's on update), the If-Match
// of the REST gateway, which sends it as metadata: a condition on the write,
// not the write itself, so a retry with the current ETag is the same request
// on both transports.
std::unique_ptr<google::protobuf::Message> Normalized(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  ClearEtag(*copy);
  const google::protobuf::Descriptor* type = copy->GetDescriptor();
  const google::protobuf::Reflection* reflection = copy->GetReflection();
  for (int i = 0; i < type->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = type->field(i);
    if (!field->is_repeated() && field->message_type() != nullptr &&
        reflection->HasField(*copy, field)) {
      ClearEtag(*reflection->MutableMessage(copy.get(), field));
    }
    if (field->is_repeated() || field->message_type() == nullptr ||
        field->message_type() != google::protobuf::FieldMask::descriptor() ||
        !reflection->HasField(*copy, field)) {
      continue;
    }
    auto* mask =
        static_cast<google::protobuf::FieldMask*>(reflection->MutableMessage(copy.get(), field));
    std::sort(mask->mutable_paths()->begin(), mask->mutable_paths()->end());
  }
  return copy;
}

std::string Fingerprint(const google::protobuf::Message& request) {
  std::string bytes = absl::StrCat(request.GetDescriptor()->full_name(), "\n");
  google::protobuf::io::StringOutputStream stream(&bytes);
  {
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    Normalized(request)->SerializeToCodedStream(&out);
  }
  return Sha256Hex(bytes);
}

// The first value of metadata `key`, if sent.
std::optional<std::string> MetadataValue(const grpc::ServerContext& context, std::string_view key) {
  auto found = context.client_metadata().find(grpc::string_ref(key.data(), key.size()));
  if (found == context.client_metadata().end()) return std::nullopt;
  return std::string(found->second.data(), found->second.size());
}

}  // namespace

absl::StatusOr<app::CallContext> AuthorizeWrite(const Authorizer& authorizer,
                                                const grpc::ServerContext& context,
                                                auth::Scope needed,
                                                const google::protobuf::Message& request,
                                                std::string_view etag) {
  ASSIGN_OR_RETURN(app::CallContext caller, authorizer.Authorize(context, needed));
  auto write = std::make_shared<app::WriteConditions>();
  write->encoder = &Encoder();
  if (std::optional<std::string> key = MetadataValue(context, kIdempotencyKeyMetadata)) {
    RETURN_IF_ERROR(app::CheckIdempotencyKey(*key));
    write->idempotency_key = *std::move(key);
    write->fingerprint = Fingerprint(request);
  }
  if (!etag.empty()) {
    write->if_match = std::string(etag);
  } else if (std::optional<std::string> if_match = MetadataValue(context, kIfMatchMetadata)) {
    write->if_match = *std::move(if_match);
  }
  caller.write = std::move(write);
  return caller;
}

bool ReplayRecorded(grpc::ServerContext& context, const app::CallContext& caller,
                    google::protobuf::Message* response, grpc::Status* status) {
  if (caller.write == nullptr || !caller.write->replayed.has_value()) return false;
  context.AddTrailingMetadata(kReplayedMetadata, "true");
  const app::RecordedAnswer& answer = *caller.write->replayed;
  if (!answer.status.ok()) {
    *status = Reply(context, answer.status);
  } else if (response != nullptr && !response->ParseFromString(answer.resource.bytes)) {
    *status = Reply(context, absl::InternalError("a recorded answer does not parse"));
  } else {
    *status = grpc::Status::OK;
  }
  return true;
}

}  // namespace billing::api
