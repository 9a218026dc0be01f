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
  std::vector<std::string> OverdueEvents() {
    std::unique_ptr<v1::EventService::Stub> events = v1::EventService::NewStub(server_.channel());
    std::vector<std::string> ids;
    v1::ListEventsRequest request;
    request.set_page_size(100);
    request.set_type("invoice.overdue");
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

  TestServer server_{GetParam()};
  BillingClient client_{server_.channel(), server_.authorization()};
};

TEST_P(CollectionsTest, AnInvoiceIsOverdueFromTheDayAfterItsDueDateInTheOrganizationsZone) {
  // Etc/GMT+12 is UTC-12 and Pacific/Kiritimati UTC+14: today in the second
  // is always one or two days after today in the first.
  const v1::Invoice due = DueToday("Etc/GMT+12");
  const v1::Invoice paid = DueToday("Etc/GMT+12");
  v1::Invoice out;
  v1::Invoice to_paid;
  to_paid.set_status(v1::INVOICE_STATUS_PAID);
  ASSERT_TRUE(client_.UpdateInvoice(paid.id(), to_paid, {"status"}, &out).ok());
  const v1::Invoice draft = DraftWithoutDueDate(client_.MustCreateCustomer().id());
  v1::Invoice got;
  ASSERT_TRUE(client_.GetInvoice(due.id(), &got).ok());
  EXPECT_FALSE(got.overdue()) << "due today is not late";
  EXPECT_EQ(got.days_overdue(), 0);
  EXPECT_THAT(ListedIds(true), ElementsAre());
  EXPECT_THAT(ListedIds(false), ElementsAre(due.id(), paid.id(), draft.id()));

  SetTimeZone("Pacific/Kiritimati");
  ASSERT_TRUE(client_.GetInvoice(due.id(), &got).ok());
  EXPECT_TRUE(got.overdue());
  EXPECT_THAT(got.days_overdue(), AnyOf(1, 2));
  EXPECT_EQ(got.etag(), due.etag()) << "lateness changes with the day, not the invoice";
  ASSERT_TRUE(client_.GetInvoice(paid.id(), &got).ok());
  EXPECT_FALSE(got.overdue()) << "nothing due";
  EXPECT_THAT(ListedIds(true), ElementsAre(due.id()));
  EXPECT_THAT(ListedIds(false), ElementsAre(paid.id(), draft.id()));
  EXPECT_EQ(ListedIds(std::nullopt).size(), 3u);

  // An If-Match with the etag read before it became late still writes.
  ASSERT_TRUE(client_.GetInvoice(due.id(), &got).ok());
  v1::Invoice notes;
  notes.set_notes("call them");
  notes.set_etag(due.etag());
  grpc::Status status = client_.UpdateInvoice(due.id(), notes, {"notes"}, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(out.overdue()) << "the write's answer shows it too";
}

TEST_P(CollectionsTest, TheScanRecordsInvoiceOverdueOnceFromTheFirstOverdueDay) {
  const v1::Invoice due = DueToday("UTC");
  const v1::Invoice settled = DueToday("UTC");
  v1::Invoice out;
  v1::Invoice paid;
  paid.set_status(v1::INVOICE_STATUS_PAID);
  ASSERT_TRUE(client_.UpdateInvoice(settled.id(), paid, {"status"}, &out).ok());
  absl::StatusOr<absl::CivilDay> due_date = domain::ParseDate(due.due_date());
  ASSERT_TRUE(due_date.ok());

  ASSERT_EQ(RunCollections(domain::FormatDate(*due_date)), 0);
  EXPECT_THAT(OverdueEvents(), ElementsAre()) << "not late on its due date";
  ASSERT_EQ(RunCollections(domain::FormatDate(*due_date + 1)), 0);
  EXPECT_THAT(OverdueEvents(), ElementsAre(due.id())) << "late the day after; paid never";
  // Later days, a rerun and a clock gone back record nothing more.
  ASSERT_EQ(RunCollections(domain::FormatDate(*due_date + 1)), 0);
  ASSERT_EQ(RunCollections(domain::FormatDate(*due_date + 40)), 0);
  ASSERT_EQ(RunCollections(domain::FormatDate(*due_date + 2)), 0);
  EXPECT_THAT(OverdueEvents(), ElementsAre(due.id()));

  EXPECT_NE(RunCollections("tomorrow"), 0) << "a malformed --as-of is refused";
}

TEST_P(CollectionsTest, TwoScansAtOnceRecordEachOverdueInvoiceOnce) {
  std::vector<std::string> expected{DueToday("UTC").id()};
  while (expected.size() < 20) expected.push_back(IssueDueToday().id());
  const std::string as_of = DayIn("UTC", 3);
  // Two processes on one database, as two replicas' scans would be.
  std::future<int> first = std::async(std::launch::async, [&] { return RunCollections(as_of); });
  std::future<int> second = std::async(std::launch::async, [&] { return RunCollections(as_of); });
  ASSERT_EQ(first.get(), 0);
  ASSERT_EQ(second.get(), 0);
  const std::vector<std::string> recorded = OverdueEvents();
  EXPECT_THAT(recorded, UnorderedElementsAreArray(expected));
  EXPECT_EQ(std::set<std::string>(recorded.begin(), recorded.end()).size(), recorded.size());
}

TEST_P(CollectionsTest, OneAccountsBadDataDoesNotStopTheScanForTheOthers) {
  // An account whose stored time zone no longer loads (written beside the
  // service, as a bad restore or a tzdata without the zone would leave it):
  // its invoices fail, and every other account's are still recorded.
  BillingClient broken(server_.channel(),
                       "Apikey " + server_.CreateApiKey("acct_broken",
                                                        {std::begin(auth::kAllScopes),
                                                         std::end(auth::kAllScopes)}));
  v1::Invoice draft;
  draft.set_customer_id(broken.MustCreateCustomer().id());
  draft.set_amount("10.00");
  draft.set_due_date(DayIn("UTC", 0));
  v1::Invoice created, processed;
  ASSERT_TRUE(broken.CreateInvoice(draft, &created).ok());
  ASSERT_TRUE(broken.ProcessInvoice(created.id(), &processed).ok());
  testing::ExecSql(server_.db_path(),
                   "UPDATE organizations SET time_zone = 'Mars/Olympus_Mons' "
                   "WHERE account_id = 'acct_broken'");
  const v1::Invoice due = DueToday("UTC");

  EXPECT_NE(RunCollections(DayIn("UTC", 3)), 0) << "an operator's script learns of the failure";
  EXPECT_THAT(OverdueEvents(), ElementsAre(due.id())) << "the other account's invoice is recorded";
  testing::ExecSql(server_.db_path(),
                   "UPDATE organizations SET time_zone = 'UTC' WHERE account_id = 'acct_broken'");
  EXPECT_EQ(RunCollections(DayIn("UTC", 3)), 0) << "the next run retries and succeeds";
}

TEST_P(CollectionsTest, AnInvoiceWithoutADueDateIsDueByTheCustomersTermsElseTheOrganizations) {
  const v1::Invoice by_customer = DraftWithoutDueDate(CustomerWithTerms(14).id());
  EXPECT_EQ(by_customer.due_date(), "") << "a draft has none until processed";
  v1::Invoice got;
  ASSERT_TRUE(client_.GetInvoice(by_customer.id(), &got).ok());
  EXPECT_EQ(got.due_date(), "") << "stored without one";
  v1::Invoice processed;
  grpc::Status status = client_.ProcessInvoice(by_customer.id(), &processed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(processed.due_date(), AnyOf(DayIn("UTC", 14), DayIn("UTC", 15)));

  v1::Organization terms;
  terms.set_default_payment_terms_days(45);
  ASSERT_TRUE(client_.UpdateOrganization(terms, {"default_payment_terms_days"}, &terms).ok());
  const v1::Invoice by_organization = DraftWithoutDueDate(client_.MustCreateCustomer().id());
  ASSERT_TRUE(client_.ProcessInvoice(by_organization.id(), &processed).ok());
  EXPECT_THAT(processed.due_date(), AnyOf(DayIn("UTC", 45), DayIn("UTC", 46)));
  ASSERT_TRUE(client_.GetInvoice(by_organization.id(), &got).ok());
  EXPECT_EQ(got.due_date(), processed.due_date()) << "the due date given is stored";
}

TEST_P(CollectionsTest, ADueDateBeforeTheIssueDateIsRefusedNamingDueDate) {
  v1::Invoice invoice;
  invoice.set_customer_id(client_.MustCreateCustomer().id());
  invoice.set_amount("10.00");
  invoice.set_due_date(DayIn("UTC", -2));
  v1::Invoice draft;
  ASSERT_TRUE(client_.CreateInvoice(invoice, &draft).ok()) << "a draft is not yet issued";
  v1::Invoice out;
  grpc::Status status = client_.ProcessInvoice(draft.id(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(status), ElementsAre("due_date"));
  v1::Invoice still;
  ASSERT_TRUE(client_.GetInvoice(draft.id(), &still).ok());
  EXPECT_EQ(still.status(), v1::INVOICE_STATUS_DRAFT);
  EXPECT_EQ(still.number(), "") << "the refused process used no number";

  // Moved to today it is processed; moved back before that day it is refused.
  v1::Invoice today;
  today.set_due_date(DayIn("UTC", 0));
  ASSERT_TRUE(client_.UpdateInvoice(draft.id(), today, {"due_date"}, &out).ok());
  status = client_.ProcessInvoice(draft.id(), &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::Invoice earlier;
  earlier.set_due_date(DayIn("UTC", -3));
  status = client_.UpdateInvoice(draft.id(), earlier, {"due_date"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("due_date"));
}

TEST_P(CollectionsTest, TheOrganizationsTimeZoneIsValidatedAndNamesTheIssueDay) {
  v1::Organization got;
  ASSERT_TRUE(client_.GetOrganization(&got).ok());
  EXPECT_EQ(got.time_zone(), "UTC");

  v1::Organization bad;
  bad.set_time_zone("Mars/Olympus_Mons");
  v1::Organization out;
  grpc::Status status = client_.UpdateOrganization(bad, {"time_zone"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("time_zone"));

  // Kiritimati is UTC+14 and Etc/GMT+12 is UTC-12: at any instant one of
  // their days differs from UTC's. Terms of 0 days make the due date the
  // issue date, so it shows which day processing took as today.
  for (const std::string name : {"Pacific/Kiritimati", "Etc/GMT+12"}) {
    v1::Organization zone;
    zone.set_time_zone(name);
    zone.set_default_payment_terms_days(0);
    status = client_.UpdateOrganization(zone, {"time_zone", "default_payment_terms_days"}, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(out.time_zone(), name);
    ASSERT_TRUE(client_.GetOrganization(&got).ok());
    EXPECT_EQ(got.time_zone(), name);

    const std::string before = DayIn(name, 0);
    const v1::Invoice draft = DraftWithoutDueDate(client_.MustCreateCustomer().id());
    v1::Invoice processed;
    ASSERT_TRUE(client_.ProcessInvoice(draft.id(), &processed).ok());
    EXPECT_THAT(processed.due_date(), AnyOf(before, DayIn(name, 0))) << name;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CollectionsTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
