#include "domain/rounding.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace billing::domain {

__int128 DivideRoundingHalfUp(__int128 numerator, __int128 denominator) {
  const bool negative = numerator < 0;
  const __int128 magnitude = negative ? -numerator : numerator;
  __int128 quotient = magnitude / denominator;
  if (magnitude % denominator >= denominator - magnitude % denominator) ++quotient;
  return negative ? -quotient : quotient;
}

std::vector<int64_t> AllocateLargestRemainder(int64_t amount, const std::vector<int64_t>& weights) {
  std::vector<int64_t> shares(weights.size(), 0);
  if (weights.empty()) return shares;
  __int128 total = 0;
  for (int64_t weight : weights) total += weight;
  if (total == 0) {
    shares[0] = amount;
    return shares;
  }
  std::vector<__int128> remainders(weights.size());
  int64_t allocated = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const __int128 product = __int128{amount} * weights[i];
    shares[i] = static_cast<int64_t>(product / total);
    remainders[i] = product % total;
    allocated += shares[i];
  }
  // Fewer than weights.size() units are left: each floor lost less than one.
  std::vector<size_t> order(weights.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
  for (size_t k = 0; allocated < amount; ++k) {
    ++shares[order[k]];
    ++allocated;
  }
  return shares;
}

}  // namespace billing::domain
