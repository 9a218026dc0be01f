// Exact integer rounding and allocation: the two operations every tax and
// credit figure is built from, so that no minor unit is created or lost.
#ifndef BILLING_DOMAIN_ROUNDING_H_
#define BILLING_DOMAIN_ROUNDING_H_

#include <cstdint>
#include <vector>

namespace billing::domain {

// numerator / denominator rounded half up on the magnitude (half away from
// zero), as EN 16931 and revenue.cc round. denominator > 0. Quotient and
// remainder rather than doubling the numerator, so nothing overflows.
__int128 DivideRoundingHalfUp(__int128 numerator, __int128 denominator);

// `amount` (>= 0) split across `weights` (each >= 0) by largest remainder:
// each share is floor(amount x w / W), then the units left over go one each
// to the largest remainders (ties to the earlier index). The shares sum
// exactly to `amount`, each is within one unit of its exact share, and no
// share exceeds its weight while amount <= W. All-zero weights: the whole
// amount goes to the first; no weights: nothing (amount must then be 0).
std::vector<int64_t> AllocateLargestRemainder(int64_t amount, const std::vector<int64_t>& weights);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_ROUNDING_H_
