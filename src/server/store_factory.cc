#include "server/store_factory.h"

#include "common/status_macros.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace billing::server {

bool IsPostgresUri(std::string_view db) {
  return db.starts_with("postgres://") || db.starts_with("postgresql://");
}

absl::StatusOr<std::unique_ptr<app::Store>> OpenStore(const std::string& db,
                                                      const StoreOptions& options) {
  if (IsPostgresUri(db)) {
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
