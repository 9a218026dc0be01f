#ifndef BILLING_API_PAYMENT_SERVICE_H_
#define BILLING_API_PAYMENT_SERVICE_H_

#include "api/authorization.h"
#include "app/payments.h"
#include "billing/v1/payment.grpc.pb.h"

namespace billing::api {

// Payments are part of invoicing: the invoices scopes govern them.
class PaymentServiceImpl final : public v1::PaymentService::Service {
 public:
  PaymentServiceImpl(app::Payments& payments, const Authorizer& authorizer)
      : authorizer_(authorizer), payments_(payments) {}

  grpc::Status CreatePayment(grpc::ServerContext* context, const v1::CreatePaymentRequest* request,
                             v1::Payment* response) override;
  grpc::Status GetPayment(grpc::ServerContext* context, const v1::GetPaymentRequest* request,
                          v1::Payment* response) override;
  grpc::Status ListPayments(grpc::ServerContext* context, const v1::ListPaymentsRequest* request,
                            v1::ListPaymentsResponse* response) override;

 private:
  const Authorizer& authorizer_;
  app::Payments& payments_;
};

}  // namespace billing::api

#endif  // BILLING_API_PAYMENT_SERVICE_H_
