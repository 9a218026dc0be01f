// OrganizationService, the buyer fields of customers and what processing
// an invoice requires of and freezes from them, over a real gRPC channel to
// a real server, on both backends.
#include <string>

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
using ::billing::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

v1::Organization Seller() {
  v1::Organization organization;
  organization.set_legal_name("Muster GmbH");
  organization.mutable_address()->set_line1("Hauptstrasse 5");
  organization.mutable_address()->set_city("Berlin");
  organization.mutable_address()->set_postal_code("10115");
  organization.mutable_address()->set_country("DE");
  organization.set_tax_id("DE811907980");
  organization.mutable_payment_instructions()->set_iban("DE89 3704 0044 0532 0130 00");
  organization.mutable_payment_instructions()->set_bic("COBADEFFXXX");
  return organization;
}

const std::vector<std::string> kSellerPaths = {
    "legal_name", "address", "tax_id", "payment_instructions.iban", "payment_instructions.bic"};

class OrganizationServiceTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  // An account that never wrote its organization.
  BillingClient Fresh(const std::string& account) {
    return BillingClient(server_.channel(),
                         "Apikey " + server_.CreateApiKey(
                                         account,
                                         {std::begin(auth::kAllScopes), std::end(auth::kAllScopes)},
                                         /*seed_organization=*/false));
  }

  TestServer server_{GetParam()};
  BillingClient client_{server_.channel(), server_.authorization()};
};

TEST_P(OrganizationServiceTest, BeforeAnyUpdateGetAnswersTheDefaults) {
  BillingClient fresh = Fresh("acct_fresh");
  v1::Organization got;
  ASSERT_TRUE(fresh.GetOrganization(&got).ok());
  EXPECT_EQ(got.legal_name(), "");
  EXPECT_EQ(got.default_payment_terms_days(), 30);
  EXPECT_EQ(got.invoice_number_prefix(), "INV-");
  EXPECT_EQ(got.credit_note_number_prefix(), "CN-");
  EXPECT_FALSE(got.etag().empty());
}

TEST_P(OrganizationServiceTest, UpdateChangesOnlyTheNamedFieldsAndIsKeptPerAccount) {
  BillingClient fresh = Fresh("acct_fresh");
  v1::Organization updated;
  grpc::Status status = fresh.UpdateOrganization(Seller(), kSellerPaths, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.legal_name(), "Muster GmbH");
  EXPECT_EQ(updated.address().country(), "DE");
  EXPECT_EQ(updated.payment_instructions().iban(), "DE89370400440532013000");
  EXPECT_EQ(updated.default_payment_terms_days(), 30) << "not in the mask: kept";

  v1::Organization only_terms;
  only_terms.set_legal_name("ignored: not in the mask");
  only_terms.set_default_payment_terms_days(14);
  ASSERT_TRUE(fresh.UpdateOrganization(only_terms, {"default_payment_terms_days"}, &updated).ok());
  EXPECT_EQ(updated.default_payment_terms_days(), 14);
  EXPECT_EQ(updated.legal_name(), "Muster GmbH");

  v1::Organization got;
  ASSERT_TRUE(fresh.GetOrganization(&got).ok());
  EXPECT_EQ(got.SerializeAsString(), updated.SerializeAsString());

  v1::Organization other;
  ASSERT_TRUE(Fresh("acct_other").GetOrganization(&other).ok());
  EXPECT_EQ(other.legal_name(), "") << "another account's organization is its own";
}

TEST_P(OrganizationServiceTest, BadValuesAreRefusedNamingEachFieldAndNothingIsWritten) {
  BillingClient fresh = Fresh("acct_fresh");
  v1::Organization bad = Seller();
  bad.mutable_payment_instructions()->set_iban("DE89 3704 0044 0532 0130 01");  // check digits
  bad.mutable_payment_instructions()->set_bic("COBA");
  bad.set_tax_id("DE12");
  v1::Organization out;
  grpc::Status status = fresh.UpdateOrganization(bad, kSellerPaths, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("payment_instructions.iban", "payment_instructions.bic",
                                   "tax_id"));

  v1::Organization country;
  country.mutable_address()->set_country("XX");
  status = fresh.UpdateOrganization(country, {"address.country"}, &out);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("address.country"));

  v1::Organization got;
  ASSERT_TRUE(fresh.GetOrganization(&got).ok());
  EXPECT_EQ(got.legal_name(), "") << "a refused update writes nothing";
}

