// EventService: every state change records one event in its transaction,
// with the resource as the REST API shows it (payments and credit notes
// included); listing newest first with filters, one account's events only,
// an etag on each, and the purge of old ones.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/time/clock.h"
#include "api/rest_json.h"
#include "app/events.h"
#include "billing/v1/event.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::billing::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::StartsWith;

// Calls EventService with one credential.
class EventsClient {
 public:
  EventsClient(const TestServer& server, std::string authorization)
      : stub_(v1::EventService::NewStub(server.channel())),
        authorization_(std::move(authorization)) {}

  grpc::Status List(const v1::ListEventsRequest& request, v1::ListEventsResponse* out) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", authorization_);
    return stub_->ListEvents(&context, request, out);
  }
  grpc::Status Get(const std::string& id, v1::Event* out) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", authorization_);
    v1::GetEventRequest request;
    request.set_event_id(id);
    return stub_->GetEvent(&context, request, out);
  }
  // Every event (up to 100) matching the filters, newest first.
  std::vector<v1::Event> All(const std::string& type = "", const std::string& resource_id = "") {
    v1::ListEventsRequest request;
    request.set_page_size(100);
    request.set_type(type);
    request.set_resource_id(resource_id);
    v1::ListEventsResponse response;
    const grpc::Status status = List(request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.events().begin(), response.events().end()};
  }

 private:
  std::unique_ptr<v1::EventService::Stub> stub_;
  std::string authorization_;
};

std::vector<std::string> TypesOf(const std::vector<v1::Event>& events) {
  std::vector<std::string> types;
  for (const v1::Event& event : events) types.push_back(event.type());
  return types;
}

const google::protobuf::Value& Field(const v1::Event& event, const std::string& name) {
  static const google::protobuf::Value kMissing;
  auto it = event.data().fields().find(name);
  return it == event.data().fields().end() ? kMissing : it->second;
}

class EventServiceTestOnBothBackends : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(EventServiceTestOnBothBackends, EveryInvoiceChangeIsAnEventNewestFirst) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  EventsClient events(server, server.authorization());
  v1::Customer customer = client.MustCreateCustomer("USD");
  v1::Invoice draft = client.MustCreateInvoice(customer.id(), "125.50");
  v1::Invoice edited;
  v1::Invoice change;
  change.set_notes("net 30");
  ASSERT_TRUE(client.UpdateInvoice(draft.id(), change, {"notes"}, &edited).ok());
  v1::Invoice processed;
  ASSERT_TRUE(client.ProcessInvoice(draft.id(), &processed).ok());
  v1::Invoice paid;
  v1::Invoice pay;
  pay.set_status(v1::INVOICE_STATUS_PAID);
  ASSERT_TRUE(client.UpdateInvoice(draft.id(), pay, {"status"}, &paid).ok()) ;

  // Paying by PATCH books a payment of the whole amount due: its own event,
  // then the invoice's move to paid, in that one transaction. Processing and
  // the payment move the customer's balance: customer.updated in each.
  EXPECT_THAT(TypesOf(events.All()),
              ElementsAre("invoice.paid", "payment.created", "customer.updated",
                          "invoice.processed", "customer.updated", "invoice.updated",
                          "invoice.created", "customer.created"));
  std::vector<v1::Event> processed_events = events.All("invoice.processed");
  ASSERT_EQ(processed_events.size(), 1u);
  const v1::Event& event = processed_events[0];
  EXPECT_THAT(event.id(), StartsWith("evt_"));
  EXPECT_EQ(event.resource_id(), draft.id());
  EXPECT_TRUE(event.has_create_time());
  // The invoice right after processing, in the REST API's JSON: camelCase
  // names, the status as its word, money as a decimal string.
  EXPECT_EQ(Field(event, "id").string_value(), draft.id());
  EXPECT_EQ(Field(event, "customerId").string_value(), customer.id());
  EXPECT_EQ(Field(event, "status").string_value(), "pending");
  EXPECT_EQ(Field(event, "amount").string_value(), "125.50");
  EXPECT_EQ(Field(event, "notes").string_value(), "net 30");
  EXPECT_TRUE(Field(event, "processTime").has_string_value());
  EXPECT_TRUE(Field(event, "payTime").has_null_value());

  // By resource: the customer's own event is not among the invoice's.
  EXPECT_EQ(events.All("", draft.id()).size(), 4u);
  EXPECT_THAT(TypesOf(events.All("", customer.id())),
              ElementsAre("customer.updated", "customer.updated", "customer.created"));

  v1::Event fetched;
  ASSERT_TRUE(events.Get(event.id(), &fetched).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(fetched, event))
      << fetched.DebugString() << event.DebugString();
}

