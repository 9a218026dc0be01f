// A JSON object from untrusted bytes (a JWT's header or claims, a JWKS
// file), parsed into a google::protobuf::Struct. Internal to src/auth.
#ifndef BILLING_AUTH_JSON_OBJECT_H_
#define BILLING_AUTH_JSON_OBJECT_H_

#include <google/protobuf/struct.pb.h>

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace billing::auth {

// The object `json` holds. Anything else (an array, trailing bytes, invalid
// UTF-8, a repeated member name) is InvalidArgument with a message that
// quotes none of the input: the input may be a credential.
absl::StatusOr<google::protobuf::Struct> ParseJsonObject(std::string_view json);

// The member `name`, or nullptr.
const google::protobuf::Value* FindMember(const google::protobuf::Struct& object,
                                          std::string_view name);

// What a member holds when it has the expected type. A member that is
// absent is nullopt; so is one of another type, which callers that must
// tell the two apart check with FindMember.
std::optional<std::string> StringMember(const google::protobuf::Struct& object,
                                        std::string_view name);

}  // namespace billing::auth

#endif  // BILLING_AUTH_JSON_OBJECT_H_