// reminder_schedule (issue 22): [-3, 1, 7, 14, 30] until set, kept
// ascending, an empty list turns reminders off, and a bad or repeated
// offset is refused naming its index.
TEST_P(OrganizationServiceTest, ReminderScheduleDefaultsIsPatchableAndValidated) {
  BillingClient fresh = Fresh("acct_fresh");
  v1::Organization got;
  ASSERT_TRUE(fresh.GetOrganization(&got).ok());
  EXPECT_THAT(got.reminder_schedule(), ElementsAre(-3, 1, 7, 14, 30));

  v1::Organization change;
  for (int offset : {10, -1, 3}) change.add_reminder_schedule(offset);
  v1::Organization updated;
  grpc::Status status = fresh.UpdateOrganization(change, {"reminder_schedule"}, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(updated.reminder_schedule(), ElementsAre(-1, 3, 10)) << "kept ascending";
  ASSERT_TRUE(fresh.GetOrganization(&got).ok());
  EXPECT_THAT(got.reminder_schedule(), ElementsAre(-1, 3, 10));

  v1::Organization other_field;
  other_field.set_legal_name("Muster GmbH");
  ASSERT_TRUE(fresh.UpdateOrganization(other_field, {"legal_name"}, &updated).ok());
  EXPECT_THAT(updated.reminder_schedule(), ElementsAre(-1, 3, 10)) << "not in the mask: kept";

  v1::Organization bad;
  for (int offset : {7, 400, 7, -366}) bad.add_reminder_schedule(offset);
  status = fresh.UpdateOrganization(bad, {"reminder_schedule"}, &updated);
  EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("reminder_schedule[1]", "reminder_schedule[2]",
                                   "reminder_schedule[3]"));
  ASSERT_TRUE(fresh.GetOrganization(&got).ok());
  EXPECT_THAT(got.reminder_schedule(), ElementsAre(-1, 3, 10)) << "a refused update writes nothing";

  v1::Organization off;
  ASSERT_TRUE(fresh.UpdateOrganization(off, {"reminder_schedule"}, &updated).ok());
  EXPECT_TRUE(updated.reminder_schedule().empty());
  ASSERT_TRUE(fresh.GetOrganization(&got).ok());
  EXPECT_TRUE(got.reminder_schedule().empty()) << "empty: reminders off, not the default";
}

