#include "auth/json_object.h"

#include <google/protobuf/util/json_util.h>

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace billing::auth {

absl::StatusOr<google::protobuf::Struct> ParseJsonObject(std::string_view json) {
  google::protobuf::Struct object;
  // protobuf's JSON parser refuses repeated member names, which matters:
  // two `alg` or `aud` members would let two readers see two tokens.
  auto status = google::protobuf::util::JsonStringToMessage(std::string(json), &object);
  if (!status.ok()) {
    // Its message quotes the input, so it is dropped.
    return absl::InvalidArgumentError("not a valid JSON object");
  }
  return object;
}

const google::protobuf::Value* FindMember(const google::protobuf::Struct& object,
                                          std::string_view name) {
  auto it = object.fields().find(std::string(name));
  return it == object.fields().end() ? nullptr : &it->second;
}

std::optional<std::string> StringMember(const google::protobuf::Struct& object,
                                        std::string_view name) {
  const google::protobuf::Value* value = FindMember(object, name);
  if (value == nullptr || value->kind_case() != google::protobuf::Value::kStringValue) {
    return std::nullopt;
  }
  return value->string_value();
}

}  // namespace billing::auth
