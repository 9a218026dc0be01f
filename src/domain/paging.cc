#include "domain/paging.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

constexpr std::string_view kTokenVersion = "p1";
constexpr size_t kMaxTokenLength = 512;
constexpr size_t kMaxIdLength = 64;

// FNV-1a over the token's text with a fixed salt: not a secret (a token holds
// nothing its caller could not read), only there so that an edited token is
// refused rather than silently moving the cursor somewhere else.
std::string Checksum(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : absl::StrCat("billing.page_token:", Av(text))) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return absl::StrCat(absl::Hex(hash, absl::kZeroPad16));
}

bool IsIdCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-';
}

absl::Status BadToken(std::string description) {
  return ValidationError("page_token", std::move(description));
}

absl::StatusOr<PageRequest> DecodeToken(PageRequest request, std::string_view token,
                                        std::string_view list_key) {
  constexpr char kInvalid[] =
      "is not a token this list returned (pass next_page_token unchanged, with the same filters)";
  if (token.size() > kMaxTokenLength) return BadToken(kInvalid);
  std::string text;
  // Only the canonical spelling: other encodings of the same bytes are edits too.
  if (!absl::WebSafeBase64Unescape(Av(token), &text) ||
      absl::WebSafeBase64Escape(text) != Av(token)) {
    return BadToken(kInvalid);
  }
  // version | skipped | create_time_us | id | list key | checksum
  std::vector<absl::string_view> parts = absl::StrSplit(text, '|');
  if (parts.size() != 6 || parts[0] != Av(kTokenVersion)) return BadToken(kInvalid);
  const std::string_view body = std::string_view(text).substr(0, text.size() - parts[5].size() - 1);
  if (parts[5] != Checksum(body)) return BadToken(kInvalid);
  if (parts[4] != Av(list_key)) {
    return BadToken(
        "was made for other filters or another page size; list with the same ones to continue");
  }
  PageCursor cursor;
  int64_t skipped = 0;
  if (!absl::SimpleAtoi(parts[1], &skipped) || skipped < 0 ||
      !absl::SimpleAtoi(parts[2], &cursor.create_time_us) || parts[3].empty() ||
      parts[3].size() > kMaxIdLength) {
    return BadToken(kInvalid);
  }
  for (char c : parts[3]) {
    if (!IsIdCharacter(c)) return BadToken(kInvalid);
  }
  cursor.id = std::string(parts[3]);
  request.after = std::move(cursor);
  request.skipped = skipped;
  // The page this token's items start, in the current page size.
  const int64_t page = skipped / request.page_size + 1;
  request.page = page > INT32_MAX ? INT32_MAX : static_cast<int>(page);
  return request;
}

}  // namespace

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

absl::StatusOr<PageRequest> MakePageRequest(int page, int page_size,
                                            std::string_view page_token,
                                            std::string_view list_key) {
  absl::StatusOr<PageRequest> request = MakePageRequest(page, page_size);
  if (!request.ok() || page_token.empty()) return request;
  if (page > 1) {
    return BadToken("give either a page number or a page token, not both");
  }
  // The page size is part of what a token continues: with another one, the
  // page number the answer carries could not be right.
  const std::string key = absl::StrCat(Av(list_key), "/n=", request->page_size);
  return DecodeToken(*std::move(request), page_token, key);
}

std::string EncodePageToken(const PageCursor& last, int64_t skipped, int page_size,
                            std::string_view list_key) {
  std::string body =
      absl::StrCat(Av(kTokenVersion), "|", skipped, "|", last.create_time_us, "|", last.id, "|",
                   Av(list_key), "/n=", page_size);
  absl::StrAppend(&body, "|", Checksum(body));
  return absl::WebSafeBase64Escape(body);
}

}  // namespace billing::domain