TEST_P(OrganizationServiceTest, AStaleEtagIsRefused) {
  v1::Organization first;
  ASSERT_TRUE(client_.GetOrganization(&first).ok());
  v1::Organization changed;
  ASSERT_TRUE(client_.UpdateOrganization(Seller(), {"legal_name"}, &changed).ok());
  ASSERT_NE(changed.etag(), first.etag());

  v1::Organization stale = Seller();
  stale.set_legal_name("Lost update");
  stale.set_etag(first.etag());
  v1::Organization out;
  grpc::Status status = client_.UpdateOrganization(stale, {"legal_name"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "ETAG_MISMATCH");

  stale.set_etag(changed.etag());
  EXPECT_TRUE(client_.UpdateOrganization(stale, {"legal_name"}, &out).ok());
}

TEST_P(OrganizationServiceTest, ScopesGuardReadAndWrite) {
  BillingClient reader(server_.channel(),
                       "Apikey " + server_.CreateApiKey(TestServer::kAccount,
                                                        {auth::Scope::kOrganizationRead}));
  v1::Organization out;
  EXPECT_TRUE(reader.GetOrganization(&out).ok());
  grpc::Status status = reader.UpdateOrganization(Seller(), {"legal_name"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("organization:write"));

  BillingClient customers_only(server_.channel(),
                               "Apikey " + server_.CreateApiKey(TestServer::kAccount,
                                                                {auth::Scope::kCustomersRead}));
  status = customers_only.GetOrganization(&out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("organization:read"));
}

TEST_P(OrganizationServiceTest, ProcessingNeedsACompleteOrganizationAndUsesNoNumberWithout) {
  BillingClient fresh = Fresh("acct_fresh");
  const v1::Customer customer = fresh.MustCreateCustomer();
  const v1::Invoice draft = fresh.MustCreateInvoice(customer.id(), "10.00");
  v1::Invoice out;
  grpc::Status status = fresh.ProcessInvoice(draft.id(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "ORGANIZATION_INCOMPLETE");
  EXPECT_THAT(status.error_message(), HasSubstr("legal_name"));
  EXPECT_THAT(status.error_message(), HasSubstr("address.line1"));
  EXPECT_THAT(status.error_message(), HasSubstr("address.country"));

  v1::Organization partial;
  partial.set_legal_name("Muster GmbH");
  ASSERT_TRUE(fresh.UpdateOrganization(partial, {"legal_name"}, &partial).ok());
  status = fresh.ProcessInvoice(draft.id(), &out);
  EXPECT_EQ(ErrorReason(status), "ORGANIZATION_INCOMPLETE");
  EXPECT_THAT(status.error_message(), HasSubstr("address.line1"));
  EXPECT_THAT(status.error_message(), ::testing::Not(HasSubstr("legal_name")));

  v1::Invoice still;
  ASSERT_TRUE(fresh.GetInvoice(draft.id(), &still).ok());
  EXPECT_EQ(still.status(), v1::INVOICE_STATUS_DRAFT);
  EXPECT_EQ(still.number(), "");

  v1::Organization complete;
  ASSERT_TRUE(fresh.UpdateOrganization(Seller(), kSellerPaths, &complete).ok());
  ASSERT_TRUE(fresh.ProcessInvoice(draft.id(), &out).ok());
  EXPECT_EQ(out.number(), "INV-000001") << "the refused attempts used no number";
}

TEST_P(OrganizationServiceTest, ProcessingFreezesSellerAndBuyerAsTheyWere) {
  v1::Organization seller;
  ASSERT_TRUE(client_.UpdateOrganization(Seller(), kSellerPaths, &seller).ok());
  v1::Customer buyer;
  buyer.set_name("Acme");
  buyer.set_email("ap@acme.example");
  buyer.set_default_currency("EUR");
  buyer.set_legal_name("Acme B.V.");
  buyer.mutable_billing_address()->set_line1("Damrak 1");
  buyer.mutable_billing_address()->set_country("NL");
  v1::TaxId* vat = buyer.add_tax_ids();
  vat->set_type("eu_vat");
  vat->set_value("NL 8530.33.937 B01");
  ASSERT_TRUE(client_.CreateCustomer(buyer, &buyer).ok());

  const v1::Invoice draft = client_.MustCreateInvoice(buyer.id(), "10.00");
  EXPECT_FALSE(draft.has_seller()) << "a draft names no frozen seller";
  v1::Invoice processed;
  ASSERT_TRUE(client_.ProcessInvoice(draft.id(), &processed).ok());
  EXPECT_EQ(processed.seller().legal_name(), "Muster GmbH");
  EXPECT_EQ(processed.seller().address().line1(), "Hauptstrasse 5");
  ASSERT_EQ(processed.seller().tax_ids_size(), 1);
  EXPECT_EQ(processed.seller().tax_ids(0).value(), "DE811907980");
  EXPECT_EQ(processed.buyer().legal_name(), "Acme B.V.");
  EXPECT_EQ(processed.buyer().address().country(), "NL");
  ASSERT_EQ(processed.buyer().tax_ids_size(), 1);
  EXPECT_EQ(processed.buyer().tax_ids(0).type(), "eu_vat");
  EXPECT_EQ(processed.buyer().tax_ids(0).value(), "NL853033937B01");

  v1::Organization moved;
  moved.mutable_address()->set_line1("Neue Strasse 9");
  ASSERT_TRUE(client_.UpdateOrganization(moved, {"address.line1"}, &moved).ok());
  v1::Customer renamed;
  renamed.set_legal_name("Acme Holding B.V.");
  ASSERT_TRUE(client_.UpdateCustomer(buyer.id(), renamed, {"legal_name"}, &renamed).ok());

  v1::Invoice later;
  ASSERT_TRUE(client_.GetInvoice(draft.id(), &later).ok());
  EXPECT_EQ(later.seller().address().line1(), "Hauptstrasse 5");
  EXPECT_EQ(later.buyer().legal_name(), "Acme B.V.");
  v1::ListInvoicesResponse list;
  ASSERT_TRUE(client_.ListInvoices({}, &list).ok());
  ASSERT_EQ(list.invoices_size(), 1);
  EXPECT_EQ(list.invoices(0).seller().address().line1(), "Hauptstrasse 5");
  EXPECT_EQ(list.invoices(0).buyer().legal_name(), "Acme B.V.");
}

TEST_P(OrganizationServiceTest, CustomersKeepTheirBuyerFieldsOnEveryWrite) {
  v1::Customer customer;
  customer.set_name("Acme");
  customer.set_email("ap@acme.example");
  customer.set_default_currency("EUR");
  customer.set_legal_name("Acme B.V.");
  customer.mutable_billing_address()->set_line1("Damrak 1");
  customer.mutable_billing_address()->set_country("NL");
  v1::TaxId* vat = customer.add_tax_ids();
  vat->set_type("eu_vat");
  vat->set_value("NL853033937B01");
  customer.set_tax_exempt("reverse");
  customer.set_payment_terms_days(14);
  customer.mutable_electronic_address()->set_scheme("0088");
  customer.mutable_electronic_address()->set_value("4035811991021");
  v1::Customer created;
  grpc::Status status = client_.CreateCustomer(customer, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::Customer got;
  ASSERT_TRUE(client_.GetCustomer(created.id(), &got).ok());
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());
  EXPECT_EQ(got.legal_name(), "Acme B.V.");
  EXPECT_EQ(got.billing_address().country(), "NL");
  ASSERT_EQ(got.tax_ids_size(), 1);
  EXPECT_EQ(got.tax_exempt(), "reverse");
  EXPECT_EQ(got.payment_terms_days(), 14);
  EXPECT_EQ(got.electronic_address().value(), "4035811991021");

  v1::Customer patch;
  patch.mutable_billing_address()->set_city("Amsterdam");
  ASSERT_TRUE(client_.UpdateCustomer(created.id(), patch, {"billing_address.city"}, &got).ok());
  EXPECT_EQ(got.billing_address().city(), "Amsterdam");
  EXPECT_EQ(got.billing_address().line1(), "Damrak 1") << "other address parts kept";
  EXPECT_EQ(got.tax_exempt(), "reverse");

  v1::ListCustomersResponse list;
  ASSERT_TRUE(client_.ListCustomers(0, 0, &list).ok());
  ASSERT_EQ(list.customers_size(), 1);
  EXPECT_EQ(list.customers(0).billing_address().city(), "Amsterdam");

  v1::Customer plain;
  plain.set_name("Old client");
  plain.set_email("old@example.com");
  plain.set_default_currency("USD");
  ASSERT_TRUE(client_.CreateCustomer(plain, &plain).ok()) << "every new field is optional";
  EXPECT_EQ(plain.tax_exempt(), "none");
  EXPECT_FALSE(plain.has_payment_terms_days());
}

TEST_P(OrganizationServiceTest, BadBuyerFieldsAreNamed) {
  v1::Customer customer;
  customer.set_name("Acme");
  customer.set_email("ap@acme.example");
  customer.set_default_currency("EUR");
  customer.mutable_billing_address()->set_country("ZZ");
  v1::TaxId* vat = customer.add_tax_ids();
  vat->set_type("eu_vat");
  vat->set_value("NL1");
  customer.set_tax_exempt("sometimes");
  customer.set_payment_terms_days(400);
  v1::Customer out;
  grpc::Status status = client_.CreateCustomer(customer, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("billing_address.country", "tax_ids[0].value", "tax_exempt",
                                   "payment_terms_days"));
}

INSTANTIATE_TEST_SUITE_P(Backends, OrganizationServiceTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