v1::Payment PaymentOf(const std::string& amount) {
  v1::Payment payment;
  payment.set_amount(amount);
  payment.set_method("bank_transfer");
  payment.set_reference("SEPA-88");
  return payment;
}

v1::CreditNote CreditOf(const std::string& amount) {
  v1::CreditNote note;
  note.set_amount(amount);
  note.set_reason("order_change");
  note.set_memo("two seats fewer");
  return note;
}

// After a payment or credit note that leaves nothing due, the newest two
// events: invoice.paid with the invoice as paid, recorded after the
// document's own `document_type` event, in the same transaction.
void ExpectSettledBy(EventsClient& events, const std::string& document_type,
                     const std::string& document_id, const std::string& invoice_id) {
  std::vector<v1::Event> newest = events.All();
  ASSERT_GE(newest.size(), 2u);
  EXPECT_EQ(newest[0].type(), "invoice.paid");
  EXPECT_EQ(newest[0].resource_id(), invoice_id);
  EXPECT_EQ(Field(newest[0], "status").string_value(), "paid");
  EXPECT_EQ(Field(newest[0], "amountDue").string_value(), "0.00");
  EXPECT_EQ(newest[1].type(), document_type);
  EXPECT_EQ(newest[1].resource_id(), document_id);
}

// invoice.created's data is built straight from the invoice (not from its
// serialized bytes): still exactly the invoice the call answered, every field
// and its ETag, as the REST API shows it.
TEST_P(EventServiceTestOnBothBackends, InvoiceCreatedCarriesTheAnsweredInvoice) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  EventsClient events(server, server.authorization());
  v1::Customer customer = client.MustCreateCustomer("USD");
  v1::Invoice created = client.MustCreateInvoice(customer.id(), "125.50");
  std::vector<v1::Event> created_events = events.All("invoice.created");
  ASSERT_EQ(created_events.size(), 1u);
  google::protobuf::Struct want;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(api::ToRestJson(created), &want).ok());
  EXPECT_FALSE(created.etag().empty());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(created_events[0].data(), want))
      << created_events[0].data().DebugString() << want.DebugString();
}

