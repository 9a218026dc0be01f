// The SQL layer's dialects spell the repositories' one statement text for
// each database: PostgreSQL's row locks appear in its write transactions
// only (a read-only snapshot refuses them), SQLite's single writer takes
// none, times are each database's own columns, and string literals are
// left alone.
#include <string>

#include "gtest/gtest.h"
#include "storage/postgres/pg_session.h"
#include "storage/sqlite/sqlite_session.h"

namespace billing::storage {
namespace {

constexpr char kGet[] =
    "SELECT {micros:create_time} FROM invoices WHERE account_id = ?1 AND id = ?2"
    "{lock:no_key_update}";

TEST(DialectTest, PostgresLocksTheRowInAWriteOnly) {
  const sql::Dialect& pg = postgres::PostgresDialect::Get();
  EXPECT_EQ(pg.Expand(kGet, /*row_locks=*/true),
            "SELECT (EXTRACT(EPOCH FROM create_time) * 1000000)::bigint FROM invoices "
            "WHERE account_id = $1 AND id = $2 FOR NO KEY UPDATE");
  EXPECT_EQ(pg.Expand(kGet, /*row_locks=*/false),
            "SELECT (EXTRACT(EPOCH FROM create_time) * 1000000)::bigint FROM invoices "
            "WHERE account_id = $1 AND id = $2");
}

TEST(DialectTest, SqliteTakesNoRowLocks) {
  const sql::Dialect& sqlite = SqliteDialect::Get();
  const std::string expected =
      "SELECT create_time_us FROM invoices WHERE account_id = ?1 AND id = ?2";
  EXPECT_EQ(sqlite.Expand(kGet, /*row_locks=*/true), expected);
  EXPECT_EQ(sqlite.Expand(kGet, /*row_locks=*/false), expected);
}

TEST(DialectTest, AClaimLocksTheTablesItNamesAndSkipsLockedRows) {
  EXPECT_EQ(postgres::PostgresDialect::Get().Expand(
                "SELECT 1 FROM a e JOIN b i ON true LIMIT 1{lock:no_key_update_skip_locked:e, i}",
                /*row_locks=*/true),
            "SELECT 1 FROM a e JOIN b i ON true LIMIT 1 FOR NO KEY UPDATE OF e, i SKIP LOCKED");
}

TEST(DialectTest, LiteralsAndUnknownMarkersAreLeftAsWritten) {
  const char sql[] = "SELECT '?1 {time:x}' FROM t WHERE a = ?12 AND b = '{lock:update}' {bogus}";
  EXPECT_EQ(postgres::PostgresDialect::Get().Expand(sql, /*row_locks=*/true),
            "SELECT '?1 {time:x}' FROM t WHERE a = $12 AND b = '{lock:update}' {bogus}");
}

}  // namespace
}  // namespace billing::storage
