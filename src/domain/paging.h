// Page requests and pages of results shared by every list call.
#ifndef BILLING_DOMAIN_PAGING_H_
#define BILLING_DOMAIN_PAGING_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace billing::domain {

inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 100;

struct PageRequest {
  int page = 1;  // 1-based
  int page_size = kDefaultPageSize;

  int64_t offset() const { return int64_t{page - 1} * page_size; }
};

// 0 means the default for either field; negative page, negative page_size or
// page_size over kMaxPageSize is a ValidationError naming the field.
absl::StatusOr<PageRequest> MakePageRequest(int page, int page_size);

template <typename T>
struct Page {
  std::vector<T> items;
  PageRequest request;
  int64_t total_items = 0;

  int total_pages() const {
    return static_cast<int>((total_items + request.page_size - 1) / request.page_size);
  }
};

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_PAGING_H_