TEST_P(EventServiceTestOnBothBackends, APaymentIsOneEventWithThePaymentAsData) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  EventsClient events(server, server.authorization());
  v1::Customer customer = client.MustCreateCustomer("USD");
  v1::Invoice invoice = client.MustCreatePendingInvoice(customer.id(), "100.00");
  const size_t before = events.All().size();

  v1::Payment payment;
  ASSERT_TRUE(client.CreatePayment(invoice.id(), PaymentOf("40.00"), &payment).ok());
  std::vector<v1::Event> created = events.All("payment.created");
  ASSERT_EQ(created.size(), 1u);
  const v1::Event& event = created[0];
  EXPECT_EQ(event.resource_id(), payment.id());
  // The payment as the REST API returned it (the same version: its etag).
  EXPECT_EQ(Field(event, "id").string_value(), payment.id());
  EXPECT_EQ(Field(event, "invoiceId").string_value(), invoice.id());
  EXPECT_EQ(Field(event, "customerId").string_value(), customer.id());
  EXPECT_EQ(Field(event, "amount").string_value(), "40.00");
  EXPECT_EQ(Field(event, "currency").string_value(), "USD");
  EXPECT_EQ(Field(event, "method").string_value(), "bank_transfer");
  EXPECT_EQ(Field(event, "reference").string_value(), "SEPA-88");
  EXPECT_EQ(Field(event, "receivedDate").string_value(), payment.received_date());
  EXPECT_EQ(Field(event, "etag").string_value(), payment.etag());
  // A partial payment: the invoice stays pending with new amounts, which
  // is invoice.updated (a subscriber mirroring invoices sees amountDue).
  std::vector<v1::Event> updated = events.All("invoice.updated");
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(updated[0].resource_id(), invoice.id());
  EXPECT_EQ(Field(updated[0], "amountDue").string_value(), "60.00");
  EXPECT_EQ(Field(updated[0], "status").string_value(), "pending");
  EXPECT_EQ(events.All().size(), before + 3);  // and customer.updated
  EXPECT_TRUE(events.All("invoice.paid").empty());

  // Refused (over the amount due, or not payable): no event.
  v1::Payment out;
  EXPECT_EQ(ErrorReason(client.CreatePayment(invoice.id(), PaymentOf("60.01"), &out)),
            "PAYMENT_EXCEEDS_AMOUNT_DUE");
  v1::Invoice draft = client.MustCreateInvoice(customer.id(), "10.00");
  EXPECT_EQ(ErrorReason(client.CreatePayment(draft.id(), PaymentOf("1.00"), &out)),
            "INVOICE_NOT_PAYABLE");
  EXPECT_EQ(events.All("payment.created").size(), 1u);
  EXPECT_EQ(events.All().size(), before + 4);  // the draft's invoice.created

  // The payment that settles it: payment.created, then invoice.paid with the
  // invoice as paid, in that transaction; no second invoice.updated.
  v1::Payment last;
  ASSERT_TRUE(client.CreatePayment(invoice.id(), PaymentOf("60.00"), &last).ok());
  EXPECT_THAT(TypesOf(events.All("", invoice.id())),
              ElementsAre("invoice.paid", "invoice.updated", "invoice.processed",
                          "invoice.created"));
  ExpectSettledBy(events, "payment.created", last.id(), invoice.id());
  const v1::Event paid = events.All("invoice.paid")[0];
  EXPECT_EQ(Field(paid, "amountPaid").string_value(), "100.00");
  EXPECT_TRUE(Field(paid, "payTime").has_string_value());
  EXPECT_EQ(events.All().size(), before + 7);
  EXPECT_EQ(events.All("invoice.updated").size(), 1u);
}

TEST_P(EventServiceTestOnBothBackends, ACreditNoteIsOneEventWithTheNoteAsData) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  EventsClient events(server, server.authorization());
  v1::Customer customer = client.MustCreateCustomer("USD");
  v1::Invoice invoice = client.MustCreatePendingInvoice(customer.id(), "100.00");
  const size_t before = events.All().size();

  v1::CreditNote note;
  ASSERT_TRUE(client.CreateCreditNote(invoice.id(), CreditOf("30.00"), &note).ok());
  std::vector<v1::Event> created = events.All("credit_note.created");
  ASSERT_EQ(created.size(), 1u);
  const v1::Event& event = created[0];
  EXPECT_EQ(event.resource_id(), note.id());
  EXPECT_EQ(Field(event, "id").string_value(), note.id());
  EXPECT_EQ(Field(event, "number").string_value(), note.number());
  EXPECT_EQ(Field(event, "invoiceId").string_value(), invoice.id());
  EXPECT_EQ(Field(event, "customerId").string_value(), customer.id());
  EXPECT_EQ(Field(event, "amount").string_value(), "30.00");
  EXPECT_EQ(Field(event, "reason").string_value(), "order_change");
  EXPECT_EQ(Field(event, "memo").string_value(), "two seats fewer");
  EXPECT_EQ(Field(event, "etag").string_value(), note.etag());
  // And the invoice's new amounts.
  ASSERT_EQ(events.All("invoice.updated").size(), 1u);
  EXPECT_EQ(Field(events.All("invoice.updated")[0], "amountCredited").string_value(), "30.00");
  EXPECT_EQ(events.All().size(), before + 3);  // and customer.updated

  // Refused (more than the invoice, or on a draft): no event.
  v1::CreditNote out;
  EXPECT_EQ(ErrorReason(client.CreateCreditNote(invoice.id(), CreditOf("70.01"), &out)),
            "CREDIT_EXCEEDS_INVOICE");
  v1::Invoice draft = client.MustCreateInvoice(customer.id(), "10.00");
  EXPECT_EQ(ErrorReason(client.CreateCreditNote(draft.id(), CreditOf("1.00"), &out)),
            "INVOICE_NOT_CREDITABLE");
  EXPECT_EQ(events.All("credit_note.created").size(), 1u);
  EXPECT_EQ(events.All().size(), before + 4);  // the draft's invoice.created

  // A credit of all that is left due settles the invoice: invoice.paid too.
  v1::CreditNote rest;
  ASSERT_TRUE(client.CreateCreditNote(invoice.id(), CreditOf("70.00"), &rest).ok());
  ExpectSettledBy(events, "credit_note.created", rest.id(), invoice.id());
  EXPECT_EQ(events.All().size(), before + 7);
}

