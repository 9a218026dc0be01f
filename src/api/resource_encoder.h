// The app's ResourceEncoder port: resources as the billing.v1 messages the
// RPCs return, serialized in protobuf's binary form.
#ifndef BILLING_API_RESOURCE_ENCODER_H_
#define BILLING_API_RESOURCE_ENCODER_H_

#include "app/ports/resource_encoder.h"

namespace billing::api {

class ProtoResourceEncoder : public app::ResourceEncoder {
 public:
  app::EncodedResource Encode(const domain::Customer& customer) const override;
  app::EncodedResource Encode(const domain::Invoice& invoice) const override;
  app::EncodedResource Encode(const domain::RevenueCalculation& calculation) const override;
  app::EncodedResource Encode(const domain::WebhookEndpoint& endpoint) const override;
  app::EncodedResource Encode(const domain::Payment& payment) const override;
  app::EncodedResource Encode(const domain::CreditNote& note) const override;
  app::EncodedResource Encode(const domain::Organization& organization) const override;
  app::EncodedResource Encode(const domain::TaxRate& rate) const override;
  app::EncodedResource Encode(const app::RedeliveredEvent& redelivered) const override;
  std::string RestJson(const app::EncodedResource& resource) const override;
  std::string RestJson(const domain::Invoice& invoice) const override;
  std::string EventJson(const domain::Event& event) const override;
};

}  // namespace billing::api

#endif  // BILLING_API_RESOURCE_ENCODER_H_
