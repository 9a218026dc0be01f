#include "domain/dates.h"

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int Digits(std::string_view text) {
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

absl::Status BadDate(std::string_view text, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("must be a date written YYYY-MM-DD", Av(why),
                                                 " (got ", Quoted(text), ")"));
}

}  // namespace

absl::StatusOr<absl::CivilDay> ParseDate(std::string_view text) {
  // Checked by hand rather than with absl::ParseCivilTime, which accepts
  // other spellings (signs, more year digits) the API does not promise.
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return BadDate(text, "");
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(text[i])) return BadDate(text, "");
  }
  int year = Digits(text.substr(0, 4));
  int month = Digits(text.substr(5, 2));
  int day = Digits(text.substr(8, 2));
  if (year < 1000) return BadDate(text, " with a year from 1000 to 9999");
  // CivilDay normalizes 2026-02-30 into March; a real day survives unchanged.
  absl::CivilDay civil(year, month, day);
  if (month < 1 || month > 12 || day < 1 || civil.month() != month || civil.day() != day) {
    return BadDate(text, " and be a real calendar day");
  }
  return civil;
}

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

}  // namespace billing::domain