TEST_P(EventServiceTestOnBothBackends, AnEventHasAnEtagThatNeverChanges) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  EventsClient events(server, server.authorization());
  client.MustCreateCustomer("USD");
  client.MustCreateCustomer("USD");
  std::vector<v1::Event> listed = events.All();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_FALSE(listed[0].etag().empty());
  EXPECT_NE(listed[0].etag(), listed[1].etag());
  v1::Event fetched, again;
  ASSERT_TRUE(events.Get(listed[0].id(), &fetched).ok());
  ASSERT_TRUE(events.Get(listed[0].id(), &again).ok());
  EXPECT_EQ(fetched.etag(), listed[0].etag()) << "a list item and a GET name the same version";
  EXPECT_EQ(again.etag(), fetched.etag());
}

TEST_P(EventServiceTestOnBothBackends, ADeleteCarriesTheLastState) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  EventsClient events(server, server.authorization());
  v1::Customer customer = client.MustCreateCustomer("EUR");
  v1::Invoice draft = client.MustCreateInvoice(customer.id(), "10.00");
  ASSERT_TRUE(client.DeleteInvoice(draft.id()).ok());
  ASSERT_TRUE(client.DeleteCustomer(customer.id()).ok());

  std::vector<v1::Event> deleted = events.All("invoice.deleted");
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(Field(deleted[0], "id").string_value(), draft.id());
  EXPECT_EQ(Field(deleted[0], "status").string_value(), "draft");
  EXPECT_EQ(Field(deleted[0], "amount").string_value(), "10.00");
  std::vector<v1::Event> gone = events.All("customer.deleted");
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(Field(gone[0], "email").string_value(), customer.email());
  EXPECT_EQ(Field(gone[0], "defaultCurrency").string_value(), "EUR");
}

TEST_P(EventServiceTestOnBothBackends, AFailedChangeRecordsNothing) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  EventsClient events(server, server.authorization());
  v1::Customer customer = client.MustCreateCustomer("USD");
  v1::Invoice draft = client.MustCreateInvoice(customer.id(), "10.00");
  v1::Invoice out;
  ASSERT_TRUE(client.ProcessInvoice(draft.id(), &out).ok());
  EXPECT_EQ(ErrorReason(client.ProcessInvoice(draft.id(), &out)), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(ErrorReason(client.DeleteCustomer(customer.id())), "CUSTOMER_HAS_INVOICES");
  EXPECT_EQ(events.All("invoice.processed").size(), 1u);
  EXPECT_TRUE(events.All("customer.deleted").empty());
}

