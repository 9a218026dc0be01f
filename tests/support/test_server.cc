#include "tests/support/test_server.h"

#include <sqlite3.h>

#include <atomic>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "app/api_keys.h"
#include "tests/support/organization_seed.h"
#include "auth/api_key.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

namespace billing::testing {

std::string MakeTempDir() {
  static std::atomic<int> counter{0};
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) /
      absl::StrCat("billing_", info ? info->test_suite_name() : "suite", "_",
                   info ? info->name() : "test", "_", getpid(), "_", counter++);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

server::ServerOptions UnthrottledOptions() {
  server::ServerOptions options;
  options.auth.rate_limit.per_second = 0;
  return options;
}

TestServer::TestServer(Backend backend, server::ServerOptions options, std::string db)
    : db_path_(db.empty() ? FreshDatabase(backend) : std::move(db)) {
  options.listen = "127.0.0.1:0";
  options.db = db_path_;
  absl::StatusOr<std::unique_ptr<server::BillingServer>> started =
      server::BillingServer::Start(options);
  if (!started.ok()) {
    ADD_FAILURE() << "server did not start: " << started.status();
    std::abort();
  }
  server_ = *std::move(started);
  channel_ = grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
  authorization_ =
      "Apikey " + CreateApiKey(kAccount, {std::begin(auth::kAllScopes), std::end(auth::kAllScopes)});
}


std::string TestServer::CreateApiKey(const std::string& account,
                                     const std::vector<auth::Scope>& scopes,
                                     bool seed_organization) {
  if (seed_organization) SeedOrganization(account);
  app::ApiKeys keys(server_->store(), app::SystemClock());
  absl::StatusOr<app::CreatedApiKey> created = keys.Create(account, scopes);
  EXPECT_TRUE(created.ok()) << created.status();
  return created.ok() ? created->key : "";
}

void TestServer::SeedOrganization(const std::string& account) {
  absl::Status seeded = testing::SeedOrganization(server_->store(), account);
  EXPECT_TRUE(seeded.ok()) << seeded;
}

void TestServer::RevokeApiKey(const std::string& key) {
  absl::StatusOr<auth::ApiKeyParts> parts = auth::ParseApiKey(key);
  ASSERT_TRUE(parts.ok()) << parts.status();
  app::ApiKeys keys(server_->store(), app::SystemClock());
  EXPECT_TRUE(keys.Revoke(parts->key_id).ok());
}

TestServer::~TestServer() { Stop(); }

std::string TestServer::address() const {
  return absl::StrCat("127.0.0.1:", server_->port());
}

void TestServer::Stop(absl::Duration drain) {
  if (server_ != nullptr) server_->Shutdown(drain);
}

void CorruptInvoiceDueDates(const std::string& db_path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, "UPDATE invoices SET due_date = 'garbage'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
}

namespace {

google::rpc::Status RichStatus(const grpc::Status& status) {
  google::rpc::Status rich;
  rich.ParseFromString(status.error_details());
  return rich;
}

}  // namespace

std::string ErrorReason(const grpc::Status& status) {
  const google::rpc::Status rich = RichStatus(status);  // outlives the loop
  for (const google::protobuf::Any& detail : rich.details()) {
    google::rpc::ErrorInfo info;
    if (detail.UnpackTo(&info)) return info.reason();
  }
  return "";
}

std::string ErrorDomain(const grpc::Status& status) {
  const google::rpc::Status rich = RichStatus(status);
  for (const google::protobuf::Any& detail : rich.details()) {
    google::rpc::ErrorInfo info;
    if (detail.UnpackTo(&info)) return info.domain();
  }
  return "";
}

std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  const google::rpc::Status rich = RichStatus(status);
  for (const google::protobuf::Any& detail : rich.details()) {
    google::rpc::BadRequest bad_request;
    if (!detail.UnpackTo(&bad_request)) continue;
    for (const auto& violation : bad_request.field_violations()) {
      fields.push_back(violation.field());
    }
  }
  return fields;
}

}  // namespace billing::testing
