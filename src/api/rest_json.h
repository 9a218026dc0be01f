// The REST API's JSON form of a billing.v1 message, as the gateway writes it
// (gateway/restjson.go: protojson with every field): camelCase names, unset
// messages and timestamps as null, enum values as lowercase words without
// their prefix ("draft"), 64-bit integers as numbers, timestamps as RFC 3339
// UTC strings with 0, 3, 6 or 9 fraction digits. The service needs it for what it sends
// itself rather than through the gateway: an event's data and a webhook's
// body. Hand-written because protobuf's JSON printer has no option for enum
// words or for null fields; gateway/e2e/webhooks_test.go holds it to the
// gateway's output.
#ifndef BILLING_API_REST_JSON_H_
#define BILLING_API_REST_JSON_H_

#include <string>

#include "google/protobuf/message.h"
#include "google/protobuf/struct.pb.h"

namespace billing::api {

// The message as a JSON value (a struct_value).
google::protobuf::Value ToRestValue(const google::protobuf::Message& message);

// The JSON text of a value (protobuf's JSON printer; compact).
std::string JsonText(const google::protobuf::Value& value);

}  // namespace billing::api

#endif  // BILLING_API_REST_JSON_H_
