// Document number sequences through the port, on both backends: per account
// and kind, consecutive, given back by a rolled back transaction, kept
// across a restart, and prefixed as the account set.
#include <string>

#include "absl/status/status.h"
#include "app/ports/store.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace billing::storage {
namespace {

using domain::DocumentKind;
using testing::StoreTest;
using testing::WriteResult;

class DocumentNumberRepositoryTest : public StoreTest {
 protected:
  absl::StatusOr<std::string> Next(const std::string& account, DocumentKind kind) {
    return WriteResult(*store_, [&](app::Transaction& t) {
      return t.document_numbers().Next(account, kind);
    });
  }
};

TEST_P(DocumentNumberRepositoryTest, SequencesArePerAccountAndKind) {
  EXPECT_EQ(*Next("acct_a", DocumentKind::kInvoice), "INV-000001");
  EXPECT_EQ(*Next("acct_a", DocumentKind::kInvoice), "INV-000002");
  EXPECT_EQ(*Next("acct_a", DocumentKind::kCreditNote), "CN-000001");
  EXPECT_EQ(*Next("acct_b", DocumentKind::kInvoice), "INV-000001");
  Reopen();
  EXPECT_EQ(*Next("acct_a", DocumentKind::kInvoice), "INV-000003");
}

TEST_P(DocumentNumberRepositoryTest, ARolledBackTransactionGivesItsNumberBack) {
  EXPECT_EQ(*Next("acct_a", DocumentKind::kInvoice), "INV-000001");
  std::string taken;
  absl::Status failed = store_->Write([&](app::Transaction& t) -> absl::Status {
    absl::StatusOr<std::string> number = t.document_numbers().Next("acct_a", DocumentKind::kInvoice);
    if (!number.ok()) return number.status();
    taken = *number;
    return absl::AbortedError("the rest of the use case failed");
  });
  EXPECT_EQ(failed.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(taken, "INV-000002");
  EXPECT_EQ(*Next("acct_a", DocumentKind::kInvoice), "INV-000002") << "no gap";
}

TEST_P(DocumentNumberRepositoryTest, APrefixAppliesFromThenOnAndTheSequenceCarriesOn) {
  ASSERT_OK(store_->Write([](app::Transaction& t) {
    return t.document_numbers().SetPrefix("acct_a", DocumentKind::kCreditNote, "CR/");
  }));
  EXPECT_EQ(*Next("acct_a", DocumentKind::kCreditNote), "CR/000001");
  EXPECT_EQ(*Next("acct_a", DocumentKind::kInvoice), "INV-000001") << "only credit notes changed";
  ASSERT_OK(store_->Write([](app::Transaction& t) {
    return t.document_numbers().SetPrefix("acct_a", DocumentKind::kCreditNote, "NC-");
  }));
  EXPECT_EQ(*Next("acct_a", DocumentKind::kCreditNote), "NC-000002");
}

INSTANTIATE_TEST_SUITE_P(Backends, DocumentNumberRepositoryTest,
                         ::testing::Values(billing::testing::Backend::kSqlite,
                                           billing::testing::Backend::kPostgres),
                         billing::testing::BackendName);

}  // namespace
}  // namespace billing::storage
