// Page requests and pages of results shared by every list call.
#ifndef BILLING_DOMAIN_PAGING_H_
#define BILLING_DOMAIN_PAGING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace billing::domain {

inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 100;

// A position in a list's order (create time, then id): the last item a page
// token's page ended with. The next page starts right after it, found by
// index (keyset pagination), so a deep page costs what page 1 costs.
struct PageCursor {
  int64_t create_time_us = 0;
  std::string id;

  bool operator==(const PageCursor&) const = default;
};

struct PageRequest {
  int page = 1;  // 1-based
  int page_size = kDefaultPageSize;
  // Set when the caller gave a page token: items after this one.
  std::optional<PageCursor> after;
  // With `after`: how many items came before it, so that `page` and the next
  // token's count stay right.
  int64_t skipped = 0;

  int64_t offset() const { return after.has_value() ? skipped : int64_t{page - 1} * page_size; }
};

// 0 means the default for either field; negative page, negative page_size or
// page_size over kMaxPageSize is a ValidationError naming the field.
absl::StatusOr<PageRequest> MakePageRequest(int page, int page_size);

// As above, and a non-empty `page_token` (AIP-158) continues the list where
// the token's page ended. `list_key` names the list and its filters; a token
// made for another list, other filters or another page size, a tampered or
// malformed one, or a token with a page number other than 1 is a
// ValidationError on "page_token".
absl::StatusOr<PageRequest> MakePageRequest(int page, int page_size,
                                            std::string_view page_token,
                                            std::string_view list_key);

// The opaque token that continues after `last` (`skipped` items precede the
// next page) in pages of `page_size` of the list named by `list_key`.
std::string EncodePageToken(const PageCursor& last, int64_t skipped, int page_size,
                            std::string_view list_key);

template <typename T>
struct Page {
  std::vector<T> items;
  PageRequest request;
  int64_t total_items = 0;
  // Set by the repository when more items follow: the last item's position.
  std::optional<PageCursor> next;
  // Set by the use case from `next`; empty on the last page.
  std::string next_page_token;

  int total_pages() const {
    return static_cast<int>((total_items + request.page_size - 1) / request.page_size);
  }
};

// Fills page.next_page_token from page.next.
template <typename T>
void SetNextPageToken(Page<T>& page, std::string_view list_key) {
  page.next_page_token.clear();
  if (page.next.has_value()) {
    page.next_page_token = EncodePageToken(
        *page.next, page.request.offset() + static_cast<int64_t>(page.items.size()),
        page.request.page_size, list_key);
  }
}

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_PAGING_H_
