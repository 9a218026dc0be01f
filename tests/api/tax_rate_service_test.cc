// TaxRateService over a real gRPC channel to a real server, on both
// backends: create, read, list (with the active filter), update by mask and
// archive; bad input named field by field; accounts kept apart; ETags and
// idempotency keys as on every other resource.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/scopes.h"
#include "billing/v1/tax_rate.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "tests/support/billing_client.h"
#include "tests/support/call_metadata.h"
#include "tests/support/test_server.h"

namespace billing {
namespace {

using ::billing::testing::Call;
using ::billing::testing::ErrorReason;
using ::billing::testing::TestServer;
using ::billing::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

v1::TaxRate StandardRate() {
  v1::TaxRate rate;
  rate.set_display_name("VAT");
  rate.set_percentage("19");
  rate.set_country("DE");
  rate.set_category(v1::TAX_CATEGORY_S);
  return rate;
}

v1::TaxRate ReverseCharge() {
  v1::TaxRate rate;
  rate.set_display_name("Reverse charge");
  rate.set_percentage("0");
  rate.set_category(v1::TAX_CATEGORY_AE);
  rate.set_exemption_reason_code("VATEX-EU-AE");
  return rate;
}

class TaxRateServiceTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  grpc::Status Create(const v1::TaxRate& rate, v1::TaxRate* out, const std::string& key = "",
                      const std::string& authorization = "") {
    Call call(authorization.empty() ? server_.authorization() : authorization, key);
    v1::CreateTaxRateRequest request;
    *request.mutable_tax_rate() = rate;
    return stub_->CreateTaxRate(&call.context, request, out);
  }
  grpc::Status Get(const std::string& id, v1::TaxRate* out,
                   const std::string& authorization = "") {
    Call call(authorization.empty() ? server_.authorization() : authorization);
    v1::GetTaxRateRequest request;
    request.set_tax_rate_id(id);
    return stub_->GetTaxRate(&call.context, request, out);
  }
  v1::ListTaxRatesResponse List(std::optional<bool> active = std::nullopt) {
    Call call(server_.authorization());
    v1::ListTaxRatesRequest request;
    if (active.has_value()) request.set_active(*active);
    v1::ListTaxRatesResponse out;
    grpc::Status status = stub_->ListTaxRates(&call.context, request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }
  grpc::Status Update(const std::string& id, const v1::TaxRate& rate,
                      const std::vector<std::string>& paths, v1::TaxRate* out,
                      const std::string& authorization = "") {
    Call call(authorization.empty() ? server_.authorization() : authorization);
    v1::UpdateTaxRateRequest request;
    request.set_tax_rate_id(id);
    *request.mutable_tax_rate() = rate;
    for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
    return stub_->UpdateTaxRate(&call.context, request, out);
  }
  v1::TaxRate MustCreate(const v1::TaxRate& rate) {
    v1::TaxRate out;
    grpc::Status status = Create(rate, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }
  std::string KeyWith(const std::string& account, std::vector<auth::Scope> scopes) {
    return "Apikey " + server_.CreateApiKey(account, scopes);
  }

  TestServer server_{GetParam()};
  std::unique_ptr<v1::TaxRateService::Stub> stub_ = v1::TaxRateService::NewStub(server_.channel());
};

TEST_P(TaxRateServiceTest, CreatesReadsListsAndArchivesWithoutDeleting) {
  const v1::TaxRate vat = MustCreate(StandardRate());
  EXPECT_THAT(vat.id(), StartsWith("txr_"));
  EXPECT_EQ(vat.percentage(), "19");
  EXPECT_EQ(vat.category(), v1::TAX_CATEGORY_S);
  EXPECT_TRUE(vat.active()) << "a new rate is active";
  EXPECT_FALSE(vat.etag().empty());

  const v1::TaxRate reverse = MustCreate(ReverseCharge());
  EXPECT_EQ(reverse.exemption_reason_code(), "VATEX-EU-AE");
  EXPECT_EQ(reverse.exemption_reason(), "Reverse charge") << "the VATEX code's name by default";

  v1::TaxRate got;
  ASSERT_TRUE(Get(vat.id(), &got).ok());
  EXPECT_EQ(got.SerializeAsString(), vat.SerializeAsString());

  v1::ListTaxRatesResponse all = List();
  ASSERT_EQ(all.tax_rates_size(), 2);
  EXPECT_EQ(all.tax_rates(0).id(), vat.id()) << "oldest first";
  EXPECT_EQ(all.total_items(), 2);

  v1::TaxRate archive;
  archive.set_active(false);
  v1::TaxRate archived;
  grpc::Status status = Update(vat.id(), archive, {"active"}, &archived);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(archived.active());
  EXPECT_EQ(archived.percentage(), "19") << "only the named field changes";
  EXPECT_NE(archived.etag(), vat.etag());

  ASSERT_TRUE(Get(vat.id(), &got).ok()) << "archived, never deleted";
  EXPECT_FALSE(got.active());
  v1::ListTaxRatesResponse active = List(true);
  ASSERT_EQ(active.tax_rates_size(), 1);
  EXPECT_EQ(active.tax_rates(0).id(), reverse.id());
  v1::ListTaxRatesResponse inactive = List(false);
  ASSERT_EQ(inactive.tax_rates_size(), 1);
  EXPECT_EQ(inactive.tax_rates(0).id(), vat.id());
  EXPECT_EQ(List().total_items(), 2);
}

TEST_P(TaxRateServiceTest, BadInputIsRefusedNamingEachFieldAndNothingIsWritten) {
  struct Case {
    std::string name;
    v1::TaxRate rate;
    std::vector<std::string> fields;
  };
  std::vector<Case> cases;
  for (const char* percentage : {"100.5", "-1", "19.12345", "abc"}) {
    v1::TaxRate rate = StandardRate();
    rate.set_percentage(percentage);
    cases.push_back({percentage, rate, {"percentage"}});
  }
  v1::TaxRate unspecified = StandardRate();
  unspecified.set_category(v1::TAX_CATEGORY_UNSPECIFIED);
  cases.push_back({"no category", unspecified, {"category"}});
  v1::TaxRate unknown = StandardRate();
  unknown.set_category(static_cast<v1::TaxCategory>(99));
  cases.push_back({"unknown category", unknown, {"category"}});
  v1::TaxRate bad_code = ReverseCharge();
  bad_code.set_exemption_reason_code("VATEX-EU-NOPE");
  cases.push_back({"unknown VATEX code", bad_code, {"exemption_reason_code"}});
  v1::TaxRate wrong_category = ReverseCharge();
  wrong_category.set_exemption_reason_code("VATEX-EU-IC");
  cases.push_back({"VATEX code of another category", wrong_category, {"exemption_reason_code"}});
  for (v1::TaxCategory category : {v1::TAX_CATEGORY_E, v1::TAX_CATEGORY_AE, v1::TAX_CATEGORY_K,
                                   v1::TAX_CATEGORY_G, v1::TAX_CATEGORY_O}) {
    v1::TaxRate missing = ReverseCharge();
    missing.set_category(category);
    missing.clear_exemption_reason_code();
    cases.push_back({v1::TaxCategory_Name(category) + " without a reason", missing,
                     {"exemption_reason_code"}});
  }
  v1::TaxRate several = StandardRate();
  several.set_display_name("");
  several.set_percentage("101");
  several.set_country("XX");
  cases.push_back({"several at once", several, {"display_name", "percentage", "country"}});

  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    v1::TaxRate out;
    grpc::Status status = Create(c.rate, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
    std::vector<std::string> fields = ViolatedFields(status);
    EXPECT_THAT(fields, ::testing::UnorderedElementsAreArray(c.fields));
  }
  EXPECT_EQ(List().total_items(), 0) << "a refused create writes nothing";
}

TEST_P(TaxRateServiceTest, AnUpdateIsCheckedWholeAndARefusalWritesNothing) {
  const v1::TaxRate vat = MustCreate(StandardRate());
  v1::TaxRate change;
  change.set_category(v1::TAX_CATEGORY_AE);
  v1::TaxRate out;
  // AE needs a 0 % rate and a VATEX code the rate does not have.
  grpc::Status status = Update(vat.id(), change, {"category"}, &out);
  EXPECT_EQ(ErrorReason(status), "VALIDATION_ERROR");
  EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("percentage", "exemption_reason_code"));

  status = Update(vat.id(), change, {"id"}, &out);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask"));

  v1::TaxRate got;
  ASSERT_TRUE(Get(vat.id(), &got).ok());
  EXPECT_EQ(got.SerializeAsString(), vat.SerializeAsString());

  v1::TaxRate whole = ReverseCharge();
  status = Update(vat.id(), whole, {"category", "percentage", "exemption_reason_code"}, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.category(), v1::TAX_CATEGORY_AE);
  EXPECT_EQ(out.percentage(), "0");
  EXPECT_EQ(out.display_name(), "VAT") << "not in the mask: kept";
}

// Once an invoice names a rate, its terms are fixed: a change of percentage
// is 409 TAX_RATE_IN_USE and writes nothing; its name may still change, and
// it is archived rather than edited.
TEST_P(TaxRateServiceTest, ARateAnInvoiceNamesKeepsItsTerms) {
  const v1::TaxRate vat = MustCreate(StandardRate());
  const v1::TaxRate unused = MustCreate(StandardRate());
  testing::BillingClient client(server_.channel(), server_.authorization());
  v1::Invoice draft;
  draft.set_customer_id(client.MustCreateCustomer("EUR").id());
  draft.set_due_date("2099-12-31");
  v1::LineItem* line = draft.add_line_items();
  line->set_description("Work");
  line->set_quantity(1);
  line->set_unit_amount("100.00");
  line->set_tax_rate_id(vat.id());
  v1::Invoice created;
  grpc::Status status = client.CreateInvoice(draft, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();

  v1::TaxRate change;
  change.set_percentage("20");
  v1::TaxRate out;
  status = Update(vat.id(), change, {"percentage"}, &out);
  EXPECT_EQ(ErrorReason(status), "TAX_RATE_IN_USE") << status.error_message();
  v1::TaxRate got;
  ASSERT_TRUE(Get(vat.id(), &got).ok());
  EXPECT_EQ(got.percentage(), "19");
  // The tax report files the rate's invoices under its country.
  change.set_country("AT");
  status = Update(vat.id(), change, {"country"}, &out);
  EXPECT_EQ(ErrorReason(status), "TAX_RATE_IN_USE") << status.error_message();
  ASSERT_TRUE(Get(vat.id(), &got).ok());
  EXPECT_EQ(got.country(), "DE");

  change.set_display_name("VAT (DE)");
  status = Update(vat.id(), change, {"display_name"}, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.display_name(), "VAT (DE)");

  status = Update(unused.id(), change, {"percentage"}, &out);
  ASSERT_TRUE(status.ok()) << "a rate no invoice names may still change: "
                           << status.error_message();
  EXPECT_EQ(out.percentage(), "20");
}

TEST_P(TaxRateServiceTest, AnotherAccountsRateIsNotFound) {
  const v1::TaxRate vat = MustCreate(StandardRate());
  const std::string other = KeyWith("acct_other", {std::begin(auth::kAllScopes),
                                                    std::end(auth::kAllScopes)});
  v1::TaxRate out;
  grpc::Status status = Get(vat.id(), &out, other);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ErrorReason(status), "TAX_RATE_NOT_FOUND");

  v1::TaxRate archive;
  archive.set_active(false);
  status = Update(vat.id(), archive, {"active"}, &out, other);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ErrorReason(status), "TAX_RATE_NOT_FOUND");
  ASSERT_TRUE(Get(vat.id(), &out).ok());
  EXPECT_TRUE(out.active()) << "the other account changed nothing";

