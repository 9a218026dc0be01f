#include "api/convert_tax_rate.h"

#include <string>
#include <utility>

#include "api/convert_common.h"
#include "api/etag.h"

namespace billing::api {
namespace {

std::string CategoryCode(v1::TaxCategory category) {
  switch (category) {
    case v1::TAX_CATEGORY_UNSPECIFIED: return "";
    case v1::TAX_CATEGORY_S: return "S";
    case v1::TAX_CATEGORY_Z: return "Z";
    case v1::TAX_CATEGORY_E: return "E";
    case v1::TAX_CATEGORY_AE: return "AE";
    case v1::TAX_CATEGORY_K: return "K";
    case v1::TAX_CATEGORY_G: return "G";
    case v1::TAX_CATEGORY_O: return "O";
    default: return std::to_string(static_cast<int>(category));
  }
}

v1::TaxCategory ToProto(domain::TaxCategory category) {
  switch (category) {
    case domain::TaxCategory::kStandard: return v1::TAX_CATEGORY_S;
    case domain::TaxCategory::kZeroRated: return v1::TAX_CATEGORY_Z;
    case domain::TaxCategory::kExempt: return v1::TAX_CATEGORY_E;
    case domain::TaxCategory::kReverseCharge: return v1::TAX_CATEGORY_AE;
    case domain::TaxCategory::kIntraCommunity: return v1::TAX_CATEGORY_K;
    case domain::TaxCategory::kExport: return v1::TAX_CATEGORY_G;
    case domain::TaxCategory::kOutsideScope: return v1::TAX_CATEGORY_O;
  }
  return v1::TAX_CATEGORY_UNSPECIFIED;
}

}  // namespace

domain::TaxRateInput ToTaxRateInput(const v1::TaxRate& rate) {
  return {.display_name = rate.display_name(),
          .percentage = rate.percentage(),
          .inclusive = rate.inclusive(),
          .country = rate.country(),
          .region = rate.region(),
          .category = CategoryCode(rate.category()),
          .exemption_reason = rate.exemption_reason(),
          .exemption_reason_code = rate.exemption_reason_code()};
}

v1::TaxRate ToProto(const domain::TaxRate& rate) {
  v1::TaxRate out;
  out.set_id(rate.id);
  out.set_display_name(rate.display_name);
  out.set_percentage(domain::FormatPercentage(rate.terms.percentage));
  out.set_inclusive(rate.terms.inclusive);
  out.set_country(rate.country);
  out.set_region(rate.region);
  out.set_category(ToProto(rate.terms.category));
  out.set_exemption_reason(rate.terms.exemption_reason);
  out.set_exemption_reason_code(rate.terms.exemption_reason_code);
  out.set_active(rate.active);
  SetTimestamp(rate.create_time, out.mutable_create_time());
  SetTimestamp(rate.update_time, out.mutable_update_time());
  return WithEtag(std::move(out));
}

}  // namespace billing::api
