// Proto <-> domain conversions shared by every resource.
#ifndef BILLING_API_CONVERT_COMMON_H_
#define BILLING_API_CONVERT_COMMON_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace billing::api {

void SetTimestamp(absl::Time time, google::protobuf::Timestamp* out);

// Minor units as the currency's decimal string, e.g. 1250 USD -> "12.50".
std::string FormatMoney(int64_t minor_units, std::string_view currency);

std::vector<std::string> MaskPaths(const google::protobuf::FieldMask& mask);

}  // namespace billing::api

#endif  // BILLING_API_CONVERT_COMMON_H_
