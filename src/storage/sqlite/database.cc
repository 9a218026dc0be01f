#include "storage/sqlite/database.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/error.h"
#include "storage/sqlite/group_commit_writer.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/reader_pool.h"

namespace billing::storage {
namespace {

// PRAGMA synchronous values, in the numbering SQLite reports them back.
constexpr const char* kSynchronousModes[] = {"OFF", "NORMAL", "FULL", "EXTRA"};

absl::StatusOr<int> SynchronousLevel(const std::string& name) {
  std::string upper = absl::AsciiStrToUpper(name);
  for (int level = 0; level < 4; ++level) {
    if (upper == kSynchronousModes[level]) return level;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("synchronous must be OFF, NORMAL, FULL or EXTRA, not \"", name, "\""));
}

absl::Status ValidateOptions(const DatabaseOptions& options) {
  if (options.path.empty() || options.path == ":memory:") {
    // Every connection must reach the same file: an in-memory database would
    // give each reader a private, empty one.
    return absl::InvalidArgumentError("the database path must name a file");
  }
  if (options.read_connections < 1) {
    return absl::InvalidArgumentError("read_connections must be at least 1");
  }
  if (options.busy_timeout < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("busy_timeout must not be negative");
  }
  return SynchronousLevel(options.synchronous).status();
}

// A PRAGMA that SQLite ignores silently (e.g. foreign keys in a build without
// them) would leave a rule unenforced, so each setting is read back.
absl::Status SetAndCheck(Connection& db, const char* name, int64_t value) {
  std::string set = absl::StrCat("PRAGMA ", name, " = ", value);
  if (absl::Status status = db.Exec(set); !status.ok()) return status;
  absl::StatusOr<int64_t> actual = db.QueryInt64(absl::StrCat("PRAGMA ", name));
  if (!actual.ok()) return actual.status();
  if (*actual != value) {
    return domain::Error(domain::ErrorCode::kInternal,
                         absl::StrCat("PRAGMA ", name, " is ", *actual, ", expected ", value));
  }
  return absl::OkStatus();
}

absl::Status ConfigureCommon(Connection& db, const DatabaseOptions& options) {
  // Waits for another process's lock instead of failing at once with BUSY.
  // SQLite keeps the timeout in an int: a longer (or infinite) one is capped.
  int64_t busy_ms = std::min<int64_t>(absl::ToInt64Milliseconds(options.busy_timeout),
                                      std::numeric_limits<int>::max());
  if (absl::Status status = SetAndCheck(db, "busy_timeout", busy_ms); !status.ok()) {
    return status;
  }
  if (absl::Status status = SetAndCheck(db, "foreign_keys", 1); !status.ok()) return status;
  return SetAndCheck(db, "synchronous", *SynchronousLevel(options.synchronous));
}

absl::Status ConfigureWriter(Connection& db, const DatabaseOptions& options) {
  // The busy timeout first: another process opening the file at the same
  // moment (a second `collections run`, a replica starting) holds locks
  // that the journal mode's statement must wait out, not fail on.
  if (absl::Status status = ConfigureCommon(db, options); !status.ok()) return status;
  // WAL is stored in the file, so setting it once here covers the readers;
  // it is what lets readers work while a write transaction is open.
  absl::StatusOr<std::string> mode = db.QueryText("PRAGMA journal_mode = WAL");
  if (!mode.ok()) return mode.status();
  if (absl::AsciiStrToLower(*mode) != "wal") {
    return domain::Error(domain::ErrorCode::kInternal,
                         absl::StrCat("could not switch ", options.path,
                                      " to WAL mode (journal_mode is ", *mode, ")"));
  }
  // Each job of a group commit runs in a savepoint, whose undo images (the
  // sub-journal) spilled past 64 KiB into a temp file created, written and
  // unlinked in every batch: a CreateInvoice profile showed the writer
  // thread in open/unlink/pwrite of "etilqs_" files. In memory they cost a
  // batch's modified pages, briefly. Durability is the WAL's and does not
  // change: the sub-journal only serves ROLLBACK TO inside an open
  // transaction, and a crash discards that transaction anyway.
  return SetAndCheck(db, "temp_store", 2);
}

absl::Status ConfigureReader(Connection& db, const DatabaseOptions& options) {
  if (absl::Status status = ConfigureCommon(db, options); !status.ok()) return status;
  // A write sneaked into Read would bypass the single write path.
  return SetAndCheck(db, "query_only", 1);
}

absl::StatusOr<std::unique_ptr<Connection>> OpenWriter(const DatabaseOptions& options) {
  absl::StatusOr<std::unique_ptr<Connection>> db =
      Connection::Open(options.path, Connection::Mode::kReadWriteCreate);
  if (!db.ok()) return db.status();
  if (absl::Status status = ConfigureWriter(**db, options); !status.ok()) return status;
  if (absl::Status status = ApplyMigrations(**db, Migrations()); !status.ok()) return status;
  return db;
}

absl::StatusOr<std::vector<std::unique_ptr<Connection>>> OpenReaders(
    const DatabaseOptions& options) {
  std::vector<std::unique_ptr<Connection>> readers;
  for (int i = 0; i < options.read_connections; ++i) {
    absl::StatusOr<std::unique_ptr<Connection>> db =
        Connection::Open(options.path, Connection::Mode::kReadWrite);
    if (!db.ok()) return db.status();
    if (absl::Status status = ConfigureReader(**db, options); !status.ok()) return status;
    readers.push_back(*std::move(db));
  }
  return readers;
}

// Whether the file this connection has open was deleted or renamed: the
// connection would keep working on a file nobody will ever open again.
absl::Status CheckFileInPlace(Connection& db) {
  int moved = 0;
  int result = sqlite3_file_control(db.handle(), "main", SQLITE_FCNTL_HAS_MOVED, &moved);
  if (result == SQLITE_OK && moved != 0) {
    return domain::Error(domain::ErrorCode::kDatabaseUnavailable,
                         "the database file was deleted or moved");
  }
  return absl::OkStatus();
}

}  // namespace

class Database::Impl {
 public:
  Impl(std::unique_ptr<GroupCommitWriter> writer, std::unique_ptr<ReaderPool> readers)
      : writer_(std::move(writer)), readers_(std::move(readers)) {}

