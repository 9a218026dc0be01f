// A real billing server on a loopback port over a fresh SQLite file, and
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

namespace billing::testing {

// A fresh, empty directory under the test's temp dir.
std::string MakeTempDir();

class TestServer {
 public:
  // The account of authorization(): every test's data belongs to it.
  static constexpr char kAccount[] = "acct_test";

  // Starts on 127.0.0.1:0 over `db_path` (a fresh file when empty), with
  // authentication on unless `options` turn it off.
  explicit TestServer(server::ServerOptions options = {}, std::string db_path = "");
  ~TestServer();

  std::string address() const;
  const std::string& db_path() const { return db_path_; }
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // "Apikey <key>" of a key of kAccount holding every scope.
  const std::string& authorization() const { return authorization_; }
  // A new API key (the whole "bk_..." string) of `account` with `scopes`.
  std::string CreateApiKey(const std::string& account, const std::vector<auth::Scope>& scopes);
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
