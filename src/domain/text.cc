#include "domain/text.h"

namespace billing::domain {

std::string Quoted(std::string_view text) {
  constexpr size_t kMaxEcho = 40;
  std::string out = "\"";
  for (size_t i = 0; i < text.size() && i < kMaxEcho; ++i) {
    out += (text[i] >= 0x20 && text[i] < 0x7f) ? text[i] : '?';
  }
  if (text.size() > kMaxEcho) out += "...";
  out += '"';
  return out;
}

}  // namespace billing::domain
