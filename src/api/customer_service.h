#ifndef BILLING_API_CUSTOMER_SERVICE_H_
#define BILLING_API_CUSTOMER_SERVICE_H_

#include "api/authorization.h"
#include "app/customers.h"
#include "billing/v1/customer.grpc.pb.h"

namespace billing::api {

class CustomerServiceImpl final : public v1::CustomerService::Service {
 public:
  CustomerServiceImpl(app::Customers& customers, const Authorizer& authorizer)
      : authorizer_(authorizer), customers_(customers) {}

  grpc::Status CreateCustomer(grpc::ServerContext* context, const v1::CreateCustomerRequest* request,
                              v1::Customer* response) override;
  grpc::Status GetCustomer(grpc::ServerContext* context, const v1::GetCustomerRequest* request,
                           v1::Customer* response) override;
  grpc::Status ListCustomers(grpc::ServerContext* context, const v1::ListCustomersRequest* request,
                             v1::ListCustomersResponse* response) override;
  grpc::Status ReplaceCustomer(grpc::ServerContext* context,
                               const v1::ReplaceCustomerRequest* request,
                               v1::ReplaceCustomerResponse* response) override;
  grpc::Status UpdateCustomer(grpc::ServerContext* context, const v1::UpdateCustomerRequest* request,
                              v1::Customer* response) override;
  grpc::Status DeleteCustomer(grpc::ServerContext* context, const v1::DeleteCustomerRequest* request,
                              google::protobuf::Empty* response) override;

 private:
  const Authorizer& authorizer_;
  app::Customers& customers_;
};

}  // namespace billing::api

#endif  // BILLING_API_CUSTOMER_SERVICE_H_
