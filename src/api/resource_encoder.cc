#include "api/resource_encoder.h"

#include <memory>

#include "api/convert_credit_note.h"
#include "api/convert_customer.h"
#include "api/convert_event.h"
#include "api/convert_invoice.h"
#include "api/convert_organization.h"
#include "api/convert_payment.h"
#include "api/convert_revenue.h"
#include "api/convert_tax_rate.h"
#include "api/convert_webhook.h"
#include "api/rest_json.h"
#include "app/events.h"
#include "billing/v1/event.pb.h"
#include "google/protobuf/descriptor.h"
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

app::EncodedResource ProtoResourceEncoder::Encode(const domain::WebhookEndpoint& endpoint) const {
  return EncodeMessage(ToProto(endpoint));
}

app::EncodedResource ProtoResourceEncoder::Encode(const domain::Payment& payment) const {
  return EncodeMessage(ToProto(payment));
}

app::EncodedResource ProtoResourceEncoder::Encode(const domain::CreditNote& note) const {
  return EncodeMessage(ToProto(note));
}

app::EncodedResource ProtoResourceEncoder::Encode(
    const domain::Organization& organization) const {
  return EncodeMessage(ToProto(organization));
}

app::EncodedResource ProtoResourceEncoder::Encode(const domain::TaxRate& rate) const {
  return EncodeMessage(ToProto(rate));
}

app::EncodedResource ProtoResourceEncoder::Encode(
    const app::RedeliveredEvent& redelivered) const {
  v1::RedeliverEventResponse response;
  *response.mutable_event() = ToProto(redelivered.event);
  response.set_queued_deliveries(redelivered.queued_deliveries);
  return {.type = response.GetDescriptor()->full_name(), .bytes = response.SerializeAsString()};
}

std::string ProtoResourceEncoder::RestJson(const app::EncodedResource& resource) const {
  const google::protobuf::Descriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(resource.type);
  if (descriptor == nullptr) return "{}";  // Encode only makes billing.v1 messages
  std::unique_ptr<google::protobuf::Message> message(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(descriptor)->New());
  if (!message->ParseFromString(resource.bytes)) return "{}";
  return ToRestJson(*message);
}

std::string ProtoResourceEncoder::RestJson(const domain::Invoice& invoice) const {
  return ToRestJson(ToProto(invoice));
}

std::string ProtoResourceEncoder::EventJson(const domain::Event& event) const {
  return ToRestJson(ToProto(event));
}

}  // namespace billing::api
