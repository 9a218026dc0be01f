#include "domain/email_address.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/text.h"

namespace billing::domain {

std::string EmailProblem(std::string_view email) {
  if (email.empty()) return "is required";
  if (email.size() > kMaxEmailBytes) {
    return absl::StrCat("must be at most ", kMaxEmailBytes, " characters");
  }
  for (unsigned char c : email) {
    if (c <= ' ' || c == 0x7F) return "must not contain spaces or control characters";
  }
  if (std::optional<std::string> problem = TextProblem(email, TextKind::kSingleLine, true)) {
    return *std::move(problem);
  }
  size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    return "must be an email address with exactly one @, like ada@example.com";
  }
  std::string_view local = email.substr(0, at);
  std::string_view domain = email.substr(at + 1);
  if (local.empty()) return "must have a name before the @, like ada@example.com";
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' ||
      domain.back() == '.' || domain.find("..") != std::string_view::npos) {
    return "must have a domain with a dot after the @, like ada@example.com";
  }
  return "";
}

}  // namespace billing::domain
