// Collections over a real gRPC channel to a real server, on both backends:
// due dates by payment terms and the organization's time zone.
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/dates.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::BillingClient;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::billing::testing::ViolatedFields;
using ::testing::AnyOf;
using ::testing::ElementsAre;

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

  TestServer server_{GetParam()};
  BillingClient client_{server_.channel(), server_.authorization()};
};

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
