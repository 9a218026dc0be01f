#include "domain/business_calendar.h"

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

bool IsZoneNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '/' || c == '_' || c == '+' || c == '-';
}

// The shape of an IANA name, checked before the name is used as a path
// below the zoneinfo directory.
bool HasZoneNameShape(std::string_view name) {
  if (name.size() > kMaxTimeZoneNameChars) return false;
  for (char c : name) {
    if (!IsZoneNameChar(c)) return false;
  }
  // Each '/'-separated component is non-empty and does not start with '.'.
  for (size_t i = 0; i < name.size(); ++i) {
    const bool starts_component = i == 0 || name[i - 1] == '/';
    if (starts_component && (name[i] == '/' || name[i] == '.')) return false;
  }
  return !name.empty() && name.back() != '/' && name != "localtime";
}

absl::Status BadZone(std::string_view name) {
  return ValidationError("time_zone",
                         absl::StrCat("must be an IANA time zone name such as "
                                      "\"Europe/Paris\" or \"UTC\" (got ",
                                      Quoted(name), ")"));
}

}  // namespace

absl::StatusOr<absl::TimeZone> LoadOrganizationTimeZone(std::string_view name) {
  if (name.empty()) name = kDefaultTimeZone;
  if (!HasZoneNameShape(name)) return BadZone(name);
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(std::string(name), &zone)) return BadZone(name);
  return zone;
}

absl::CivilDay LocalDay(absl::Time time, absl::TimeZone zone) {
  return absl::ToCivilDay(time, zone);
}

absl::Time StartOfDay(absl::CivilDay day, absl::TimeZone zone) {
  // A midnight inside a gap never happened: the day starts at the
  // transition. A repeated midnight: the first of the two.
  const absl::TimeZone::TimeInfo info = zone.At(absl::CivilSecond(day));
  return info.kind == absl::TimeZone::TimeInfo::SKIPPED ? info.trans : info.pre;
}

absl::Time EndOfDay(absl::CivilDay day, absl::TimeZone zone) {
  return StartOfDay(day + 1, zone);
}

}  // namespace billing::domain
