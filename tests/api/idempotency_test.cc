// Safe retries over gRPC, on SQLite and PostgreSQL: idempotency keys (a
// retry gets the first answer and writes nothing; a reused key, one still
// in progress and a malformed one are refused), their scoping, retention
// and purge; and etags (a stale one refuses the write and writes nothing).
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "app/idempotency.h"
#include "billing/v1/customer.grpc.pb.h"
#include "billing/v1/invoice.grpc.pb.h"
#include "billing/v1/revenue.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::testing::IsEmpty;
using ::testing::Not;

// One call's metadata: credential, key and If-Match in; trailers out.
struct Call {
  explicit Call(const std::string& authorization, const std::string& key = "",
                const std::string& if_match = "") {
    context.AddMetadata("authorization", authorization);
    if (!key.empty()) context.AddMetadata("idempotency-key", key);
    if (!if_match.empty()) context.AddMetadata("if-match", if_match);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  }
  bool replayed() const {
    auto found = context.GetServerTrailingMetadata().find("idempotent-replayed");
    return found != context.GetServerTrailingMetadata().end() && found->second == "true";
  }
  grpc::ClientContext context;
};

class IdempotencyTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  v1::CreateInvoiceRequest InvoiceFor(const std::string& customer_id,
                                      const std::string& notes = "") {
    v1::CreateInvoiceRequest request;
    request.mutable_invoice()->set_customer_id(customer_id);
    request.mutable_invoice()->set_amount("10.00");
    request.mutable_invoice()->set_due_date("2026-12-31");
    request.mutable_invoice()->set_notes(notes);
    return request;
  }

  grpc::Status CreateInvoice(const std::string& key, const v1::CreateInvoiceRequest& request,
                             v1::Invoice* out, bool* replayed = nullptr,
                             const std::string& authorization = "") {
    Call call(authorization.empty() ? server_.authorization() : authorization, key);
    grpc::Status status = invoices_->CreateInvoice(&call.context, request, out);
    if (replayed != nullptr) *replayed = call.replayed();
    return status;
  }

  int64_t InvoiceCount() {
    v1::ListInvoicesResponse list;
    v1::ListInvoicesRequest request;
    EXPECT_TRUE(client_.ListInvoices(request, &list).ok());
    return list.total_items();
  }

  TestServer server_{GetParam()};
  BillingClient client_{server_.channel(), server_.authorization()};
  std::unique_ptr<v1::InvoiceService::Stub> invoices_ =
      v1::InvoiceService::NewStub(server_.channel());
  std::unique_ptr<v1::CustomerService::Stub> customers_ =
      v1::CustomerService::NewStub(server_.channel());
};

TEST_P(IdempotencyTest, ARetryGetsTheFirstAnswerAndCreatesNothing) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice first, again;
  bool replayed = true;
  ASSERT_TRUE(CreateInvoice("order-1", InvoiceFor(customer.id()), &first, &replayed).ok());
  EXPECT_FALSE(replayed) << "the first request is not a replay";
  ASSERT_TRUE(CreateInvoice("order-1", InvoiceFor(customer.id()), &again, &replayed).ok());
  EXPECT_TRUE(replayed) << "idempotent-replayed: true in the trailers";
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString()) << "the very same answer";
  EXPECT_EQ(InvoiceCount(), 1);

  v1::Invoice other;
  ASSERT_TRUE(CreateInvoice("order-2", InvoiceFor(customer.id()), &other).ok());
  EXPECT_NE(other.id(), first.id()) << "another key is another request";
  EXPECT_EQ(InvoiceCount(), 2);
}

TEST_P(IdempotencyTest, AnActionRetriedWithItsKeyIsNotRefusedAndActsOnce) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice draft = client_.MustCreateInvoice(customer.id(), "10.00");
  v1::ProcessInvoiceRequest request;
  request.set_invoice_id(draft.id());
  v1::Invoice first, again;
  {
    Call call(server_.authorization(), "process-1");
    ASSERT_TRUE(invoices_->ProcessInvoice(&call.context, request, &first).ok());
  }
  Call call(server_.authorization(), "process-1");
  grpc::Status status = invoices_->ProcessInvoice(&call.context, request, &again);
  ASSERT_TRUE(status.ok()) << "not INVALID_STATE_TRANSITION: " << status.error_message();
  EXPECT_TRUE(call.replayed());
  EXPECT_EQ(again.process_time().seconds(), first.process_time().seconds());
  EXPECT_EQ(again.etag(), first.etag());

  Call unkeyed(server_.authorization());
  EXPECT_EQ(ErrorReason(invoices_->ProcessInvoice(&unkeyed.context, request, &again)),
            "INVALID_STATE_TRANSITION")
      << "without the key it is a second processing";
}