TEST_P(EventServiceTestOnBothBackends, CustomerChangesAndRevenueCalculations) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  EventsClient events(server, server.authorization());
  v1::Customer customer = client.MustCreateCustomer("USD");
  v1::Customer renamed;
  v1::Customer change;
  change.set_name("Renamed Ltd");
  ASSERT_TRUE(client.UpdateCustomer(customer.id(), change, {"name"}, &renamed).ok());
  v1::RevenueCalculation calc;
  calc.set_period_start("2026-01-01");
  calc.set_period_end("2026-01-31");
  v1::RevenueCalculation queued;
  ASSERT_TRUE(client.CreateRevenueCalculation(calc, &queued).ok());
  client.AwaitCalculation(queued.id());

  std::vector<v1::Event> succeeded = events.All("revenue_calculation.succeeded");
  ASSERT_EQ(succeeded.size(), 1u);
  EXPECT_EQ(succeeded[0].resource_id(), queued.id());
  EXPECT_EQ(Field(succeeded[0], "status").string_value(), "succeeded");
  EXPECT_EQ(Field(succeeded[0], "periodStart").string_value(), "2026-01-01");
  std::vector<v1::Event> updated = events.All("customer.updated");
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(Field(updated[0], "name").string_value(), "Renamed Ltd");
}

// "USD 60.00" for each balance in a customer.updated event's data.
std::vector<std::string> EventBalances(const v1::Event& event) {
  std::vector<std::string> out;
  for (const google::protobuf::Value& b : Field(event, "balances").list_value().values()) {
    out.push_back(b.struct_value().fields().at("currency").string_value() + " " +
                  b.struct_value().fields().at("amount").string_value());
  }
  return out;
}

// Issue 18 item 11: a customer's balances are part of the customer (and of
// its ETag), so every change of them is a customer.updated, in the same
// transaction, showing the customer as GET shows it then.
TEST_P(EventServiceTestOnBothBackends, EveryBalanceChangeIsACustomerUpdated) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  EventsClient events(server, server.authorization());
  const v1::Customer customer = client.MustCreateCustomer("USD");
  size_t seen = 0;
  // The newest customer.updated is new and agrees with the customer now.
  auto expect_update = [&](const std::string& balance, const std::string& after) {
    SCOPED_TRACE(after);
    const std::vector<v1::Event> updated = events.All("customer.updated", customer.id());
    ASSERT_EQ(updated.size(), seen + 1) << "one customer.updated per balance change";
    seen = updated.size();
    v1::Customer shown;
    ASSERT_TRUE(client.GetCustomer(customer.id(), &shown).ok());
    ASSERT_EQ(shown.balances_size(), 1);
    EXPECT_EQ(shown.balances(0).amount(), balance);
    EXPECT_THAT(EventBalances(updated[0]), ElementsAre("USD " + balance));
    EXPECT_EQ(Field(updated[0], "etag").string_value(), shown.etag())
        << "the event shows the customer as it now is";
  };

  const v1::Invoice invoice = client.MustCreatePendingInvoice(customer.id(), "100.00");
  expect_update("100.00", "processing");
  v1::Payment payment;
  ASSERT_TRUE(client.CreatePayment(invoice.id(), PaymentOf("40.00"), &payment).ok());
  expect_update("60.00", "a payment");
  v1::CreditNote note;
  ASSERT_TRUE(client.CreateCreditNote(invoice.id(), CreditOf("10.00"), &note).ok());
  expect_update("50.00", "a credit note");
  const v1::Invoice other = client.MustCreatePendingInvoice(customer.id(), "20.00");
  expect_update("70.00", "processing another");
  v1::Invoice cancelled;
  ASSERT_TRUE(client.CancelInvoice(other.id(), &cancelled).ok());
  expect_update("50.00", "a cancellation");
  v1::Invoice paid, patch;
  patch.set_status(v1::INVOICE_STATUS_PAID);
  ASSERT_TRUE(client.UpdateInvoice(invoice.id(), patch, {"status"}, &paid).ok());
  expect_update("0.00", "PATCH to paid");

  // Nothing moved the balance: no customer.updated.
  const v1::Invoice draft = client.MustCreateInvoice(customer.id(), "5.00");
  ASSERT_TRUE(client.CancelInvoice(draft.id(), &cancelled).ok());
  EXPECT_EQ(events.All("customer.updated", customer.id()).size(), seen);
}

