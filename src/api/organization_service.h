#ifndef BILLING_API_ORGANIZATION_SERVICE_H_
#define BILLING_API_ORGANIZATION_SERVICE_H_

#include "api/authorization.h"
#include "app/organizations.h"
#include "billing/v1/organization.grpc.pb.h"

namespace billing::api {

class OrganizationServiceImpl final : public v1::OrganizationService::Service {
 public:
  OrganizationServiceImpl(app::Organizations& organizations, const Authorizer& authorizer)
      : authorizer_(authorizer), organizations_(organizations) {}

  grpc::Status GetOrganization(grpc::ServerContext* context,
                               const v1::GetOrganizationRequest* request,
                               v1::Organization* response) override;
  grpc::Status UpdateOrganization(grpc::ServerContext* context,
                                  const v1::UpdateOrganizationRequest* request,
                                  v1::Organization* response) override;

 private:
  const Authorizer& authorizer_;
  app::Organizations& organizations_;
};

}  // namespace billing::api

#endif  // BILLING_API_ORGANIZATION_SERVICE_H_