TEST_P(IdempotencyTest, AKeyReusedForAnotherRequestIsRefused) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice first, out;
  ASSERT_TRUE(CreateInvoice("k", InvoiceFor(customer.id(), "a"), &first).ok());
  grpc::Status other_body = CreateInvoice("k", InvoiceFor(customer.id(), "b"), &out);
  EXPECT_EQ(other_body.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(other_body), "IDEMPOTENCY_KEY_REUSED");

  v1::ProcessInvoiceRequest process;
  process.set_invoice_id(first.id());
  Call call(server_.authorization(), "k");
  EXPECT_EQ(ErrorReason(invoices_->ProcessInvoice(&call.context, process, &out)),
            "IDEMPOTENCY_KEY_REUSED")
      << "another method with the same key";
  ASSERT_TRUE(client_.GetInvoice(first.id(), &out).ok());
  EXPECT_EQ(out.status(), v1::INVOICE_STATUS_DRAFT) << "nothing was done";
  EXPECT_EQ(InvoiceCount(), 1);
}

TEST_P(IdempotencyTest, ARefusalIsRecordedAndReplayed) {
  // The customer does not exist yet: 404, recorded with the key.
  v1::Invoice out;
  grpc::Status refused = CreateInvoice("early", InvoiceFor("cus_later"), &out);
  ASSERT_EQ(ErrorReason(refused), "CUSTOMER_NOT_FOUND");

  v1::Customer later;
  later.set_id("cus_later");
  later.set_name("Later Ltd");
  later.set_email("ap@later.example");
  later.set_default_currency("USD");
  ASSERT_TRUE(client_.CreateCustomer(later, &later).ok());

  bool replayed = false;
  grpc::Status again = CreateInvoice("early", InvoiceFor("cus_later"), &out, &replayed);
  EXPECT_EQ(ErrorReason(again), "CUSTOMER_NOT_FOUND") << "the recorded answer, not a new try";
  EXPECT_EQ(again.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(replayed);
  EXPECT_EQ(InvoiceCount(), 0);
  EXPECT_TRUE(CreateInvoice("fresh", InvoiceFor("cus_later"), &out).ok());
}

TEST_P(IdempotencyTest, KeysAreScopedToTheAccount) {
  const std::string other = "Apikey " + server_.CreateApiKey("acct_other",
                                                             {std::begin(auth::kAllScopes),
                                                              std::end(auth::kAllScopes)});
  BillingClient other_client(server_.channel(), other);
  v1::Customer mine = client_.MustCreateCustomer();
  v1::Customer theirs = other_client.MustCreateCustomer();
  v1::Invoice a, b;
  ASSERT_TRUE(CreateInvoice("same-key", InvoiceFor(mine.id()), &a).ok());
  bool replayed = true;
  grpc::Status status = CreateInvoice("same-key", InvoiceFor(theirs.id()), &b, &replayed, other);
  ASSERT_TRUE(status.ok()) << "not IDEMPOTENCY_KEY_REUSED: " << status.error_message();
  EXPECT_FALSE(replayed);
  EXPECT_NE(a.id(), b.id());
}

TEST_P(IdempotencyTest, AMalformedKeyIsAValidationError) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice out;
  // gRPC itself refuses to send control characters; the gateway checks
  // those (gateway/conditional_test.go).
  grpc::Status too_long = CreateInvoice(std::string(256, 'k'), InvoiceFor(customer.id()), &out);
  EXPECT_EQ(too_long.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorReason(too_long), "VALIDATION_ERROR");
  Call empty(server_.authorization());
  empty.context.AddMetadata("idempotency-key", "");
  EXPECT_EQ(ErrorReason(invoices_->CreateInvoice(&empty.context, InvoiceFor(customer.id()), &out)),
            "VALIDATION_ERROR");
  EXPECT_TRUE(CreateInvoice(std::string(255, '~'), InvoiceFor(customer.id()), &out).ok());
  EXPECT_EQ(InvoiceCount(), 1);
}