TEST_P(EventServiceTestOnBothBackends, PagesFiltersAndErrors) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  EventsClient events(server, server.authorization());
  for (int i = 0; i < 3; ++i) client.MustCreateCustomer("USD");
  v1::ListEventsRequest request;
  request.set_page(2);
  request.set_page_size(2);
  v1::ListEventsResponse page;
  ASSERT_TRUE(events.List(request, &page).ok());
  EXPECT_EQ(page.events_size(), 1);
  EXPECT_EQ(page.total_items(), 3);
  EXPECT_EQ(page.total_pages(), 2);

  request.set_type("invoice.exploded");
  grpc::Status bad_type = events.List(request, &page);
  EXPECT_EQ(ErrorReason(bad_type), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(bad_type), ElementsAre("type"));
  v1::Event event;
  EXPECT_EQ(ErrorReason(events.Get("evt_nosuchevent", &event)), "EVENT_NOT_FOUND");
  EXPECT_EQ(ErrorReason(events.Get("inv_notanevent", &event)), "VALIDATION_ERROR");
}

// Every page of `request` from its first, each continued by the previous
// one's next_page_token; the events in the order walked. `pages` gets each
// answer's page number.
std::vector<std::string> WalkByToken(EventsClient& events, v1::ListEventsRequest request,
                                     int64_t total, std::vector<int>& pages) {
  std::vector<std::string> walked;
  pages.clear();
  const int page_size = request.page_size();
  while (pages.size() < 100) {
    v1::ListEventsResponse list;
    const grpc::Status status = events.List(request, &list);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    for (const v1::Event& event : list.events()) walked.push_back(event.id());
    pages.push_back(list.page());
    EXPECT_EQ(list.total_items(), total);
    EXPECT_EQ(list.total_pages(), (total + page_size - 1) / page_size);
    if (list.next_page_token().empty()) break;
    EXPECT_EQ(list.events_size(), page_size);
    request.set_page_token(list.next_page_token());
  }
  return walked;
}

std::vector<std::string> IdsOf(const std::vector<v1::Event>& events) {
  std::vector<std::string> ids;
  for (const v1::Event& event : events) ids.push_back(event.id());
  return ids;
}

TEST_P(EventServiceTestOnBothBackends, PageTokensWalkEveryEventOnceNewestFirst) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  EventsClient events(server, server.authorization());
  v1::Customer customer = client.MustCreateCustomer("USD");
  v1::Invoice invoice = client.MustCreatePendingInvoice(customer.id(), "100.00");
  client.MustCreateInvoice(customer.id(), "5.00");
  v1::Payment payment;
  // Settles the invoice: payment.created, then invoice.paid, in one
  // transaction (one instant), which a page boundary may split.
  ASSERT_TRUE(client.CreatePayment(invoice.id(), PaymentOf("100.00"), &payment).ok());
  const std::vector<std::string> all = IdsOf(events.All());
  // customer.created, invoice.created and .processed, the draft's
  // invoice.created, payment.created, invoice.paid, and a customer.updated
  // with each of processing and the payment.
  ASSERT_EQ(all.size(), 8u);

  for (int size : {1, 3, 4}) {
    v1::ListEventsRequest request;
    request.set_page_size(size);
    std::vector<int> pages;
    EXPECT_EQ(WalkByToken(events, request, 8, pages), all) << "page size " << size;
    std::vector<int> want;
    for (int page = 1; page <= (8 + size - 1) / size; ++page) want.push_back(page);
    EXPECT_EQ(pages, want) << "page size " << size;
  }
  // Filtered by resource, and by type: the token keeps to the filter.
  v1::ListEventsRequest by_invoice;
  by_invoice.set_resource_id(invoice.id());
  by_invoice.set_page_size(2);
  std::vector<int> pages;
  EXPECT_EQ(WalkByToken(events, by_invoice, 3, pages), IdsOf(events.All("", invoice.id())));
  EXPECT_THAT(pages, ElementsAre(1, 2));
  v1::ListEventsRequest by_type;
  by_type.set_type("invoice.created");
  by_type.set_page_size(1);
  EXPECT_EQ(WalkByToken(events, by_type, 2, pages), IdsOf(events.All("invoice.created")));
  EXPECT_THAT(pages, ElementsAre(1, 2));
}

