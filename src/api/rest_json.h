// The REST API's JSON text of a billing.v1 message, byte for byte as the
// gateway writes it (gateway/restjson.go): every field in declaration
// order, camelCase names, unset messages as null, a field with presence left
// out when unset, enum values as lowercase words without their prefix
// ("draft"), 64-bit integers as numbers, timestamps as RFC 3339 UTC strings
// with 0, 3, 6 or 9 fraction digits, a Struct's keys sorted. The service
// needs it for what it sends itself rather than through the gateway: an
// event's data and a webhook's body. The golden files in
// tests/golden/rest_json hold both encoders to one form
// (tests/api/rest_json_golden_test.cc, gateway/golden_test.go).
#ifndef BILLING_API_REST_JSON_H_
#define BILLING_API_REST_JSON_H_

#include <string>

#include "google/protobuf/message.h"

namespace billing::api {

std::string ToRestJson(const google::protobuf::Message& message);

}  // namespace billing::api

#endif  // BILLING_API_REST_JSON_H_
