// A real billing server on a loopback port over a fresh database, and
// helpers to read the rich error a call returned.
#ifndef BILLING_TESTS_SUPPORT_TEST_SERVER_H_
#define BILLING_TESTS_SUPPORT_TEST_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "auth/scopes.h"
#include "grpcpp/channel.h"
#include "grpcpp/support/status.h"
#include "server/billing_server.h"
#include "tests/support/test_backend.h"

namespace billing::testing {

// A fresh, empty directory under the test's temp dir.
std::string MakeTempDir();

// Server options without the per-credential rate limit, for tests that send
// bursts (concurrency tests, random walks).
server::ServerOptions UnthrottledOptions();

class TestServer {
 public:
  // The account of authorization(): every test's data belongs to it.
  static constexpr char kAccount[] = "acct_test";

  // Starts on 127.0.0.1:0 over `db` (a fresh database of `backend` when
  // empty), with authentication on unless `options` turn it off.
  explicit TestServer(Backend backend, server::ServerOptions options = {}, std::string db = "");
  // The same on SQLite.
  explicit TestServer(server::ServerOptions options = {}, std::string db_path = "")
      : TestServer(Backend::kSqlite, std::move(options), std::move(db_path)) {}
  ~TestServer();

  std::string address() const;
  // --db: the SQLite file or the PostgreSQL URI.
  const std::string& db_path() const { return db_path_; }
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // "Apikey <key>" of a key of kAccount holding every scope.
  const std::string& authorization() const { return authorization_; }
  // A new API key (the whole "bk_..." string) of `account` with `scopes`.
  // Unless `seed_organization` is false, the account gets a complete
  // organization first (SeedOrganization), so that it can process invoices.
  std::string CreateApiKey(const std::string& account, const std::vector<auth::Scope>& scopes,
                           bool seed_organization = true);
  // Writes the seeded organization (tests/support/organization_seed.h) as
  // `account`'s unless it has one.
  void SeedOrganization(const std::string& account);
  // Revokes the key whose whole string is `key`.
  void RevokeApiKey(const std::string& key);
  server::BillingServer& server() { return *server_; }
  // Stops the server (drains for `drain`) and closes the database.
  void Stop(absl::Duration drain = absl::ZeroDuration());

 private:
  std::string db_path_;
  std::unique_ptr<server::BillingServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::string authorization_;
};

// Writes a due date no code path writes into every invoice of the file at
// `db_path` (through SQLite directly), so that reading them back fails.
void CorruptInvoiceDueDates(const std::string& db_path);

// The google.rpc.ErrorInfo reason in the status details ("" if none).
std::string ErrorReason(const grpc::Status& status);
// The ErrorInfo domain ("" if none).
std::string ErrorDomain(const grpc::Status& status);
// The google.rpc.BadRequest field names, in order.
std::vector<std::string> ViolatedFields(const grpc::Status& status);

}  // namespace billing::testing

#endif  // BILLING_TESTS_SUPPORT_TEST_SERVER_H_
