// billing-server keys create|list|revoke: API keys, managed on the database
// directly (the service may be running).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "app/api_keys.h"
#include "auth/scopes.h"
#include "server/commands.h"
#include "server/flags.h"
#include "server/store_factory.h"

ABSL_FLAG(std::string, account, "",
          "keys create: the account the key acts for; keys list: filter; numbering: the account");
ABSL_FLAG(std::string, scopes, "",
          "keys create: comma-separated scopes, e.g. invoices:read,invoices:write, or 'all'");

namespace billing::server {
namespace {

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "error: %s\n", std::string(status.message()).c_str());
  return EXIT_FAILURE;
}

std::string IsoTime(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

absl::StatusOr<std::vector<auth::Scope>> RequestedScopes() {
  const std::string text = absl::GetFlag(FLAGS_scopes);
  if (text == "all") return std::vector<auth::Scope>(std::begin(auth::kAllScopes),
                                                     std::end(auth::kAllScopes));
  return auth::ParseScopes(text, /*strict=*/true);
}

int Create(app::ApiKeys& keys) {
  absl::StatusOr<std::vector<auth::Scope>> scopes = RequestedScopes();
  if (!scopes.ok()) return Fail(scopes.status());
  absl::StatusOr<app::CreatedApiKey> created = keys.Create(absl::GetFlag(FLAGS_account), *scopes);
  if (!created.ok()) return Fail(created.status());
  // The key alone on stdout, so that KEY=$(billing-server keys create ...)
  // works; it is shown this once and cannot be recovered.
  std::printf("%s\n", created->key.c_str());
  std::fprintf(stderr, "created key %s for account %s with scopes %s; store it now, it is not shown again\n",
               created->record.id.c_str(), created->record.account_id.c_str(),
               created->record.scopes.c_str());
  return EXIT_SUCCESS;
}

int List(app::ApiKeys& keys) {
  absl::StatusOr<std::vector<app::StoredApiKey>> listed =
      keys.List(absl::GetFlag(FLAGS_account));
  if (!listed.ok()) return Fail(listed.status());
  std::printf("%-18s %-20s %-21s %-21s %s\n", "ID", "ACCOUNT", "CREATED", "REVOKED", "SCOPES");
  for (const app::StoredApiKey& key : *listed) {
    std::printf("%-18s %-20s %-21s %-21s %s\n", key.id.c_str(), key.account_id.c_str(),
                IsoTime(key.create_time).c_str(),
                key.revoke_time ? IsoTime(*key.revoke_time).c_str() : "-", key.scopes.c_str());
  }
  return EXIT_SUCCESS;
}

int Revoke(app::ApiKeys& keys, const std::string& key_id) {
  if (absl::Status status = keys.Revoke(key_id); !status.ok()) return Fail(status);
  std::printf("revoked key %s\n", key_id.c_str());
  return EXIT_SUCCESS;
}

}  // namespace

int RunKeys(const std::vector<std::string>& args) {
  absl::StatusOr<std::unique_ptr<app::Store>> store =
      OpenStore(absl::GetFlag(FLAGS_db), {.connections = 1});
  if (!store.ok()) return Fail(store.status());
  app::ApiKeys keys(**store, app::SystemClock());
  if (args.size() == 1 && args[0] == "create") return Create(keys);
  if (args.size() == 1 && args[0] == "list") return List(keys);
  if (args.size() == 2 && args[0] == "revoke") return Revoke(keys, args[1]);
  std::fprintf(stderr,
               "usage: billing-server keys create --db=PATH --account=ACCOUNT --scopes=a:read,...\n"
               "       billing-server keys list --db=PATH [--account=ACCOUNT]\n"
               "       billing-server keys revoke --db=PATH KEY_ID\n");
  return EXIT_FAILURE;
}

}  // namespace billing::server
