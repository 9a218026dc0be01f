// Conditional writes: whether an If-Match condition (RFC 9110 13.1.1)
// admits a resource's current entity tag.
#ifndef BILLING_DOMAIN_ETAG_H_
#define BILLING_DOMAIN_ETAG_H_

#include <string_view>

namespace billing::domain {

// `condition` is "*" (any current version) or a comma-separated list of
// entity tags, quoted ("abc") or bare (abc, as the gRPC `etag` field holds
// them). Strong comparison: a weak tag (W/"abc") never matches.
bool IfMatchAdmits(std::string_view condition, std::string_view current_etag);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_ETAG_H_
