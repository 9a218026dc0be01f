// Tax rates on both backends: round trip of exact terms, not-found codes,
// tenancy (another account's rate is not found), updates, archiving and
// paging.

#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "app/ports/store.h"
#include "domain/tax_rate_resource.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using domain::ErrorCode;
using domain::TaxRate;
using testing::At;
using testing::CodeOf;
using testing::ReadResult;

TaxRate MakeRate(const std::string& account, const std::string& id, absl::Time at) {
  domain::TaxRateInput input;
  input.display_name = "VAT";
  input.percentage = "8.875";
  input.country = "DE";
  input.region = "Bayern";
  input.category = "S";
  return domain::NewTaxRate(account, id, input, at).value();
}

class TaxRateRepositoryTest : public testing::StoreTest {
 protected:
  absl::Status Insert(const TaxRate& rate) {
    return store_->Write([&](app::Transaction& t) { return t.tax_rates().Insert(rate); });
  }
  absl::StatusOr<TaxRate> Get(const std::string& account, const std::string& id) {
    return ReadResult(*store_, [&](app::Transaction& t) { return t.tax_rates().Get(account, id); });
  }
  absl::StatusOr<domain::Page<TaxRate>> List(const std::string& account, int page, int size,
                                              std::optional<bool> active = std::nullopt) {
    return ReadResult(*store_, [&](app::Transaction& t) {
      return t.tax_rates().List(account, domain::PageRequest{.page = page, .page_size = size},
                                 active);
    });
  }
};

void ExpectSameRate(const TaxRate& actual, const TaxRate& expected) {
  EXPECT_EQ(actual.account_id, expected.account_id);
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.display_name, expected.display_name);
  EXPECT_EQ(actual.country, expected.country);
  EXPECT_EQ(actual.region, expected.region);
  EXPECT_EQ(actual.terms, expected.terms);
  EXPECT_EQ(actual.active, expected.active);
  EXPECT_EQ(actual.create_time, expected.create_time);
  EXPECT_EQ(actual.update_time, expected.update_time);
}

TEST_P(TaxRateRepositoryTest, TermsReadBackExactly) {
  const TaxRate rate = MakeRate("acct_1", "txr_1", At(0));
  ASSERT_OK(Insert(rate));
  absl::StatusOr<TaxRate> read = Get("acct_1", "txr_1");
  ASSERT_OK(read.status());
  EXPECT_EQ(read->terms.percentage, 88750) << "8.875 % without any rounding";
  ExpectSameRate(*read, rate);

  domain::TaxRateInput reverse;
  reverse.display_name = "Reverse charge";
  reverse.percentage = "0";
  reverse.inclusive = true;
  reverse.category = "AE";
  reverse.exemption_reason_code = "VATEX-EU-AE";
  const TaxRate ae = domain::NewTaxRate("acct_1", "txr_2", reverse, At(1)).value();
  ASSERT_OK(Insert(ae));
  ASSERT_OK(Get("acct_1", "txr_2").status());
  ExpectSameRate(*Get("acct_1", "txr_2"), ae);
}

TEST_P(TaxRateRepositoryTest, AnotherAccountsRateIsNotFound) {
  ASSERT_OK(Insert(MakeRate("acct_a", "txr_1", At(0))));
  absl::StatusOr<TaxRate> read = Get("acct_b", "txr_1");
  EXPECT_EQ(CodeOf(read.status()), ErrorCode::kTaxRateNotFound);
  EXPECT_EQ(read.status().message(), "tax rate txr_1 not found");
  TaxRate theirs = MakeRate("acct_b", "txr_1", At(1));
  theirs.display_name = "Not theirs";
  EXPECT_EQ(CodeOf(store_->Write([&](app::Transaction& t) { return t.tax_rates().Update(theirs); })),
            ErrorCode::kTaxRateNotFound);
  EXPECT_EQ(Get("acct_a", "txr_1")->display_name, "VAT");
  EXPECT_EQ(List("acct_b", 1, 10)->total_items, 0);
}

TEST_P(TaxRateRepositoryTest, TakenIdIsAlreadyExists) {
  ASSERT_OK(Insert(MakeRate("acct_1", "txr_1", At(0))));
  EXPECT_EQ(CodeOf(Insert(MakeRate("acct_1", "txr_1", At(5)))), ErrorCode::kAlreadyExists);
}

TEST_P(TaxRateRepositoryTest, UpdateArchivesAndKeepsCreateTime) {
  const TaxRate rate = MakeRate("acct_1", "txr_1", At(0));
  ASSERT_OK(Insert(rate));
  domain::TaxRateInput input;
  input.display_name = "MwSt";
  TaxRate updated =
      domain::UpdateTaxRate(rate, input, false, {"display_name", "active"}, true, At(60)).value();
  ASSERT_OK(store_->Write([&](app::Transaction& t) { return t.tax_rates().Update(updated); }));
  absl::StatusOr<TaxRate> read = Get("acct_1", "txr_1");
  ASSERT_OK(read.status());
  EXPECT_FALSE(read->active);
  EXPECT_EQ(read->display_name, "MwSt");
  EXPECT_EQ(read->create_time, At(0));
  EXPECT_EQ(read->update_time, At(60));
  EXPECT_EQ(List("acct_1", 1, 10)->total_items, 1) << "archived, never deleted";
}

TEST_P(TaxRateRepositoryTest, ListsOnlyActiveOrOnlyArchivedWhenAsked) {
  ASSERT_OK(Insert(MakeRate("acct_1", "txr_on", At(0))));
  TaxRate archived = MakeRate("acct_1", "txr_off", At(1));
  archived.active = false;
  ASSERT_OK(Insert(archived));
  absl::StatusOr<domain::Page<TaxRate>> active = List("acct_1", 1, 10, true);
  ASSERT_OK(active.status());
  ASSERT_EQ(active->items.size(), 1u);
  EXPECT_EQ(active->items[0].id, "txr_on");
  EXPECT_EQ(active->total_items, 1);
  absl::StatusOr<domain::Page<TaxRate>> off = List("acct_1", 1, 10, false);
  ASSERT_OK(off.status());
  ASSERT_EQ(off->items.size(), 1u);
  EXPECT_EQ(off->items[0].id, "txr_off");
  EXPECT_EQ(List("acct_1", 1, 10)->total_items, 2);
}

TEST_P(TaxRateRepositoryTest, ListsOldestFirstInPages) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK(Insert(MakeRate("acct_1", "txr_" + std::to_string(i), At(i))));
  }
  absl::StatusOr<domain::Page<TaxRate>> first = List("acct_1", 1, 2);
  ASSERT_OK(first.status());
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].id, "txr_0");
  EXPECT_EQ(first->items[1].id, "txr_1");
  EXPECT_EQ(first->total_items, 3);
  absl::StatusOr<domain::Page<TaxRate>> second = List("acct_1", 2, 2);
  ASSERT_OK(second.status());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].id, "txr_2");
}

INSTANTIATE_TEST_SUITE_P(Backends, TaxRateRepositoryTest,
                         ::testing::Values(billing::testing::Backend::kSqlite,
                                           billing::testing::Backend::kPostgres),
                         billing::testing::BackendName);

}  // namespace
}  // namespace billing::storage
