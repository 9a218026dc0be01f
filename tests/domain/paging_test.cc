#include "domain/paging.h"

#include <string>
#include <vector>

#include "domain/error.h"
#include "gtest/gtest.h"

namespace billing::domain {
namespace {

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

TEST(PageRequestTest, ZeroMeansDefaults) {
  PageRequest request = MakePageRequest(0, 0).value();
  EXPECT_EQ(request.page, 1);
  EXPECT_EQ(request.page_size, 20);
  EXPECT_EQ(request.offset(), 0);
}

TEST(PageRequestTest, ExplicitValuesAreKept) {
  PageRequest request = MakePageRequest(3, 50).value();
  EXPECT_EQ(request.page, 3);
  EXPECT_EQ(request.page_size, 50);
  EXPECT_EQ(request.offset(), 100);
  EXPECT_EQ(MakePageRequest(1, 100).value().page_size, 100);
  EXPECT_EQ(MakePageRequest(1, 1).value().page_size, 1);
}

TEST(PageRequestTest, BadValuesNameTheirFields) {
  EXPECT_EQ(Fields(MakePageRequest(-1, 10).status()), std::vector<std::string>{"page"});
  EXPECT_EQ(Fields(MakePageRequest(1, 101).status()), std::vector<std::string>{"page_size"});
  EXPECT_EQ(Fields(MakePageRequest(1, -5).status()), std::vector<std::string>{"page_size"});
  EXPECT_EQ(ErrorCodeOf(MakePageRequest(1, 101).status()), ErrorCode::kValidationError);
}

TEST(PageRequestTest, BothBadFieldsAreReportedTogether) {
  EXPECT_EQ(Fields(MakePageRequest(-1, 500).status()),
            (std::vector<std::string>{"page", "page_size"}));
}

TEST(PageTest, TotalPagesRoundsUp) {
  Page<int> page;
  page.request = MakePageRequest(1, 20).value();
  page.total_items = 0;
  EXPECT_EQ(page.total_pages(), 0);
  page.total_items = 20;
  EXPECT_EQ(page.total_pages(), 1);
  page.total_items = 41;
  EXPECT_EQ(page.total_pages(), 3);
}

TEST(PageTokenTest, ATokenContinuesAfterItsCursorWithThePageNumberRight) {
  const PageCursor last{.create_time_us = 1764000000123456, .id = "inv_42"};
  const std::string token = EncodePageToken(last, 40, 20, "invoices/c=/s=");
  absl::StatusOr<PageRequest> request = MakePageRequest(0, 20, token, "invoices/c=/s=");
  ASSERT_TRUE(request.ok()) << request.status();
  ASSERT_TRUE(request->after.has_value());
  EXPECT_EQ(*request->after, last);
  EXPECT_EQ(request->skipped, 40);
  EXPECT_EQ(request->offset(), 40);
  EXPECT_EQ(request->page, 3);
  // A token is not readable text: callers must treat it as opaque.
  EXPECT_EQ(token.find("inv_42"), std::string::npos);
}

TEST(PageTokenTest, ForeignTamperedOrMixedTokensAreRefusedOnPageToken) {
  const std::string token = EncodePageToken({.create_time_us = 5, .id = "inv_1"}, 20, 20, "invoices/c=/s=");
  // Made for other filters, or another page size.
  EXPECT_EQ(Fields(MakePageRequest(0, 25, token, "invoices/c=/s=").status()),
            std::vector<std::string>{"page_token"});
  EXPECT_EQ(Fields(MakePageRequest(0, 20, token, "invoices/c=cus_1/s=").status()),
            std::vector<std::string>{"page_token"});
  EXPECT_EQ(Fields(MakePageRequest(0, 20, token, "customers").status()),
            std::vector<std::string>{"page_token"});
  // One character changed anywhere.
  for (size_t i = 0; i < token.size(); ++i) {
    std::string edited = token;
    edited[i] = edited[i] == 'A' ? 'B' : 'A';
    absl::StatusOr<PageRequest> request = MakePageRequest(0, 20, edited, "invoices/c=/s=");
    EXPECT_EQ(ErrorCodeOf(request.status()), ErrorCode::kValidationError) << "position " << i;
  }
  EXPECT_EQ(Fields(MakePageRequest(0, 20, "not a token", "customers").status()),
            std::vector<std::string>{"page_token"});
  // A page number and a token contradict each other.
  EXPECT_EQ(Fields(MakePageRequest(2, 20, token, "invoices/c=/s=").status()),
            std::vector<std::string>{"page_token"});
  // page=1 is what REST clients send by habit: allowed.
  EXPECT_TRUE(MakePageRequest(1, 20, token, "invoices/c=/s=").ok());
}

}  // namespace
}  // namespace billing::domain
