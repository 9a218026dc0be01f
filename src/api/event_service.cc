#include "api/event_service.h"

#include "api/convert_event.h"
#include "api/handler_support.h"
#include "api/write_conditions.h"

namespace billing::api {

grpc::Status EventServiceImpl::ListEvents(grpc::ServerContext* context,
                                          const v1::ListEventsRequest* request,
                                          v1::ListEventsResponse* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kEventsRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  const app::EventFilter filter{.type = request->type(), .resource_id = request->resource_id()};
  return Reply(*context,
               events_.List(*caller, request->page(), request->page_size(), filter,
                            request->page_token()),
               [&](domain::Page<domain::Event> page) {
                 for (const domain::Event& event : page.items) {
                   *response->add_events() = ToProto(event);
                 }
                 FillPaging(page, *response);
               });
}

grpc::Status EventServiceImpl::GetEvent(grpc::ServerContext* context,
                                        const v1::GetEventRequest* request,
                                        v1::Event* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kEventsRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  return Reply(*context, events_.Get(*caller, request->event_id()),
               [&](domain::Event event) { *response = ToProto(event); });
}

grpc::Status EventServiceImpl::RedeliverEvent(grpc::ServerContext* context,
                                              const v1::RedeliverEventRequest* request,
                                              v1::RedeliverEventResponse* response) {
  // No etag: an event never changes.
  absl::StatusOr<app::CallContext> caller =
      AuthorizeWrite(authorizer_, *context, auth::Scope::kWebhooksWrite, *request);
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(*context, *caller, events_.Redeliver(*caller, request->event_id()), response,
                    [&](app::RedeliveredEvent redelivered) {
                      *response->mutable_event() = ToProto(redelivered.event);
                      response->set_queued_deliveries(redelivered.queued_deliveries);
                    });
}

}  // namespace billing::api