  ~Impl() {
    // Readers first, so that the writer's connection is the last one open:
    // closing it checkpoints the WAL into the main file and removes it.
    readers_.reset();
    writer_.reset();
  }

  GroupCommitWriter& writer() { return *writer_; }
  ReaderPool& readers() { return *readers_; }

 private:
  std::unique_ptr<GroupCommitWriter> writer_;
  std::unique_ptr<ReaderPool> readers_;
};

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  if (absl::Status status = ValidateOptions(options); !status.ok()) return status;
  // The writer opens first: it creates the file, sets WAL and migrates, so
  // readers only ever see a complete schema.
  absl::StatusOr<std::unique_ptr<Connection>> writer = OpenWriter(options);
  if (!writer.ok()) return writer.status();
  absl::StatusOr<std::vector<std::unique_ptr<Connection>>> readers = OpenReaders(options);
  if (!readers.ok()) return readers.status();
  auto impl = std::make_unique<Impl>(std::make_unique<GroupCommitWriter>(*std::move(writer)),
                                     std::make_unique<ReaderPool>(*std::move(readers)));
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Database::~Database() = default;

absl::Status Database::Write(absl::FunctionRef<absl::Status(Connection&)> work) {
  return impl_->writer().Write(work);
}

absl::Status Database::Read(absl::FunctionRef<absl::Status(Connection&)> work) {
  return impl_->readers().Read(work);
}

void Database::SetObserver(app::StoreObserver* observer) {
  impl_->writer().SetObserver(observer);
  impl_->readers().SetObserver(observer);
}

int Database::QueuedWrites() const { return impl_->writer().queued_jobs(); }

absl::Status Database::CheckHealth() {
  return Read([](Connection& db) -> absl::Status {
    if (absl::Status status = CheckFileInPlace(db); !status.ok()) return status;
    // Reads real pages, so a damaged or unreadable file shows up here.
    return AppliedSchemaVersion(db).status();
  });
}

absl::StatusOr<int> Database::SchemaVersion() {
  int version = 0;
  absl::Status status = Read([&version](Connection& db) -> absl::Status {
    absl::StatusOr<int> applied = AppliedSchemaVersion(db);
    if (!applied.ok()) return applied.status();
    version = *applied;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return version;
}

}  // namespace billing::storage
