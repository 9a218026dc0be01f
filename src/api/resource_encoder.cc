#include "api/resource_encoder.h"

#include "api/convert_customer.h"
#include "api/convert_invoice.h"
#include "api/convert_revenue.h"
#include "google/protobuf/message.h"

namespace billing::api {
namespace {

template <typename Resource>
app::EncodedResource EncodeMessage(const Resource& message) {
  return {.type = message.GetDescriptor()->full_name(),
          .bytes = message.SerializeAsString(),
          .etag = message.etag()};
}

}  // namespace

app::EncodedResource ProtoResourceEncoder::Encode(const domain::Customer& customer) const {
  return EncodeMessage(ToProto(customer));
}

app::EncodedResource ProtoResourceEncoder::Encode(const domain::Invoice& invoice) const {
  return EncodeMessage(ToProto(invoice));
}

app::EncodedResource ProtoResourceEncoder::Encode(
    const domain::RevenueCalculation& calculation) const {
  return EncodeMessage(ToProto(calculation));
}

}  // namespace billing::api
