// billing.v1.Organization <-> domain::Organization, and the address shapes
// the organization and customers share.
#ifndef BILLING_API_CONVERT_ORGANIZATION_H_
#define BILLING_API_CONVERT_ORGANIZATION_H_

#include "billing/v1/organization.pb.h"
#include "domain/organization.h"

namespace billing::api {

domain::PostalAddress FromProto(const v1::PostalAddress& address);
v1::PostalAddress ToProto(const domain::PostalAddress& address);
domain::ElectronicAddress FromProto(const v1::ElectronicAddress& address);
v1::DocumentParty ToProto(const domain::DocumentParty& party);

domain::OrganizationInput ToOrganizationInput(const v1::Organization& organization);
v1::Organization ToProto(const domain::Organization& organization);

}  // namespace billing::api

#endif  // BILLING_API_CONVERT_ORGANIZATION_H_
