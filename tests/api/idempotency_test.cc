// Safe retries over gRPC, on SQLite and PostgreSQL: idempotency keys (a
// retry gets the first answer and writes nothing; a reused key, one still
// in progress and a malformed one are refused), their scoping, retention
// and purge; and etags (a stale one refuses the write and writes nothing);
// for every keyed write: invoices, customers, payments, credit notes,
// webhook endpoints, redelivery.
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
#include "billing/v1/credit_note.grpc.pb.h"
#include "billing/v1/customer.grpc.pb.h"
#include "billing/v1/event.grpc.pb.h"
#include "billing/v1/invoice.grpc.pb.h"
#include "billing/v1/payment.grpc.pb.h"
#include "billing/v1/revenue.grpc.pb.h"
#include "billing/v1/webhook.grpc.pb.h"
#include "domain/webhook.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
#include "tests/support/call_metadata.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::Call;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::testing::IsEmpty;
using ::testing::Not;

// Webhook endpoints on loopback (never reached: no dispatcher runs).
server::ServerOptions TestOptions() {
  server::ServerOptions options;
  options.webhooks_allow_private_networks = true;
  options.run_webhook_dispatcher = false;
  return options;
}

class IdempotencyTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  v1::CreateInvoiceRequest InvoiceFor(const std::string& customer_id,
                                      const std::string& notes = "") {
    v1::CreateInvoiceRequest request;
    request.mutable_invoice()->set_customer_id(customer_id);
    request.mutable_invoice()->set_amount("10.00");
    request.mutable_invoice()->set_due_date("2099-12-31");
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

  grpc::Status Pay(const std::string& key, const std::string& invoice_id,
                   const std::string& amount, const std::string& etag, v1::Payment* out,
                   bool* replayed = nullptr) {
    v1::CreatePaymentRequest request;
    request.set_invoice_id(invoice_id);
    request.mutable_payment()->set_amount(amount);
    request.mutable_payment()->set_method("bank_transfer");
    request.set_etag(etag);
    Call call(server_.authorization(), key);
    grpc::Status status = payments_->CreatePayment(&call.context, request, out);
    if (replayed != nullptr) *replayed = call.replayed();
    return status;
  }

  grpc::Status Credit(const std::string& key, const std::string& invoice_id,
                      const std::string& amount, const std::string& etag, v1::CreditNote* out,
                      bool* replayed = nullptr) {
    v1::CreateCreditNoteRequest request;
    request.set_invoice_id(invoice_id);
    request.mutable_credit_note()->set_amount(amount);
    request.mutable_credit_note()->set_reason("order_change");
    request.set_etag(etag);
    Call call(server_.authorization(), key);
    grpc::Status status = credit_notes_->CreateCreditNote(&call.context, request, out);
    if (replayed != nullptr) *replayed = call.replayed();
    return status;
  }

  v1::Invoice InvoiceNamed(const std::string& id) {
    v1::Invoice invoice;
    EXPECT_TRUE(client_.GetInvoice(id, &invoice).ok());
    return invoice;
  }

  int64_t PaymentCount(const std::string& invoice_id) {
    v1::ListPaymentsRequest request;
    request.set_invoice_id(invoice_id);
    v1::ListPaymentsResponse list;
    Call call(server_.authorization());
    EXPECT_TRUE(payments_->ListPayments(&call.context, request, &list).ok());
    return list.total_items();
  }

  // How many events of `type` the account has.
  int64_t EventCount(const std::string& type) {
    v1::ListEventsRequest request;
    request.set_type(type);
    v1::ListEventsResponse list;
    Call call(server_.authorization());
    EXPECT_TRUE(events_->ListEvents(&call.context, request, &list).ok());
    return list.total_items();
  }

  int64_t CreditNoteCount(const std::string& invoice_id) {
    v1::ListCreditNotesRequest request;
    request.set_invoice_id(invoice_id);
    v1::ListCreditNotesResponse list;
    Call call(server_.authorization());
    EXPECT_TRUE(credit_notes_->ListCreditNotes(&call.context, request, &list).ok());
    return list.total_items();
  }

  v1::CreateWebhookEndpointRequest EndpointFor(const std::string& description) {
    v1::CreateWebhookEndpointRequest request;
    request.mutable_webhook_endpoint()->set_url("http://127.0.0.1:9/hook");
    request.mutable_webhook_endpoint()->add_event_types("*");
    request.mutable_webhook_endpoint()->set_description(description);
    return request;
  }

  grpc::Status CreateEndpoint(const std::string& key,
                              const v1::CreateWebhookEndpointRequest& request,
                              v1::WebhookEndpoint* out, bool* replayed = nullptr) {
    Call call(server_.authorization(), key);
    grpc::Status status = webhooks_->CreateWebhookEndpoint(&call.context, request, out);
    if (replayed != nullptr) *replayed = call.replayed();
    return status;
  }

  v1::WebhookEndpoint MustCreateEndpoint(const std::string& description = "ERP") {
    v1::WebhookEndpoint out;
    grpc::Status status = CreateEndpoint("", EndpointFor(description), &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status UpdateDescription(const std::string& key, const std::string& id,
                                 const std::string& description, const std::string& etag,
                                 v1::WebhookEndpoint* out, bool* replayed = nullptr) {
    v1::UpdateWebhookEndpointRequest request;
    request.set_webhook_endpoint_id(id);
    request.mutable_webhook_endpoint()->set_description(description);
    request.mutable_webhook_endpoint()->set_etag(etag);
    request.mutable_update_mask()->add_paths("description");
    Call call(server_.authorization(), key);
    grpc::Status status = webhooks_->UpdateWebhookEndpoint(&call.context, request, out);
    if (replayed != nullptr) *replayed = call.replayed();
    return status;
  }

  grpc::Status RotateSecret(const std::string& key, const std::string& id,
                            const std::string& etag, v1::WebhookEndpoint* out,
                            bool* replayed = nullptr) {
    v1::RotateWebhookEndpointSecretRequest request;
    request.set_webhook_endpoint_id(id);
    request.set_etag(etag);
    Call call(server_.authorization(), key);
    grpc::Status status = webhooks_->RotateWebhookEndpointSecret(&call.context, request, out);
    if (replayed != nullptr) *replayed = call.replayed();
    return status;
  }

  grpc::Status DeleteEndpoint(const std::string& key, const std::string& id,
                              const std::string& etag, bool* replayed = nullptr) {
    v1::DeleteWebhookEndpointRequest request;
    request.set_webhook_endpoint_id(id);
    request.set_etag(etag);
    Call call(server_.authorization(), key);
    google::protobuf::Empty empty;
    grpc::Status status = webhooks_->DeleteWebhookEndpoint(&call.context, request, &empty);
    if (replayed != nullptr) *replayed = call.replayed();
    return status;
  }

  int64_t EndpointCount() {
    v1::ListWebhookEndpointsResponse list;
    Call call(server_.authorization());
    EXPECT_TRUE(webhooks_->ListWebhookEndpoints(&call.context, {}, &list).ok());
    return list.total_items();
  }

  // As stored, secrets included (the API never shows a stored one again).
  domain::WebhookEndpoint StoredEndpoint(const std::string& id) {
    domain::WebhookEndpoint endpoint;
    EXPECT_TRUE(server_.server().store().Read([&](app::Transaction& tx) -> absl::Status {
      absl::StatusOr<domain::WebhookEndpoint> found =
          tx.webhooks().GetEndpoint(TestServer::kAccount, id);
      if (!found.ok()) return found.status();
      endpoint = *std::move(found);
      return absl::OkStatus();
    }).ok());
    return endpoint;
  }

  int64_t DeliveryCount(const std::string& endpoint_id) {
    v1::ListWebhookDeliveriesRequest request;
    request.set_webhook_endpoint_id(endpoint_id);
    v1::ListWebhookDeliveriesResponse list;
    Call call(server_.authorization());
    EXPECT_TRUE(webhooks_->ListWebhookDeliveries(&call.context, request, &list).ok());
    return list.total_items();
  }

  TestServer server_{GetParam(), TestOptions()};
  BillingClient client_{server_.channel(), server_.authorization()};
  std::unique_ptr<v1::InvoiceService::Stub> invoices_ =
      v1::InvoiceService::NewStub(server_.channel());
  std::unique_ptr<v1::CustomerService::Stub> customers_ =
      v1::CustomerService::NewStub(server_.channel());
  std::unique_ptr<v1::WebhookEndpointService::Stub> webhooks_ =
      v1::WebhookEndpointService::NewStub(server_.channel());
  std::unique_ptr<v1::EventService::Stub> events_ = v1::EventService::NewStub(server_.channel());
  std::unique_ptr<v1::PaymentService::Stub> payments_ =
      v1::PaymentService::NewStub(server_.channel());
  std::unique_ptr<v1::CreditNoteService::Stub> credit_notes_ =
      v1::CreditNoteService::NewStub(server_.channel());
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

TEST_P(IdempotencyTest, APaymentRetriedWithItsKeyIsBookedOnce) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice invoice = client_.MustCreatePendingInvoice(customer.id(), "100.00");
  v1::Payment first, again, out;
  bool replayed = false;
  ASSERT_TRUE(Pay("pay-1", invoice.id(), "40.00", "", &first).ok());
  ASSERT_TRUE(Pay("pay-1", invoice.id(), "40.00", "", &again, &replayed).ok());
  EXPECT_TRUE(replayed);
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_THAT(first.etag(), Not(IsEmpty()));
  EXPECT_EQ(PaymentCount(invoice.id()), 1) << "not a duplicate payment";
  EXPECT_EQ(EventCount("payment.created"), 1) << "nor a second event";
  EXPECT_EQ(InvoiceNamed(invoice.id()).amount_due(), "60.00");

  grpc::Status other = Pay("pay-1", invoice.id(), "50.00", "", &out);
  EXPECT_EQ(other.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(other), "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(PaymentCount(invoice.id()), 1);
  EXPECT_EQ(InvoiceNamed(invoice.id()).amount_due(), "60.00");
}

TEST_P(IdempotencyTest, APaymentAgainstAStaleInvoiceEtagBooksNothing) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice before = client_.MustCreatePendingInvoice(customer.id(), "100.00");
  v1::Payment paid, out;
  ASSERT_TRUE(Pay("", before.id(), "40.00", before.etag(), &paid).ok());
  // Read before the first payment: the second may be a mistaken repeat.
  grpc::Status stale = Pay("", before.id(), "40.00", before.etag(), &out);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(stale), "ETAG_MISMATCH");
  Call metadata_call(server_.authorization(), "", "\"" + before.etag() + "\"");
  v1::CreatePaymentRequest request;
  request.set_invoice_id(before.id());
  request.mutable_payment()->set_amount("40.00");
  request.mutable_payment()->set_method("card");
  EXPECT_EQ(ErrorReason(payments_->CreatePayment(&metadata_call.context, request, &out)),
            "ETAG_MISMATCH")
      << "if-match metadata checks the same way";
  EXPECT_EQ(PaymentCount(before.id()), 1);
  v1::Invoice now = InvoiceNamed(before.id());
  EXPECT_EQ(now.amount_due(), "60.00");
  EXPECT_TRUE(Pay("", before.id(), "60.00", now.etag(), &out).ok());
  EXPECT_EQ(InvoiceNamed(before.id()).status(), v1::INVOICE_STATUS_PAID);
}

// Issue 18 item 3: a refused precondition (ETAG_MISMATCH, REST 412) says
// nothing was attempted, so it is not kept with the key, like a 503: the
// retry with the current ETag and the same key runs. Once it has, the key
// holds that answer, whatever If-Match a later retry names: If-Match is a
// condition on the write, not part of it (as over REST, where it is a header).
TEST_P(IdempotencyTest, AStaleEtagIsNotKeptSoTheRetryWithTheCurrentOneRuns) {
  v1::Customer customer = client_.MustCreateCustomer();
  const v1::Invoice invoice = client_.MustCreatePendingInvoice(customer.id(), "100.00");
  v1::Payment refused, first, again;
  bool replayed = true;
  grpc::Status stale = Pay("pay-k", invoice.id(), "40.00", "0000", &refused, &replayed);
  EXPECT_EQ(ErrorReason(stale), "ETAG_MISMATCH");
  EXPECT_FALSE(replayed);
  grpc::Status current = Pay("pay-k", invoice.id(), "40.00", invoice.etag(), &first, &replayed);
  ASSERT_TRUE(current.ok()) << "the key is not dead: " << current.error_message();
  EXPECT_FALSE(replayed) << "it ran; the 412 was not replayed";
  EXPECT_EQ(PaymentCount(invoice.id()), 1);
  EXPECT_EQ(InvoiceNamed(invoice.id()).amount_due(), "60.00");

  // A client that lost the answer reads the invoice again and retries.
  const std::string reread = InvoiceNamed(invoice.id()).etag();
  grpc::Status retried = Pay("pay-k", invoice.id(), "40.00", reread, &again, &replayed);
  ASSERT_TRUE(retried.ok()) << "not IDEMPOTENCY_KEY_REUSED: " << retried.error_message();
  EXPECT_TRUE(replayed) << "the booked payment's answer";
  EXPECT_EQ(again.id(), first.id());
  EXPECT_EQ(PaymentCount(invoice.id()), 1);

  // The same through if-match metadata (the REST gateway's If-Match), on an action.
  v1::CancelInvoiceRequest cancel;
  cancel.set_invoice_id(client_.MustCreatePendingInvoice(customer.id(), "5.00").id());
  v1::Invoice out;
  {
    Call call(server_.authorization(), "cancel-k", "\"0000\"");
    EXPECT_EQ(ErrorReason(invoices_->CancelInvoice(&call.context, cancel, &out)),
              "ETAG_MISMATCH");
  }
  const v1::Invoice pending = InvoiceNamed(cancel.invoice_id());
  Call call(server_.authorization(), "cancel-k", "\"" + pending.etag() + "\"");
  grpc::Status cancelled = invoices_->CancelInvoice(&call.context, cancel, &out);
  ASSERT_TRUE(cancelled.ok()) << cancelled.error_message();
  EXPECT_FALSE(call.replayed());
  EXPECT_EQ(out.status(), v1::INVOICE_STATUS_CANCELLED);
}

TEST_P(IdempotencyTest, ACreditNoteRetriedWithItsKeyIsIssuedOnceAndUsesOneNumber) {
  v1::Customer customer = client_.MustCreateCustomer();
  v1::Invoice invoice = client_.MustCreatePendingInvoice(customer.id(), "100.00");
  v1::CreditNote first, again, out;
  bool replayed = false;
  ASSERT_TRUE(Credit("cn-1", invoice.id(), "10.00", "", &first).ok());
  ASSERT_TRUE(Credit("cn-1", invoice.id(), "10.00", "", &again, &replayed).ok());
  EXPECT_TRUE(replayed);
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(first.number(), "CN-000001");
  EXPECT_EQ(CreditNoteCount(invoice.id()), 1);
  EXPECT_EQ(EventCount("credit_note.created"), 1) << "no second event";
  EXPECT_EQ(InvoiceNamed(invoice.id()).amount_due(), "90.00");

  EXPECT_EQ(ErrorReason(Credit("cn-1", invoice.id(), "20.00", "", &out)),
            "IDEMPOTENCY_KEY_REUSED");
  v1::Invoice current = InvoiceNamed(invoice.id());
  EXPECT_EQ(current.amount_due(), "90.00");

  grpc::Status stale = Credit("", invoice.id(), "5.00", invoice.etag(), &out);
  EXPECT_EQ(ErrorReason(stale), "ETAG_MISMATCH");
  EXPECT_THAT(stale.error_message(), ::testing::HasSubstr(current.etag()));
  EXPECT_EQ(CreditNoteCount(invoice.id()), 1);
  EXPECT_EQ(InvoiceNamed(invoice.id()).amount_due(), "90.00");

  ASSERT_TRUE(Credit("cn-2", invoice.id(), "5.00", current.etag(), &out).ok());
  EXPECT_EQ(out.number(), "CN-000002") << "neither the replay nor a refusal used up a number";
}

TEST_P(IdempotencyTest, AWebhookEndpointCreateRetriedGetsTheSameSecretAndCreatesOne) {
  v1::WebhookEndpoint first, again, out;
  bool replayed = false;
  ASSERT_TRUE(CreateEndpoint("we-1", EndpointFor("ERP"), &first).ok());
  ASSERT_THAT(first.secret(), Not(IsEmpty()));
  ASSERT_TRUE(CreateEndpoint("we-1", EndpointFor("ERP"), &again, &replayed).ok());
  EXPECT_TRUE(replayed);
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString())
      << "the same endpoint and the one secret that signs for it";
  EXPECT_EQ(StoredEndpoint(first.id()).secret, first.secret());

  grpc::Status other = CreateEndpoint("we-1", EndpointFor("CRM"), &out);
  EXPECT_EQ(other.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(other), "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(EndpointCount(), 1);
}

TEST_P(IdempotencyTest, WebhookEndpointUpdateRotateAndDeleteActOncePerKey) {
  v1::WebhookEndpoint created = MustCreateEndpoint();
  v1::WebhookEndpoint first, again, out;
  bool replayed = false;
  ASSERT_TRUE(UpdateDescription("upd", created.id(), "ERP v2", "", &first).ok());
  ASSERT_TRUE(UpdateDescription("upd", created.id(), "ERP v2", "", &again, &replayed).ok());
  EXPECT_TRUE(replayed);
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_THAT(first.secret(), IsEmpty()) << "an update neither shows nor records the secret";
  EXPECT_EQ(ErrorReason(UpdateDescription("upd", created.id(), "ERP v3", "", &out)),
            "IDEMPOTENCY_KEY_REUSED");

  v1::WebhookEndpoint rotated, rotated_again;
  ASSERT_TRUE(RotateSecret("rot", created.id(), "", &rotated).ok());
  ASSERT_TRUE(RotateSecret("rot", created.id(), "", &rotated_again, &replayed).ok());
  EXPECT_TRUE(replayed);
  EXPECT_EQ(rotated_again.secret(), rotated.secret()) << "the one new secret";
  domain::WebhookEndpoint stored = StoredEndpoint(created.id());
  EXPECT_EQ(stored.secret, rotated.secret());
  EXPECT_EQ(stored.previous_secret, created.secret()) << "rotated once, not twice";
  EXPECT_EQ(stored.description, "ERP v2");

  v1::WebhookEndpoint other = MustCreateEndpoint("other");
  ASSERT_TRUE(DeleteEndpoint("del", created.id(), "").ok());
  grpc::Status deleted_again = DeleteEndpoint("del", created.id(), "", &replayed);
  EXPECT_TRUE(deleted_again.ok()) << "not NOT_FOUND: " << deleted_again.error_message();
  EXPECT_TRUE(replayed);
  EXPECT_EQ(ErrorReason(DeleteEndpoint("del", other.id(), "")), "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(EndpointCount(), 1) << "the other endpoint is still there";
}

TEST_P(IdempotencyTest, AStaleWebhookEndpointEtagRefusesEveryWriteAndWritesNothing) {
  v1::WebhookEndpoint created = MustCreateEndpoint();
  v1::WebhookEndpoint fetched, updated, out;
  {
    v1::GetWebhookEndpointRequest get;
    get.set_webhook_endpoint_id(created.id());
    Call call(server_.authorization());
    ASSERT_TRUE(webhooks_->GetWebhookEndpoint(&call.context, get, &fetched).ok());
  }
  ASSERT_THAT(created.etag(), Not(IsEmpty()));
  EXPECT_EQ(fetched.etag(), created.etag()) << "the secret in the answer is not in the etag";

  ASSERT_TRUE(UpdateDescription("", created.id(), "first writer", created.etag(), &updated).ok());
  EXPECT_NE(updated.etag(), created.etag());

  grpc::Status stale = UpdateDescription("", created.id(), "second writer", created.etag(), &out);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(stale), "ETAG_MISMATCH");
  EXPECT_THAT(stale.error_message(), ::testing::HasSubstr(updated.etag()));
  EXPECT_EQ(ErrorReason(RotateSecret("", created.id(), created.etag(), &out)), "ETAG_MISMATCH");
  EXPECT_EQ(ErrorReason(DeleteEndpoint("", created.id(), created.etag())), "ETAG_MISMATCH");
  {
    v1::DeleteWebhookEndpointRequest del;
    del.set_webhook_endpoint_id(created.id());
    Call call(server_.authorization(), "", "\"" + created.etag() + "\"");
    google::protobuf::Empty empty;
    EXPECT_EQ(ErrorReason(webhooks_->DeleteWebhookEndpoint(&call.context, del, &empty)),
              "ETAG_MISMATCH")
        << "if-match metadata checks the same way";
  }

  domain::WebhookEndpoint stored = StoredEndpoint(created.id());
  EXPECT_EQ(stored.description, "first writer");
  EXPECT_EQ(stored.secret, created.secret()) << "not rotated";
  EXPECT_THAT(stored.previous_secret, IsEmpty());
  EXPECT_EQ(EndpointCount(), 1) << "not deleted";

  ASSERT_TRUE(RotateSecret("", created.id(), updated.etag(), &out).ok());
  EXPECT_TRUE(DeleteEndpoint("", created.id(), out.etag()).ok());
  EXPECT_EQ(EndpointCount(), 0);
}

TEST_P(IdempotencyTest, ARedeliveryRetriedWithItsKeyQueuesOnce) {
  v1::WebhookEndpoint endpoint = MustCreateEndpoint();
  client_.MustCreateCustomer();  // customer.created, queued to the endpoint
  client_.MustCreateCustomer();
  v1::ListEventsResponse events;
  {
    Call call(server_.authorization());
    ASSERT_TRUE(events_->ListEvents(&call.context, {}, &events).ok());
  }
  ASSERT_EQ(events.events_size(), 2);
  ASSERT_EQ(DeliveryCount(endpoint.id()), 2);

  v1::RedeliverEventRequest request;
  request.set_event_id(events.events(0).id());
  v1::RedeliverEventResponse first, again, out;
  {
    Call call(server_.authorization(), "redeliver-1");
    ASSERT_TRUE(events_->RedeliverEvent(&call.context, request, &first).ok());
  }
  EXPECT_EQ(first.queued_deliveries(), 1);
  Call retry(server_.authorization(), "redeliver-1");
  ASSERT_TRUE(events_->RedeliverEvent(&retry.context, request, &again).ok());
  EXPECT_TRUE(retry.replayed());
  // Equals: the event's data is a Struct, whose map has no fixed byte order.
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(again, first));
  EXPECT_EQ(DeliveryCount(endpoint.id()), 3) << "queued once more, not twice";

  request.set_event_id(events.events(1).id());
  Call other(server_.authorization(), "redeliver-1");
  EXPECT_EQ(ErrorReason(events_->RedeliverEvent(&other.context, request, &out)),
            "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(DeliveryCount(endpoint.id()), 3);
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
  request.mutable_invoice()->set_due_date("2099-12-31");
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
