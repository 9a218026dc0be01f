// Free text a caller attaches to a document: a payment's reference, a credit
// note's memo.
#ifndef BILLING_DOMAIN_FREE_TEXT_H_
#define BILLING_DOMAIN_FREE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "domain/error.h"

namespace billing::domain {

// Reports under `field` text that is not valid UTF-8 (it travels in proto
// strings, which must be), contains NUL, or is longer than `max_chars`
// characters (code points, so that a limit means the same in every script).
void ValidateFreeText(std::string field, std::string_view text, size_t max_chars,
                      ViolationCollector& violations);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_FREE_TEXT_H_
