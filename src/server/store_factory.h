// Chooses the storage adapter from --db: a postgres:// or postgresql:// URI
// means PostgreSQL, anything else is the path of a SQLite file.
#ifndef BILLING_SERVER_STORE_FACTORY_H_
#define BILLING_SERVER_STORE_FACTORY_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/ports/store.h"

namespace billing::server {

struct StoreOptions {
  // SQLite: how long a write waits for a lock held by another process.
  absl::Duration busy_timeout = absl::Seconds(5);
  // SQLite: connections of the reader pool. PostgreSQL: the pool's size.
  int connections = 8;
};

// Whether `db` names a PostgreSQL database (a libpq connection URI).
bool IsPostgresUri(std::string_view db);

// Opens (creating or migrating as needed) the store `db` names.
absl::StatusOr<std::unique_ptr<app::Store>> OpenStore(const std::string& db,
                                                      const StoreOptions& options = {});

}  // namespace billing::server

#endif  // BILLING_SERVER_STORE_FACTORY_H_
