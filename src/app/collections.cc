#include "app/collections.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/events.h"
#include "common/status_macros.h"
#include "domain/business_calendar.h"
#include "domain/error.h"
#include "domain/event.h"
#include "domain/organization.h"
#include "domain/receivables.h"
#include "log/json_log.h"

namespace billing::app {
namespace {

// Candidates read per query: keys only, so a batch stays small.
constexpr int kScanBatch = 200;

}  // namespace

absl::StatusOr<absl::TimeZone> OrganizationZone(Transaction& tx, std::string_view account_id) {
  ASSIGN_OR_RETURN(std::optional<domain::Organization> stored,
                   tx.organizations().FindToReference(account_id));
  return domain::LoadOrganizationTimeZone(stored.has_value() ? stored->time_zone : "");
}

domain::CollectionFacts CollectionFactsOf(const domain::Invoice& invoice, absl::TimeZone zone) {
  return {.status = invoice.status,
          .amount_due = domain::AmountDue(invoice),
          .issue_date = invoice.process_time.has_value()
                            ? domain::LocalDay(*invoice.process_time, zone)
                            : invoice.due_date,
          .due_date = invoice.due_date};
}

void ShowOverdue(domain::Invoice& invoice, absl::TimeZone zone, absl::CivilDay today) {
  invoice.days_overdue = domain::DaysOverdue(CollectionFactsOf(invoice, zone), today);
}

absl::Status ShowOverdue(Transaction& tx, domain::Invoice& invoice, absl::Time now) {
  ASSIGN_OR_RETURN(absl::TimeZone zone, OrganizationZone(tx, invoice.account_id));
  ShowOverdue(invoice, zone, domain::LocalDay(now, zone));
  return absl::OkStatus();
}

absl::StatusOr<CollectionsRun> Collections::Run(std::optional<absl::CivilDay> as_of) {
  // Overdue needs today > due date. No zone is more than a day ahead of
  // UTC (UTC+14 at most), so before UTC's tomorrow bounds every account's.
  const absl::CivilDay due_before =
      as_of.has_value() ? *as_of : domain::LocalDay(clock_(), absl::UTCTimeZone()) + 1;
  CollectionsRun run;
  std::optional<InvoiceKey> after;
  while (true) {
    std::vector<InvoiceKey> batch;
    RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(batch,
                       tx.invoices().ListOverdueEventCandidates(due_before, after, kScanBatch));
      return absl::OkStatus();
    }));
    for (const InvoiceKey& key : batch) {
      absl::StatusOr<bool> recorded = RecordOverdue(key, as_of);
      if (recorded.ok()) {
        if (*recorded) ++run.overdue_events;
        continue;
      }
      if (domain::ErrorCodeOf(recorded.status()) == domain::ErrorCode::kDatabaseUnavailable) {
        return recorded.status();  // every other invoice would fail the same way
      }
      log::Warning("collections: invoice skipped until the next scan",
                   {log::Str("account_id", key.account_id), log::Str("invoice_id", key.id),
                    log::Str("error", recorded.status().ToString())});
      if (run.failures++ == 0) {
        run.first_failure = absl::Status(
            recorded.status().code(),
            absl::StrCat("invoice ", key.id, " of account ", key.account_id, ": ",
                         recorded.status().message()));
      }
    }
    if (static_cast<int>(batch.size()) < kScanBatch) return run;
    after = batch.back();
  }
}

absl::StatusOr<bool> Collections::RecordOverdue(const InvoiceKey& key,
                                                std::optional<absl::CivilDay> as_of) {
  bool recorded = false;
  RETURN_IF_ERROR(store_.Write([&](Transaction& tx) -> absl::Status {
    recorded = false;
    // Read again, locked: a payment since the listing may have settled it.
    ASSIGN_OR_RETURN(domain::Invoice invoice, tx.invoices().Get(key.account_id, key.id));
    ASSIGN_OR_RETURN(absl::TimeZone zone, OrganizationZone(tx, key.account_id));
    const absl::Time now = clock_();
    const absl::CivilDay today = as_of.has_value() ? *as_of : domain::LocalDay(now, zone);
    const domain::CollectionFacts facts = CollectionFactsOf(invoice, zone);
    if (!domain::OverdueEventDue(facts, today, /*already_recorded=*/false)) {
      return absl::OkStatus();  // not yet late where its organization is
    }
    ASSIGN_OR_RETURN(bool claimed, tx.invoices().ClaimOverdueEvent(key.account_id, key.id, now));
    if (!claimed) return absl::OkStatus();  // another scan recorded it
    ShowOverdue(invoice, zone, today);
    RETURN_IF_ERROR(RecordEvent(tx, encoder_, invoice.account_id, domain::kInvoiceOverdue,
                                invoice.id, encoder_.Encode(invoice), now));
    recorded = true;
    return absl::OkStatus();
  }));
  return recorded;
}

CollectionsScanner::CollectionsScanner(Collections& collections, absl::Duration interval)
    : collections_(collections), interval_(interval), thread_([this] { Loop(); }) {}

CollectionsScanner::~CollectionsScanner() {
  stop_.Notify();
  thread_.join();
}

void CollectionsScanner::Loop() {
  do {
    absl::StatusOr<CollectionsRun> run = collections_.Run();
    if (!run.ok()) {
      log::Warning("collections scan will retry", {log::Str("error", run.status().ToString())});
    } else if (run->overdue_events > 0 || run->failures > 0) {
      log::Info("collections scan", {log::Int("overdue_events", run->overdue_events),
                                     log::Int("failures", run->failures)});
    }
  } while (!stop_.WaitForNotificationWithTimeout(interval_));
}

}  // namespace billing::app
