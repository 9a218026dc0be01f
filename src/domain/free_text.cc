#include "domain/free_text.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"

namespace billing::domain {

bool ValidateFreeText(std::string field, std::string_view text, const FreeTextRule& rule,
                      ViolationCollector& violations) {
  if (std::optional<std::string> problem = TextProblem(text, rule.kind, rule.required)) {
    violations.Add(std::move(field), *std::move(problem));
    return false;
  }
  if (Utf8Length(rule.trimmed ? TrimText(text) : text) > rule.max_chars) {
    violations.Add(std::move(field), absl::StrCat("must be at most ", rule.max_chars, " characters"));
    return false;
  }
  return true;
}

}  // namespace billing::domain
