// The storage backends the parameterized suites run against, and a fresh,
// empty database of each per test: a new SQLite file in a temp directory,
// or a new schema in the PostgreSQL that BILLING_TEST_POSTGRES_URI names
// (scripts/with-postgres.sh starts one). Without that variable a
// PostgreSQL test fails; it never skips.
#ifndef BILLING_TESTS_SUPPORT_TEST_BACKEND_H_
#define BILLING_TESTS_SUPPORT_TEST_BACKEND_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "app/ports/store.h"
#include "gtest/gtest.h"

namespace billing::testing {

enum class Backend { kSqlite, kPostgres };

// So that test names and failures say "Postgres", not "4-byte object".
void PrintTo(Backend backend, std::ostream* os);

// "Sqlite" / "Postgres", for INSTANTIATE_TEST_SUITE_P's names.
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

// --db for a fresh, empty database of `backend`.
std::string FreshDatabase(Backend backend);

// The PostgreSQL server URI from the environment (fails the test if unset).
std::string PostgresServerUri();

// Opens the store `db` names (migrating it), failing the test on error.
std::unique_ptr<app::Store> OpenTestStore(const std::string& db);

// Runs `sql` straight on the database `db` names (beside the service, as
// an operator or an attacker would) and returns the first column of the
// first row as an integer (0 when there is none).
int64_t QueryInt(const std::string& db, const std::string& sql);
void ExecSql(const std::string& db, const std::string& sql);

}  // namespace billing::testing

#endif  // BILLING_TESTS_SUPPORT_TEST_BACKEND_H_
