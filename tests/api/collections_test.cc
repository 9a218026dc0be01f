// Collections over a real gRPC channel to a real server, on both backends:
// due dates by payment terms and the organization's time zone.
#include <cstdlib>
#include <future>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "auth/scopes.h"
#include "billing/v1/event.grpc.pb.h"
#include "domain/dates.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
#include "tests/support/server_binary.h"
#include "tests/support/test_backend.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::billing::testing::ViolatedFields;
using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAreArray;

// Today in `zone`, and the day after: a test that straddles midnight
// accepts either.
std::string DayIn(const std::string& zone_name, int plus_days) {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone(zone_name, &zone));
  return domain::FormatDate(absl::ToCivilDay(absl::Now(), zone) + plus_days);
}

class CollectionsTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  v1::Invoice DraftWithoutDueDate(const std::string& customer_id) {
    v1::Invoice invoice;
    invoice.set_customer_id(customer_id);
    invoice.set_amount("100.00");
    v1::Invoice created;
    grpc::Status status = client_.CreateInvoice(invoice, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  v1::Customer CustomerWithTerms(int days) {
    v1::Customer customer;
    customer.set_name("Acme");
    customer.set_email("ap@acme.example");
    customer.set_default_currency("EUR");
    customer.set_payment_terms_days(days);
    v1::Customer created;
    grpc::Status status = client_.CreateCustomer(customer, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  // An invoice issued today in `zone` and due that day (terms of 0).
  v1::Invoice DueToday(const std::string& zone_name) {
    v1::Organization zone;
    zone.set_time_zone(zone_name);
    zone.set_default_payment_terms_days(0);
    v1::Organization out;
    grpc::Status status =
        client_.UpdateOrganization(zone, {"time_zone", "default_payment_terms_days"}, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return IssueDueToday();
  }

  // An invoice issued today and due by the terms set (DueToday's: that day).
  v1::Invoice IssueDueToday() {
    v1::Invoice processed;
    grpc::Status status = client_.ProcessInvoice(
        DraftWithoutDueDate(client_.MustCreateCustomer().id()).id(), &processed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return processed;
  }

  void SetTimeZone(const std::string& zone_name) {
    v1::Organization zone;
    zone.set_time_zone(zone_name);
    v1::Organization out;
    grpc::Status status = client_.UpdateOrganization(zone, {"time_zone"}, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  std::vector<std::string> ListedIds(std::optional<bool> overdue) {
    v1::ListInvoicesRequest request;
    request.set_page_size(100);
    if (overdue.has_value()) request.set_overdue(*overdue);
    v1::ListInvoicesResponse response;
    grpc::Status status = client_.ListInvoices(request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.total_items(), response.invoices_size()) << "counted with the filter";
    std::vector<std::string> ids;
    for (const v1::Invoice& invoice : response.invoices()) ids.push_back(invoice.id());
    return ids;
  }

  // The invoice.overdue events recorded, by invoice id.
  std::vector<std::string> OverdueEvents() { return EventsOf("invoice.overdue"); }

  // The events of `type` recorded, by resource id.
  std::vector<std::string> EventsOf(const std::string& type) {
    std::unique_ptr<v1::EventService::Stub> events = v1::EventService::NewStub(server_.channel());
    std::vector<std::string> ids;
    v1::ListEventsRequest request;
    request.set_page_size(100);
    request.set_type(type);
    while (true) {
      grpc::ClientContext context;
      context.AddMetadata("authorization", server_.authorization());
      v1::ListEventsResponse response;
      grpc::Status status = events->ListEvents(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const v1::Event& event : response.events()) ids.push_back(event.resource_id());
      if (!status.ok() || response.next_page_token().empty()) return ids;
      request.set_page_token(response.next_page_token());
    }
  }

  // billing-server collections run on the server's database; its exit code.
  int RunCollections(const std::string& as_of) {
    const std::string command =
        absl::StrCat(testing::ServerBinary(), " collections run --db='", server_.db_path(),
                     "' --as-of=", as_of, " >/dev/null");
    return std::system(command.c_str());
  }

  // An invoice of `customer_id` processed today, due in `terms` days.
  v1::Invoice Issued(const std::string& customer_id, int terms) {
    v1::Invoice draft = DraftWithoutDueDate(customer_id);
    v1::Invoice change;
    change.set_due_date(DayIn("UTC", terms));
    v1::Invoice out;
    EXPECT_TRUE(client_.UpdateInvoice(draft.id(), change, {"due_date"}, &out).ok());
    v1::Invoice processed;
    grpc::Status status = client_.ProcessInvoice(draft.id(), &processed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return processed;
  }

  // The invoice's reminders as "offset:status" (ascending offset), each
  // also checked for its scheduled date.
  std::vector<std::string> Reminders(const v1::Invoice& invoice) {
    v1::ListInvoiceRemindersResponse response;
    grpc::Status status = client_.ListInvoiceReminders(invoice.id(), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    absl::StatusOr<absl::CivilDay> due = domain::ParseDate(invoice.due_date());
    EXPECT_TRUE(due.ok());
    std::vector<std::string> out;
    for (const v1::InvoiceReminder& reminder : response.reminders()) {
      EXPECT_EQ(reminder.scheduled_date(), domain::FormatDate(*due + reminder.offset_days()));
      std::string status_name = v1::InvoiceReminderStatus_Name(reminder.status());
      out.push_back(absl::StrCat(reminder.offset_days(), ":",
                                 status_name.substr(std::string("INVOICE_REMINDER_STATUS_").size())));
    }
    return out;
  }

  TestServer server_{GetParam()};
  BillingClient client_{server_.channel(), server_.authorization()};
};

// Issue 22's reminders: each offset of the schedule is claimed on its day,
// once; after a gap only the latest due goes out, the passed-over ones shown
// skipped; each claim records invoice.reminder_sent once.
TEST_P(CollectionsTest, RemindersAreClaimedOnTheirDaysOnceAndOnlyTheLatestAfterAGap) {
  const v1::Invoice invoice = Issued(client_.MustCreateCustomer().id(), 10);
  ASSERT_EQ(RunCollections(DayIn("UTC", 6)), 0);
  EXPECT_THAT(Reminders(invoice), ElementsAre()) << "-3 comes three days before the due date";
  ASSERT_EQ(RunCollections(DayIn("UTC", 7)), 0);
  ASSERT_EQ(RunCollections(DayIn("UTC", 7)), 0);
  EXPECT_THAT(Reminders(invoice), ElementsAre("-3:QUEUED")) << "a rerun claims nothing more";
  ASSERT_EQ(RunCollections(DayIn("UTC", 11)), 0);
  EXPECT_THAT(Reminders(invoice), ElementsAre("-3:QUEUED", "1:QUEUED"));
  // Down from day 12 to day 34: 7 (day 17) and 14 (day 24) came, only 14 goes.
  ASSERT_EQ(RunCollections(DayIn("UTC", 34)), 0);
  EXPECT_THAT(Reminders(invoice), ElementsAre("-3:QUEUED", "1:QUEUED", "7:SKIPPED", "14:QUEUED"));
  ASSERT_EQ(RunCollections(DayIn("UTC", 20)), 0);  // a clock gone back
  EXPECT_THAT(EventsOf("invoice.reminder_sent"), ElementsAre(invoice.id(), invoice.id(), invoice.id()));

  v1::ListInvoiceRemindersResponse none;
  EXPECT_EQ(ErrorReason(client_.ListInvoiceReminders("inv_unknown", &none)), "INVOICE_NOT_FOUND");
}

TEST_P(CollectionsTest, NoRemindersForSettledInvoicesOptedOutCustomersOrBeforeTheIssueDate) {
  const std::string customer = client_.MustCreateCustomer().id();
  const v1::Invoice paid = Issued(customer, 10);
  const v1::Invoice cancelled = Issued(customer, 10);
  const v1::Invoice written_off = Issued(customer, 10);
  const v1::Invoice due_today = Issued(customer, 0);
  v1::Invoice out;
  v1::Invoice to_paid;
  to_paid.set_status(v1::INVOICE_STATUS_PAID);
  ASSERT_TRUE(client_.UpdateInvoice(paid.id(), to_paid, {"status"}, &out).ok());
  ASSERT_TRUE(client_.CancelInvoice(cancelled.id(), &out).ok());
  ASSERT_TRUE(client_.MarkInvoiceUncollectible(written_off.id(), &out).ok());
  v1::Customer opted_out;
  opted_out.set_name("Quiet Ltd");
  opted_out.set_email("ap@quiet.example");
  opted_out.set_default_currency("EUR");
  opted_out.set_reminders_enabled(false);
  v1::Customer quiet;
  ASSERT_TRUE(client_.CreateCustomer(opted_out, &quiet).ok());
  const v1::Invoice of_quiet = Issued(quiet.id(), 10);

  ASSERT_EQ(RunCollections(DayIn("UTC", 11)), 0);
  EXPECT_THAT(Reminders(paid), ElementsAre());
  EXPECT_THAT(Reminders(cancelled), ElementsAre());
  EXPECT_THAT(Reminders(written_off), ElementsAre());
  EXPECT_THAT(Reminders(of_quiet), ElementsAre());
  // Due on its issue day: -3 came before it was issued and never goes out.
  // Due on its issue day: -3 came before it was issued and never goes out;
  // on day 11 offsets 1 and 7 have come, and only 7 goes.
  EXPECT_THAT(Reminders(due_today), ElementsAre("1:SKIPPED", "7:QUEUED"));

  // An empty schedule turns reminders off.
  v1::Organization off;
  v1::Organization updated;
  ASSERT_TRUE(client_.UpdateOrganization(off, {"reminder_schedule"}, &updated).ok());
  const v1::Invoice later = Issued(customer, 10);
  ASSERT_EQ(RunCollections(DayIn("UTC", 40)), 0);
  EXPECT_THAT(Reminders(later), ElementsAre());
  EXPECT_THAT(Reminders(due_today), ElementsAre("1:SKIPPED", "7:QUEUED"));
}

// Two scans at once (two processes, as two replicas), day after day: each
// reminder is claimed and its event recorded once.
TEST_P(CollectionsTest, TwoScansAtOnceClaimEachReminderOnce) {
  std::vector<v1::Invoice> invoices;
  const std::string customer = client_.MustCreateCustomer().id();
  for (int i = 0; i < 8; ++i) invoices.push_back(Issued(customer, 5 + i));
  for (int day : {3, 6, 9, 14, 21, 45}) {
    const std::string as_of = DayIn("UTC", day);
    std::future<int> first = std::async(std::launch::async, [&] { return RunCollections(as_of); });
    std::future<int> second = std::async(std::launch::async, [&] { return RunCollections(as_of); });
    ASSERT_EQ(first.get(), 0) << as_of;
    ASSERT_EQ(second.get(), 0) << as_of;
  }
  const std::vector<std::string> events = EventsOf("invoice.reminder_sent");
  size_t queued = 0;
  for (const v1::Invoice& invoice : invoices) {
    for (const std::string& reminder : Reminders(invoice)) {
      if (reminder.ends_with(":QUEUED")) ++queued;
    }
  }
  EXPECT_GE(queued, invoices.size() * 4) << "-3, 1 or 7, 14 and 30 at least: some went out";
  EXPECT_EQ(events.size(), queued) << "one invoice.reminder_sent per reminder, never two";
}

INSTANTIATE_TEST_SUITE_P(Backends, CollectionsTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
