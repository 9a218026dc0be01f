#include "api/organization_service.h"

#include "api/convert_common.h"
#include "api/convert_organization.h"
#include "api/handler_support.h"
#include "api/write_conditions.h"

namespace billing::api {

using domain::Organization;

grpc::Status OrganizationServiceImpl::GetOrganization(grpc::ServerContext* context,
                                                      const v1::GetOrganizationRequest* /*request*/,
                                                      v1::Organization* response) {
  absl::StatusOr<app::CallContext> caller =
      authorizer_.Authorize(*context, auth::Scope::kOrganizationRead);
  if (!caller.ok()) return Reply(*context, caller.status());
  return Reply(*context, organizations_.Get(*caller),
               [&](Organization organization) { *response = ToProto(organization); });
}

grpc::Status OrganizationServiceImpl::UpdateOrganization(
    grpc::ServerContext* context, const v1::UpdateOrganizationRequest* request,
    v1::Organization* response) {
  absl::StatusOr<app::CallContext> caller =
      AuthorizeWrite(authorizer_, *context, auth::Scope::kOrganizationWrite, *request,
                     request->organization().etag());
  if (!caller.ok()) return Reply(*context, caller.status());
  return ReplyWrite(*context, *caller,
                    organizations_.Update(*caller, ToOrganizationInput(request->organization()),
                                          MaskPaths(request->update_mask())),
                    response, [&](Organization organization) { *response = ToProto(organization); });
}

}  // namespace billing::api
