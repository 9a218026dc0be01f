#include "api/convert_common.h"

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "domain/money.h"

namespace billing::api {

void SetTimestamp(absl::Time time, google::protobuf::Timestamp* out) {
  const int64_t seconds = absl::ToUnixSeconds(time);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds))));
}

std::string FormatMoney(int64_t minor_units, std::string_view currency) {
  absl::StatusOr<domain::Currency> found = domain::FindCurrency(currency);
  // Stored currencies were validated on the way in; the fallback only keeps
  // a corrupt row from taking the whole response down.
  if (!found.ok()) return absl::StrCat(minor_units);
  return domain::FormatAmount(minor_units, *found);
}

std::vector<std::string> MaskPaths(const google::protobuf::FieldMask& mask) {
  return {mask.paths().begin(), mask.paths().end()};
}

}  // namespace billing::api
