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

}  // namespace
}  // namespace billing::domain
