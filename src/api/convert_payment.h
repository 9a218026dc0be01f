// Payments: proto <-> domain.
#ifndef BILLING_API_CONVERT_PAYMENT_H_
#define BILLING_API_CONVERT_PAYMENT_H_

#include "billing/v1/payment.pb.h"
#include "domain/payment.h"

namespace billing::api {

domain::PaymentInput ToPaymentInput(const v1::Payment& payment);
v1::Payment ToProto(const domain::Payment& payment);

}  // namespace billing::api

#endif  // BILLING_API_CONVERT_PAYMENT_H_
