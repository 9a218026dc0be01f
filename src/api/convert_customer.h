#ifndef BILLING_API_CONVERT_CUSTOMER_H_
#define BILLING_API_CONVERT_CUSTOMER_H_

#include "billing/v1/customer.pb.h"
#include "domain/customer.h"

namespace billing::api {

domain::CustomerInput ToCustomerInput(const v1::Customer& customer);
v1::Customer ToProto(const domain::Customer& customer);

}  // namespace billing::api

#endif  // BILLING_API_CONVERT_CUSTOMER_H_