TEST_P(EventServiceTestOnBothBackends, APageTokenContinuesOnlyTheListThatGaveItOut) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  EventsClient events(server, server.authorization());
  v1::Customer customer = client.MustCreateCustomer("USD");
  v1::Invoice invoice = client.MustCreatePendingInvoice(customer.id(), "100.00");
  v1::ListEventsRequest first;
  first.set_page_size(1);
  v1::ListEventsResponse list;
  ASSERT_TRUE(events.List(first, &list).ok());
  const std::string token = list.next_page_token();
  ASSERT_FALSE(token.empty());
  {
    v1::ListEventsRequest same = first;
    same.set_page_token(token);
    same.set_page(1);  // page 1 (or none) may come with a token
    ASSERT_TRUE(events.List(same, &list).ok());
    EXPECT_EQ(list.page(), 2);
  }

  auto refused = [&](v1::ListEventsRequest request) {
    v1::ListEventsResponse out;
    const grpc::Status status = events.List(request, &out);
    EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
    return ViolatedFields(status);
  };
  // Other filters, another page size, a page number besides it.
  v1::ListEventsRequest other_type = first;
  other_type.set_type("invoice.created");
  other_type.set_page_token(token);
  EXPECT_THAT(refused(other_type), ElementsAre("page_token"));
  v1::ListEventsRequest other_resource = first;
  other_resource.set_resource_id(invoice.id());
  other_resource.set_page_token(token);
  EXPECT_THAT(refused(other_resource), ElementsAre("page_token"));
  v1::ListEventsRequest other_size = first;
  other_size.set_page_size(2);
  other_size.set_page_token(token);
  EXPECT_THAT(refused(other_size), ElementsAre("page_token"));
  v1::ListEventsRequest with_page = first;
  with_page.set_page(2);
  with_page.set_page_token(token);
  EXPECT_THAT(refused(with_page), ElementsAre("page_token"));

  // Tampered with (one character changed), or not a token at all.
  std::string edited = token;
  edited[edited.size() / 2] = edited[edited.size() / 2] == 'A' ? 'B' : 'A';
  v1::ListEventsRequest tampered = first;
  tampered.set_page_token(edited);
  EXPECT_THAT(refused(tampered), ElementsAre("page_token"));
  v1::ListEventsRequest garbage = first;
  garbage.set_page_token("bm90IGEgdG9rZW4");
  EXPECT_THAT(refused(garbage), ElementsAre("page_token"));

  // Another list's token (invoices, same page size) does not continue events.
  v1::ListInvoicesRequest invoices_first;
  invoices_first.set_page_size(1);
  client.MustCreateInvoice(customer.id(), "1.00");
  v1::ListInvoicesResponse invoices;
  ASSERT_TRUE(client.ListInvoices(invoices_first, &invoices).ok());
  ASSERT_FALSE(invoices.next_page_token().empty());
  v1::ListEventsRequest foreign = first;
  foreign.set_page_token(invoices.next_page_token());
  EXPECT_THAT(refused(foreign), ElementsAre("page_token"));
}