  status = Get("txr_missing", &out);
  EXPECT_EQ(ErrorReason(status), "TAX_RATE_NOT_FOUND");
}

TEST_P(TaxRateServiceTest, AStaleEtagIsRefused) {
  const v1::TaxRate vat = MustCreate(StandardRate());
  v1::TaxRate renamed;
  renamed.set_display_name("MwSt");
  v1::TaxRate current;
  ASSERT_TRUE(Update(vat.id(), renamed, {"display_name"}, &current).ok());

  v1::TaxRate stale;
  stale.set_display_name("Lost update");
  stale.set_etag(vat.etag());
  v1::TaxRate out;
  grpc::Status status = Update(vat.id(), stale, {"display_name"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "ETAG_MISMATCH");

  stale.set_etag(current.etag());
  ASSERT_TRUE(Update(vat.id(), stale, {"display_name"}, &out).ok());
  EXPECT_EQ(out.display_name(), "Lost update");
}

TEST_P(TaxRateServiceTest, ARetriedCreateWithItsKeyCreatesOnce) {
  v1::TaxRate first;
  ASSERT_TRUE(Create(StandardRate(), &first, "create-vat-1").ok());
  v1::TaxRate again;
  ASSERT_TRUE(Create(StandardRate(), &again, "create-vat-1").ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(List().total_items(), 1);

  v1::TaxRate out;
  grpc::Status status = Create(ReverseCharge(), &out, "create-vat-1");
  EXPECT_EQ(ErrorReason(status), "IDEMPOTENCY_KEY_REUSED");
}

TEST_P(TaxRateServiceTest, ScopesGuardReadAndWrite) {
  const v1::TaxRate vat = MustCreate(StandardRate());
  const std::string reader = KeyWith(TestServer::kAccount, {auth::Scope::kTaxRatesRead});
  v1::TaxRate out;
  EXPECT_TRUE(Get(vat.id(), &out, reader).ok());
  grpc::Status status = Create(StandardRate(), &out, "", reader);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("tax_rates:write"));

  const std::string customers_only = KeyWith(TestServer::kAccount, {auth::Scope::kCustomersRead});
  status = Get(vat.id(), &out, customers_only);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("tax_rates:read"));
}

INSTANTIATE_TEST_SUITE_P(Backends, TaxRateServiceTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace billing
