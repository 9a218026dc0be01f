#ifndef BILLING_API_CONVERT_EVENT_H_
#define BILLING_API_CONVERT_EVENT_H_

#include "billing/v1/event.pb.h"
#include "domain/event.h"

namespace billing::api {

// data_json (written by ProtoResourceEncoder::RestJson) becomes the Struct.
v1::Event ToProto(const domain::Event& event);

}  // namespace billing::api

#endif  // BILLING_API_CONVERT_EVENT_H_
