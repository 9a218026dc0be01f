#include "domain/etag.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "domain/text.h"

namespace billing::domain {

bool IfMatchAdmits(std::string_view condition, std::string_view current_etag) {
  for (absl::string_view item : absl::StrSplit(Av(condition), ',')) {
    item = absl::StripAsciiWhitespace(item);
    if (item == "*") return true;
    if (item.size() >= 2 && item.front() == '"' && item.back() == '"') {
      item = item.substr(1, item.size() - 2);
    } else if (item.find('"') != absl::string_view::npos) {
      continue;  // W/"..." (weak) or malformed: never a strong match
    }
    if (!item.empty() && item == Av(current_etag)) return true;
  }
  return false;
}

}  // namespace billing::domain