TEST_P(IdempotencyTest, ConcurrentRequestsWithOneKeyWriteOnce) {
  v1::Customer customer = client_.MustCreateCustomer();
  constexpr int kCalls = 32;
  std::vector<grpc::Status> statuses(kCalls);
  std::vector<v1::Invoice> answers(kCalls);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCalls; ++i) {
    threads.emplace_back([&, i] {
      statuses[i] = CreateInvoice("burst", InvoiceFor(customer.id()), &answers[i]);
    });
  }
  for (std::thread& t : threads) t.join();
  std::string id;
  for (int i = 0; i < kCalls; ++i) {
    if (statuses[i].ok()) {
      if (id.empty()) id = answers[i].id();
      EXPECT_EQ(answers[i].id(), id) << "every success names the one invoice";
    } else {
      EXPECT_EQ(statuses[i].error_code(), grpc::StatusCode::ABORTED);
      EXPECT_EQ(ErrorReason(statuses[i]), "IDEMPOTENCY_KEY_IN_PROGRESS");
    }
  }
  EXPECT_THAT(id, Not(IsEmpty()));
  EXPECT_EQ(InvoiceCount(), 1);
}

TEST_P(IdempotencyTest, AKeyInProgressIsRefusedUntilItsRequestEnds) {
  v1::Customer customer = client_.MustCreateCustomer();
  app::Store& store = server_.server().store();
  app::CallContext ctx{.account_id = TestServer::kAccount,
                       .write = std::make_shared<app::WriteConditions>()};
  ctx.write->idempotency_key = "slow";
  ctx.write->fingerprint = "f";
  absl::Notification started, finish;
  std::thread slow([&] {
    EXPECT_TRUE(app::WriteOnce(store, ctx, [&](app::Transaction&) {
                  started.Notify();
                  finish.WaitForNotification();
                  return absl::OkStatus();
                }).ok());
  });
  // SQLite's one writer is now busy with the slow request: the second is
  // refused before it would wait for the writer.
  started.WaitForNotification();
  v1::Invoice out;
  grpc::Status busy = CreateInvoice("slow", InvoiceFor(customer.id()), &out);
  EXPECT_EQ(busy.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ErrorReason(busy), "IDEMPOTENCY_KEY_IN_PROGRESS");
  finish.Notify();
  slow.join();
  EXPECT_EQ(ErrorReason(CreateInvoice("slow", InvoiceFor(customer.id()), &out)),
            "IDEMPOTENCY_KEY_REUSED")
      << "once done, the key holds the first request's answer";
}

TEST_P(IdempotencyTest, AnotherReplicaHoldingTheKeyMakesItInProgress) {
  // The storage lock replicas share: while one transaction holds a key, no
  // other can take it; SQLite has one writer, so there it never contends.
  app::Store& store = server_.server().store();
  absl::Notification held, release;
  std::thread holder([&] {
    EXPECT_TRUE(store.Write([&](app::Transaction& tx) -> absl::Status {
      absl::StatusOr<bool> locked = tx.idempotency().Lock(TestServer::kAccount, "k");
      EXPECT_TRUE(locked.ok() && *locked);
      held.Notify();
      if (GetParam() == testing::Backend::kPostgres) release.WaitForNotification();
      return absl::OkStatus();
    }).ok());
  });
  held.WaitForNotification();
  if (GetParam() == testing::Backend::kPostgres) {
    ASSERT_TRUE(store.Write([&](app::Transaction& tx) -> absl::Status {
      absl::StatusOr<bool> other = tx.idempotency().Lock(TestServer::kAccount, "k");
      EXPECT_TRUE(other.ok() && !*other) << "held elsewhere: not taken, and no wait";
      absl::StatusOr<bool> other_account = tx.idempotency().Lock("acct_other", "k");
      EXPECT_TRUE(other_account.ok() && *other_account) << "another account's key is free";
      return absl::OkStatus();
    }).ok());
    release.Notify();
  }
  holder.join();
}

TEST_P(IdempotencyTest, PurgedKeysRunAgain) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice first, second;
  ASSERT_TRUE(CreateInvoice("old", InvoiceFor(customer.id()), &first).ok());
  absl::StatusOr<int64_t> kept =
      app::PurgeIdempotencyKeys(server_.server().store(), absl::Now() - absl::Hours(24));
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(*kept, 0) << "younger than the retention";
  absl::StatusOr<int64_t> purged = app::PurgeIdempotencyKeys(
      server_.server().store(), absl::Now() + absl::Seconds(1));
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  bool replayed = true;
  ASSERT_TRUE(CreateInvoice("old", InvoiceFor(customer.id()), &second, &replayed).ok());
  EXPECT_FALSE(replayed);
  EXPECT_NE(second.id(), first.id());
}

