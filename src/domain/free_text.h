// The one check every free-text field of every resource goes through:
// customer names, invoice notes and line descriptions, payment references,
// credit note memos, webhook endpoint descriptions. One rule (TextProblem in
// domain/text.h: valid UTF-8, no C0, DEL or C1 control character, line
// breaks and tabs only where several lines make sense) and a length in
// characters.
#ifndef BILLING_DOMAIN_FREE_TEXT_H_
#define BILLING_DOMAIN_FREE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "domain/error.h"
#include "domain/text.h"

namespace billing::domain {

// What one field admits.
struct FreeTextRule {
  TextKind kind = TextKind::kSingleLine;
  // Blank (nothing left after TrimText) is refused.
  bool required = false;
  // At most this many characters (code points, so that a limit means the
  // same in every script).
  size_t max_chars = 0;
  // The field is stored trimmed (TrimText), so its length is counted so.
  bool trimmed = false;
};

// Reports under `field` the first thing wrong with `text` by `rule`
// (invalid UTF-8, a control character, blank when required, too long);
// true when there was nothing.
bool ValidateFreeText(std::string field, std::string_view text, const FreeTextRule& rule,
                      ViolationCollector& violations);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_FREE_TEXT_H_