// A token is sealed for the account it was given to: another account's
// use of it is refused like any token this list did not give out (it
// continued the list at the other account's cursor), and it shows nothing
// (it held the other account's ids in base64). Another server on the same
// database (a replica, or this one restarted) continues it.
TEST_P(EventServiceTestOnBothBackends, APageTokenIsOpaqueAndBoundToItsAccount) {
  auto server = std::make_unique<TestServer>(GetParam());
  BillingClient client(server->channel(), server->authorization());
  v1::Customer customer = client.MustCreateCustomer("USD");
  client.MustCreateInvoice(customer.id(), "1.00");
  client.MustCreateInvoice(customer.id(), "2.00");
  v1::ListEventsRequest first;
  first.set_page_size(1);
  v1::ListEventsResponse events;
  ASSERT_TRUE(EventsClient(*server, server->authorization()).List(first, &events).ok());
  const std::string token = events.next_page_token();
  ASSERT_FALSE(token.empty());
  ASSERT_EQ(events.events_size(), 1);
  v1::ListInvoicesRequest invoices_first;
  invoices_first.set_page_size(1);
  v1::ListInvoicesResponse invoices;
  ASSERT_TRUE(client.ListInvoices(invoices_first, &invoices).ok());
  ASSERT_FALSE(invoices.next_page_token().empty());

  for (const std::string& t : {token, invoices.next_page_token()}) {
    std::string decoded;
    absl::WebSafeBase64Unescape(t, &decoded);
    EXPECT_EQ(decoded.find(events.events(0).id()), std::string::npos) << decoded;
    EXPECT_EQ(decoded.find(invoices.invoices(0).id()), std::string::npos) << decoded;
  }

  const std::string other_key = "Apikey " + server->CreateApiKey(
                                                "acct_other", {auth::Scope::kEventsRead,
                                                               auth::Scope::kInvoicesRead,
                                                               auth::Scope::kCustomersWrite});
  BillingClient other(server->channel(), other_key);
  other.MustCreateCustomer("USD");
  other.MustCreateCustomer("USD");
  v1::ListEventsRequest stolen = first;
  stolen.set_page_token(token);
  v1::ListEventsResponse out;
  grpc::Status refused = EventsClient(*server, other_key).List(stolen, &out);
  EXPECT_EQ(ErrorReason(refused), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(refused), ElementsAre("page_token"));
  v1::ListInvoicesRequest stolen_invoices = invoices_first;
  stolen_invoices.set_page_token(invoices.next_page_token());
  v1::ListInvoicesResponse invoices_out;
  refused = other.ListInvoices(stolen_invoices, &invoices_out);
  EXPECT_EQ(ErrorReason(refused), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(refused), ElementsAre("page_token"));

  // Another server on the same database takes it: a second replica on
  // PostgreSQL, the same file after a restart on SQLite.
  const std::string db = server->db_path();
  std::unique_ptr<TestServer> running_beside;
  if (GetParam() == testing::Backend::kSqlite) {
    server.reset();
  } else {
    running_beside = std::move(server);
  }
  TestServer next(GetParam(), {}, db);
  v1::ListEventsRequest continued = first;
  continued.set_page_token(token);
  ASSERT_TRUE(EventsClient(next, next.authorization()).List(continued, &out).ok());
  EXPECT_EQ(out.page(), 2);
  ASSERT_EQ(out.events_size(), 1);
  EXPECT_NE(out.events(0).id(), events.events(0).id());
}

TEST_P(EventServiceTestOnBothBackends, AnotherAccountSeesNoneAndTheScopeIsNeeded) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  client.MustCreateCustomer("USD");
  const std::string mine = server.authorization();
  EventsClient mine_client(server, mine);
  const std::vector<v1::Event> all = mine_client.All();
  ASSERT_EQ(all.size(), 1u);

  EventsClient other(server, "Apikey " + server.CreateApiKey("acct_other", {auth::Scope::kEventsRead}));
  EXPECT_TRUE(other.All().empty());
  v1::Event event;
  EXPECT_EQ(ErrorReason(other.Get(all[0].id(), &event)), "EVENT_NOT_FOUND");

  EventsClient no_scope(server, "Apikey " + server.CreateApiKey(TestServer::kAccount,
                                                                {auth::Scope::kInvoicesRead}));
  v1::ListEventsResponse response;
  EXPECT_EQ(ErrorReason(no_scope.List({}, &response)), "INSUFFICIENT_SCOPE");
}

TEST_P(EventServiceTestOnBothBackends, PurgeDeletesOnlyEventsOlderThanTheCutoff) {
  TestServer server(GetParam());
  BillingClient client(server.channel(), server.authorization());
  EventsClient events(server, server.authorization());
  client.MustCreateCustomer("USD");
  client.MustCreateCustomer("USD");
  app::Events use_case(server.server().store());

  absl::StatusOr<int64_t> none = use_case.Purge(absl::Now() - absl::Hours(1));
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(*none, 0);
  EXPECT_EQ(events.All().size(), 2u);
  // A batch of one: the purge goes on until nothing older is left.
  absl::StatusOr<int64_t> all = use_case.Purge(absl::Now() + absl::Seconds(1), 1);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(*all, 2);
  EXPECT_TRUE(events.All().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, EventServiceTestOnBothBackends,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
