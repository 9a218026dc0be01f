#include "domain/paging.h"

#include "absl/strings/str_cat.h"
#include "domain/error.h"

namespace billing::domain {

absl::StatusOr<PageRequest> MakePageRequest(int page, int page_size) {
  ViolationCollector violations;
  if (page < 0) violations.Add("page", "must be 1 or more (0 means the first page)");
  if (page_size < 0 || page_size > kMaxPageSize) {
    violations.Add("page_size", absl::StrCat("must be from 1 to ", kMaxPageSize,
                                             " (0 means the default of ", kDefaultPageSize,
                                             ")"));
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;
  PageRequest request;
  request.page = page == 0 ? 1 : page;
  request.page_size = page_size == 0 ? kDefaultPageSize : page_size;
  return request;
}

}  // namespace billing::domain
