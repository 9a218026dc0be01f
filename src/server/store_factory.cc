#include "server/store_factory.h"

#include "common/status_macros.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace billing::server {

bool IsPostgresUri(std::string_view db) {
  return db.starts_with("postgres://") || db.starts_with("postgresql://");
}

namespace {

// A password in --db would sit in the process list, shell history and pod
// specs; libpq reads it from PGPASSFILE instead.
bool HasPassword(const std::string& uri) {
  const size_t authority = uri.find("://") + 3;
  const size_t end = uri.find_first_of("/?", authority);
  const std::string userinfo_host = uri.substr(authority, end - authority);
  const size_t at = userinfo_host.rfind('@');
  if (at != std::string::npos && userinfo_host.substr(0, at).find(':') != std::string::npos) {
    return true;
  }
  const size_t query = uri.find('?');
  return query != std::string::npos && (uri.find("?password=", query) != std::string::npos ||
                                        uri.find("&password=", query) != std::string::npos);
}

}  // namespace

absl::StatusOr<std::unique_ptr<app::Store>> OpenStore(const std::string& db,
                                                      const StoreOptions& options) {
  if (IsPostgresUri(db)) {
    if (HasPassword(db)) {
      return absl::InvalidArgumentError(
          "--db must not carry the password: put it in a password file (PGPASSFILE, "
          "~/.pgpass) and leave it out of the URI");
    }
    storage::postgres::PostgresOptions postgres;
    postgres.uri = db;
    postgres.pool_size = options.connections;
    ASSIGN_OR_RETURN(std::unique_ptr<storage::postgres::PostgresStore> store,
                     storage::postgres::PostgresStore::Open(postgres));
    return std::unique_ptr<app::Store>(std::move(store));
  }
  storage::DatabaseOptions sqlite;
  sqlite.path = db;
  sqlite.busy_timeout = options.busy_timeout;
  sqlite.read_connections = options.connections;
  ASSIGN_OR_RETURN(std::unique_ptr<storage::SqliteStore> store, storage::SqliteStore::Open(sqlite));
  return std::unique_ptr<app::Store>(std::move(store));
}

}  // namespace billing::server
