// Port: the API's wire form of a resource. What the service keeps for later
// (an event's data, the recorded answer of an idempotent request) must be
// exactly what the API returned, and only the API layer knows that form; the
// use cases reach it through this port. Implemented in src/api.
#ifndef BILLING_APP_PORTS_RESOURCE_ENCODER_H_
#define BILLING_APP_PORTS_RESOURCE_ENCODER_H_

#include <string>

#include "domain/credit_note.h"
#include "domain/customer.h"
#include "domain/event.h"
#include "domain/invoice.h"
#include "domain/organization.h"
#include "domain/payment.h"
#include "domain/revenue.h"
#include "domain/tax_rate_resource.h"
#include "domain/webhook.h"

namespace billing::app {

struct RedeliveredEvent;  // app/events.h, which includes this port

struct EncodedResource {
  std::string type;   // the message's full name, e.g. "billing.v1.Invoice"
  std::string bytes;  // the serialized message, as the API sends it
  std::string etag;   // its entity tag: changes with every change to it
};

class ResourceEncoder {
 public:
  virtual ~ResourceEncoder() = default;
  virtual EncodedResource Encode(const domain::Customer& customer) const = 0;
  virtual EncodedResource Encode(const domain::Invoice& invoice) const = 0;
  virtual EncodedResource Encode(const domain::RevenueCalculation& calculation) const = 0;
  virtual EncodedResource Encode(const domain::WebhookEndpoint& endpoint) const = 0;
  virtual EncodedResource Encode(const domain::Payment& payment) const = 0;
  virtual EncodedResource Encode(const domain::CreditNote& note) const = 0;
  virtual EncodedResource Encode(const domain::Organization& organization) const = 0;
  virtual EncodedResource Encode(const domain::TaxRate& rate) const = 0;
  // Not a resource: no etag.
  virtual EncodedResource Encode(const RedeliveredEvent& redelivered) const = 0;

  // The REST API's JSON object of an encoded resource (camelCase names, enum
  // words, every field): an event's data.
  virtual std::string RestJson(const EncodedResource& resource) const = 0;
  // The same for an invoice, the same text as RestJson(Encode(invoice));
  // an encoder may build it without serializing and parsing the message
  // again (done inside the database's write job).
  virtual std::string RestJson(const domain::Invoice& invoice) const {
    return RestJson(Encode(invoice));
  }
  // The event as GET /api/v1/events/{id} shows it: a webhook's body.
  virtual std::string EventJson(const domain::Event& event) const = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_RESOURCE_ENCODER_H_
