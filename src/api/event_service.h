#ifndef BILLING_API_EVENT_SERVICE_H_
#define BILLING_API_EVENT_SERVICE_H_

#include "api/authorization.h"
#include "app/events.h"
#include "billing/v1/event.grpc.pb.h"

namespace billing::api {

class EventServiceImpl final : public v1::EventService::Service {
 public:
  EventServiceImpl(app::Events& events, const Authorizer& authorizer)
      : authorizer_(authorizer), events_(events) {}

  grpc::Status ListEvents(grpc::ServerContext* context, const v1::ListEventsRequest* request,
                          v1::ListEventsResponse* response) override;
  grpc::Status GetEvent(grpc::ServerContext* context, const v1::GetEventRequest* request,
                        v1::Event* response) override;
  grpc::Status RedeliverEvent(grpc::ServerContext* context,
                              const v1::RedeliverEventRequest* request,
                              v1::RedeliverEventResponse* response) override;

 private:
  const Authorizer& authorizer_;
  app::Events& events_;
};

}  // namespace billing::api

#endif  // BILLING_API_EVENT_SERVICE_H_
