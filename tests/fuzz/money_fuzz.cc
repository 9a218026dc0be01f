// libFuzzer: amounts in every decimal shape a currency can have. Whatever
// the input, parsing never crashes, and what it accepts formats back to an
// amount that parses to the same minor units (the round trip money relies on).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/money.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (std::string_view code : {"USD", "JPY", "KWD"}) {
    const auto currency = billing::domain::FindCurrency(code);
    if (!currency.ok()) std::abort();
    const auto amount = billing::domain::ParseAmount(text, *currency);
    if (!amount.ok()) continue;
    const auto again =
        billing::domain::ParseAmount(billing::domain::FormatAmount(*amount, *currency), *currency);
    if (!again.ok() || *again != *amount) std::abort();
  }
  (void)billing::domain::FindCurrency(text);
  return 0;
}
