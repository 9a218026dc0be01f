// The one plausibility check of an email address a person typed (a
// customer's, an organization's), so that both refuse the same typos.
#ifndef BILLING_DOMAIN_EMAIL_ADDRESS_H_
#define BILLING_DOMAIN_EMAIL_ADDRESS_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace billing::domain {

inline constexpr size_t kMaxEmailBytes = 254;  // RFC 5321 path limit

// What is wrong with `email` for a person to read ("is required", "must be
// an email address with exactly one @, ..."), or "" when it is plausible.
// Plausible, not RFC 5322 complete: the only real check of an address is
// delivering mail to it, so this catches typos and pasted garbage.
std::string EmailProblem(std::string_view email);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_EMAIL_ADDRESS_H_
