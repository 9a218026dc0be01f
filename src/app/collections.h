// Collections: what the calendar makes of pending invoices (overdue, how
// many days late), and the scan that records invoice.overdue once per
// invoice, whatever the number of replicas, restarts or clock jumps.
#ifndef BILLING_APP_COLLECTIONS_H_
#define BILLING_APP_COLLECTIONS_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "app/call_context.h"
#include "app/ports/resource_encoder.h"
#include "app/ports/store.h"
#include "domain/invoice.h"
#include "domain/overdue.h"

namespace billing::app {

// The zone of the account's organization (UTC while it has none), read in
// `tx` without locking the row.
absl::StatusOr<absl::TimeZone> OrganizationZone(Transaction& tx, std::string_view account_id);

// What domain/overdue.h needs of `invoice`, its issue date in `zone`.
domain::CollectionFacts CollectionFactsOf(const domain::Invoice& invoice, absl::TimeZone zone);

// Sets invoice.days_overdue as of `today` in `zone`.
void ShowOverdue(domain::Invoice& invoice, absl::TimeZone zone, absl::CivilDay today);

// Sets invoice.days_overdue as of now in its organization's zone.
absl::Status ShowOverdue(Transaction& tx, domain::Invoice& invoice, absl::Time now);

struct CollectionsRun {
  int64_t overdue_events = 0;  // invoice.overdue events this run recorded
  int64_t reminders_queued = 0;  // reminders this run claimed and queued
  // Invoices this run could not handle (the next run retries them), and
  // the first of their errors, naming the invoice.
  int64_t failures = 0;
  absl::Status first_failure;
};

class Collections {
 public:
  Collections(Store& store, const ResourceEncoder& encoder, Clock clock)
      : store_(store), encoder_(encoder), clock_(std::move(clock)) {}

  // One scan over every account: records invoice.overdue for each invoice
  // overdue today in its organization's zone, or on `as_of` for all of
  // them (catching up, tests), then claims the payment reminder due for
  // each collectible invoice (SelectReminder) and queues its email for the
  // InvoiceMailWorker. Each claim is its own transaction, so a
  // failure leaves the others recorded and the next scan retries it: one
  // invoice that fails (bad data in one account) is counted in `failures`
  // and the scan goes on. Only a database that cannot be reached, or a
  // failed listing, ends the run with an error.
  absl::StatusOr<CollectionsRun> Run(std::optional<absl::CivilDay> as_of = std::nullopt);

 private:
  // Claims and records one candidate; true when this call recorded it.
  absl::StatusOr<bool> RecordOverdue(const InvoiceKey& key, std::optional<absl::CivilDay> as_of);
  // Claims the reminder SelectReminder picks for one candidate, the offsets
  // it passes over, and records invoice.reminder_sent, all in one
  // transaction; true when this call queued a reminder. A claim another
  // scan made first (the unique key) rolls it all back: false.
  absl::StatusOr<bool> QueueReminder(const InvoiceKey& key, std::optional<absl::CivilDay> as_of);
  // Runs `handle` on each candidate of `list` in batches, counting what it
  // did into `done` and its failures into `run`.
  using ListCandidates = absl::FunctionRef<absl::StatusOr<std::vector<InvoiceKey>>(
      Transaction&, const std::optional<InvoiceKey>&)>;
  using HandleCandidate = absl::FunctionRef<absl::StatusOr<bool>(const InvoiceKey&)>;
  absl::Status Scan(ListCandidates list, HandleCandidate handle, int64_t& done,
                    CollectionsRun& run);

  Store& store_;
  const ResourceEncoder& encoder_;
  Clock clock_;
};

// Runs Collections::Run now and then every `interval` on a thread of its
// own until destroyed. Every replica runs one: the claims keep each event
// single.
class CollectionsScanner {
 public:
  CollectionsScanner(Collections& collections, absl::Duration interval);
  ~CollectionsScanner();  // stops, waiting for a scan in progress
  CollectionsScanner(const CollectionsScanner&) = delete;
  CollectionsScanner& operator=(const CollectionsScanner&) = delete;

 private:
  void Loop();

  Collections& collections_;
  absl::Duration interval_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace billing::app

#endif  // BILLING_APP_COLLECTIONS_H_
