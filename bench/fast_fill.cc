// bench_fast_fill: fills a billing database for the scale benchmark without
// the network. Several threads call the invoice use cases in-process (the
// same app::Invoices, storage adapter and event encoder as billing-server),
// so the rows are exactly what the service writes for
// POST /invoices + POST /invoices/{id}/process; only gRPC, HTTP, auth and
// the access log are skipped. SQLite's group commit still batches the
// writes, with synchronous=FULL as in the service.
//
//   bench_fast_fill --db=PATH_OR_URI --account=acct_bench
//     --customers=cus_a,cus_b --n=100000 --threads=32 [--process=false]
//
// The server must not run on a SQLite file while it is filled (one writer).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "api/resource_encoder.h"
#include "app/call_context.h"
#include "app/invoices.h"
#include "app/ports/store.h"
#include "domain/invoice.h"
#include "server/store_factory.h"

ABSL_FLAG(std::string, db, "", "SQLite file or postgres:// URI (as billing-server --db)");
ABSL_FLAG(std::string, account, "acct_bench", "the account the invoices belong to");
ABSL_FLAG(std::string, customers, "", "comma-separated customer ids of that account, used in turn");
ABSL_FLAG(int64_t, n, 1000, "invoices to create");
ABSL_FLAG(int, threads, 8, "threads calling the use cases at once");
ABSL_FLAG(bool, process, true, "process every invoice after creating it (status pending)");

namespace {

// The invoice bench/fill (the REST fill) sends: one line over Q1 2026.
billing::domain::InvoiceInput InvoiceFor(const std::string& customer) {
  billing::domain::InvoiceInput input;
  input.customer_id = customer;
  input.due_date = "2099-01-31";
  input.line_items.push_back(billing::domain::LineItemInput{
      .description = "Support, Q1",
      .quantity = 3,
      .unit_amount = "100.00",
      .service_period_start = "2026-01-01",
      .service_period_end = "2026-03-31",
  });
  return input;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string db = absl::GetFlag(FLAGS_db);
  const std::vector<std::string> customers =
      absl::StrSplit(absl::GetFlag(FLAGS_customers), ',', absl::SkipEmpty());
  const int64_t n = absl::GetFlag(FLAGS_n);
  const int threads = absl::GetFlag(FLAGS_threads);
  const bool process = absl::GetFlag(FLAGS_process);
  if (db.empty() || customers.empty() || n < 0 || threads < 1) {
    std::fprintf(stderr, "fast_fill: --db and --customers are required, --n >= 0, --threads >= 1\n");
    return 2;
  }

  billing::server::StoreOptions options;
  options.connections = threads;
  absl::StatusOr<std::unique_ptr<billing::app::Store>> store =
      billing::server::OpenStore(db, options);
  if (!store.ok()) {
    std::fprintf(stderr, "fast_fill: %s\n", store.status().ToString().c_str());
    return 1;
  }
  billing::api::ProtoResourceEncoder encoder;
  // No SMTP in the benchmark's server either: the same delivery status.
  billing::app::Invoices invoices(**store, encoder, billing::app::SystemClock(),
                                  /*mail_configured=*/false);
  billing::app::CallContext ctx;
  ctx.account_id = absl::GetFlag(FLAGS_account);

  std::vector<billing::domain::InvoiceInput> inputs;
  for (const std::string& customer : customers) inputs.push_back(InvoiceFor(customer));

  std::atomic<int64_t> next{0};
  std::atomic<int64_t> done{0};
  std::atomic<bool> failed{false};
  absl::Mutex error_mu;
  absl::Status error;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      while (!failed.load(std::memory_order_relaxed)) {
        const int64_t i = next.fetch_add(1);
        if (i >= n) return;
        absl::Status status;
        absl::StatusOr<billing::domain::Invoice> created =
            invoices.Create(ctx, inputs[static_cast<size_t>(i) % inputs.size()]);
        if (!created.ok()) {
          status = created.status();
        } else if (process) {
          status = invoices.Process(ctx, created->id).status();
        }
        if (!status.ok()) {
          absl::MutexLock lock(&error_mu);
          if (error.ok()) error = status;
          failed.store(true);
          return;
        }
        const int64_t d = done.fetch_add(1) + 1;
        if (d % 100000 == 0) {
          std::fprintf(stderr, "fast_fill: %lld of %lld\n", static_cast<long long>(d),
                       static_cast<long long>(n));
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  if (!error.ok()) {
    std::fprintf(stderr, "fast_fill: %s\n", error.ToString().c_str());
    return 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "fast_fill: %lld invoices (process=%s) in %.1f s, %.0f/s, %d threads\n",
               static_cast<long long>(n), process ? "true" : "false", seconds,
               seconds > 0 ? static_cast<double>(n) / seconds : 0.0, threads);
  return 0;
}