TEST_P(IdempotencyTest, AStaleEtagRefusesTheWriteAndWritesNothing) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice draft = client_.MustCreateInvoice(customer.id(), "10.00");
  ASSERT_THAT(draft.etag(), Not(IsEmpty()));
  v1::Invoice fetched;
  ASSERT_TRUE(client_.GetInvoice(draft.id(), &fetched).ok());
  EXPECT_EQ(fetched.etag(), draft.etag()) << "the same version reads the same";

  // Two writers read the same version; the first to write wins.
  v1::UpdateInvoiceRequest update;
  update.set_invoice_id(draft.id());
  update.mutable_invoice()->set_notes("first writer");
  update.mutable_invoice()->set_etag(draft.etag());
  update.mutable_update_mask()->add_paths("notes");
  v1::Invoice updated;
  {
    Call call(server_.authorization());
    ASSERT_TRUE(invoices_->UpdateInvoice(&call.context, update, &updated).ok());
  }
  EXPECT_NE(updated.etag(), draft.etag()) << "a change makes a new etag";

  update.mutable_invoice()->set_notes("second writer");
  Call call(server_.authorization());
  v1::Invoice out;
  grpc::Status stale = invoices_->UpdateInvoice(&call.context, update, &out);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(stale), "ETAG_MISMATCH");
  EXPECT_THAT(stale.error_message(), ::testing::HasSubstr(updated.etag()));

  v1::CancelInvoiceRequest cancel;
  cancel.set_invoice_id(draft.id());
  cancel.set_etag(draft.etag());
  Call cancel_call(server_.authorization());
  EXPECT_EQ(ErrorReason(invoices_->CancelInvoice(&cancel_call.context, cancel, &out)),
            "ETAG_MISMATCH");
  Call metadata_call(server_.authorization(), "", "\"" + draft.etag() + "\"");
  EXPECT_EQ(ErrorReason(invoices_->CancelInvoice(&metadata_call.context, cancel, &out)),
            "ETAG_MISMATCH")
      << "if-match metadata (the REST gateway's If-Match) checks the same way";

  ASSERT_TRUE(client_.GetInvoice(draft.id(), &out).ok());
  EXPECT_EQ(out.notes(), "first writer");
  EXPECT_EQ(out.status(), v1::INVOICE_STATUS_DRAFT);
  EXPECT_EQ(out.etag(), updated.etag());

  cancel.set_etag(updated.etag());
  Call current(server_.authorization());
  ASSERT_TRUE(invoices_->CancelInvoice(&current.context, cancel, &out).ok());
  EXPECT_EQ(out.status(), v1::INVOICE_STATUS_CANCELLED);
}

TEST_P(IdempotencyTest, CustomerEtagsGuardUpdateAndDelete) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::DeleteCustomerRequest del;
  del.set_customer_id(customer.id());
  del.set_etag("not-the-etag");
  google::protobuf::Empty empty;
  Call stale(server_.authorization());
  EXPECT_EQ(ErrorReason(customers_->DeleteCustomer(&stale.context, del, &empty)),
            "ETAG_MISMATCH");
  v1::Customer out;
  ASSERT_TRUE(client_.GetCustomer(customer.id(), &out).ok()) << "not deleted";
  del.set_etag(customer.etag());
  Call current(server_.authorization());
  EXPECT_TRUE(customers_->DeleteCustomer(&current.context, del, &empty).ok());
}

TEST(IdempotencyPurgeTest, TheServerPurgesExpiredKeysInTheBackground) {
  server::ServerOptions options;
  options.idempotency_key_retention = absl::ZeroDuration();
  options.idempotency_purge_interval = absl::Milliseconds(20);
  TestServer server(options);
  BillingClient client(server.channel(), server.authorization());
  v1::Customer customer = client.MustCreateCustomer();
  auto invoices = v1::InvoiceService::NewStub(server.channel());
  v1::CreateInvoiceRequest request;
  request.mutable_invoice()->set_customer_id(customer.id());
  request.mutable_invoice()->set_amount("10.00");
  request.mutable_invoice()->set_due_date("2026-12-31");
  v1::Invoice first;
  {
    Call call(server.authorization(), "expires");
    ASSERT_TRUE(invoices->CreateInvoice(&call.context, request, &first).ok());
  }
  // Expired at once; gone within a few purge rounds.
  bool recorded = true;
  for (int i = 0; i < 250 && recorded; ++i) {
    absl::SleepFor(absl::Milliseconds(20));
    ASSERT_TRUE(server.server().store().Read([&](app::Transaction& tx) -> absl::Status {
      absl::StatusOr<std::optional<app::IdempotencyRecord>> found =
          tx.idempotency().Find(TestServer::kAccount, "expires");
      if (!found.ok()) return found.status();
      recorded = found->has_value();
      return absl::OkStatus();
    }).ok());
  }
  EXPECT_FALSE(recorded) << "still recorded after 5 s";
}

INSTANTIATE_TEST_SUITE_P(Backends, IdempotencyTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
