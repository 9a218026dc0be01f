#include "tests/support/test_backend.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace billing::testing {
namespace {

bool IsPostgres(const std::string& db) {
  return db.starts_with("postgres://") || db.starts_with("postgresql://");
}

std::atomic<int> counter{0};

std::string FreshSqliteFile() {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? absl::StrCat(info->test_suite_name(), "_", info->name()) : "test";
  for (char& ch : name) {
    if (ch == '/') ch = '_';
  }
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              absl::StrCat("billing_", name, "_", getpid(), "_", counter++);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return (dir / "billing.db").string();
}

// Runs `sql` on a fresh libpq connection; the first value of the result.
std::string PgQuery(const std::string& uri, const std::string& sql) {
  PGconn* conn = PQconnectdb(uri.c_str());
  std::string value;
  if (PQstatus(conn) != CONNECTION_OK) {
    ADD_FAILURE() << "cannot connect to " << uri << ": " << PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      ADD_FAILURE() << sql << ": " << PQresultErrorMessage(result);
    } else if (PQntuples(result) > 0) {
      value = PQgetvalue(result, 0, 0);
    }
    PQclear(result);
  }
  PQfinish(conn);
  return value;
}

std::string SqliteQuery(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string value;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << path;
  } else {
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
    } else {
      const int step = sqlite3_step(stmt);
      if (step == SQLITE_ROW) {
        const unsigned char* text = sqlite3_column_text(stmt, 0);
        value = text ? reinterpret_cast<const char*>(text) : "";
      } else if (step != SQLITE_DONE) {
        ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
      }
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return value;
}

}  // namespace

void PrintTo(Backend backend, std::ostream* os) {
  *os << (backend == Backend::kSqlite ? "Sqlite" : "Postgres");
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

std::string PostgresServerUri() {
  const char* uri = std::getenv("BILLING_TEST_POSTGRES_URI");
  if (uri == nullptr || *uri == '\0') {
    ADD_FAILURE() << "BILLING_TEST_POSTGRES_URI is not set: PostgreSQL tests need a server; "
                     "run them through scripts/with-postgres.sh (scripts/test.sh does)";
    // Port 1 on loopback refuses at once: the test fails fast and says why above.
    return "postgresql://127.0.0.1:1/BILLING_TEST_POSTGRES_URI_is_not_set";
  }
  return uri;
}

std::string FreshDatabase(Backend backend) {
  if (backend == Backend::kSqlite) return FreshSqliteFile();
  const std::string server = PostgresServerUri();
  const std::string schema = absl::StrCat("t_", getpid(), "_", counter++);
  PgQuery(server, absl::StrCat("CREATE SCHEMA ", schema));
  // libpq URI: options=-c search_path=<schema>, percent-encoded.
  return absl::StrCat(server, server.find('?') == std::string::npos ? "?" : "&",
                      "options=-csearch_path%3D", schema);
}

std::unique_ptr<app::Store> OpenTestStore(const std::string& db) {
  if (IsPostgres(db)) {
    storage::postgres::PostgresOptions options;
    options.uri = db;
    options.pool_size = 4;
    absl::StatusOr<std::unique_ptr<storage::postgres::PostgresStore>> store =
        storage::postgres::PostgresStore::Open(options);
    if (!store.ok()) {
      ADD_FAILURE() << "cannot open " << db << ": " << store.status();
      return nullptr;
    }
    return *std::move(store);
  }
  storage::DatabaseOptions options;
  options.path = db;
  absl::StatusOr<std::unique_ptr<storage::SqliteStore>> store = storage::SqliteStore::Open(options);
  if (!store.ok()) {
    ADD_FAILURE() << "cannot open " << db << ": " << store.status();
    return nullptr;
  }
  return *std::move(store);
}

int64_t QueryInt(const std::string& db, const std::string& sql) {
  const std::string value = IsPostgres(db) ? PgQuery(db, sql) : SqliteQuery(db, sql);
  return value.empty() ? 0 : std::stoll(value);
}

void ExecSql(const std::string& db, const std::string& sql) {
  if (IsPostgres(db)) {
    PgQuery(db, sql);
  } else {
    SqliteQuery(db, sql);
  }
}

}  // namespace billing::testing
