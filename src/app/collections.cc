#include "app/collections.h"

#include <optional>
#include <set>
#include <string>
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
#include "domain/reminder_schedule.h"
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
  RETURN_IF_ERROR(Scan(
      [&](Transaction& tx, const std::optional<InvoiceKey>& after) {
        return tx.invoices().ListOverdueEventCandidates(due_before, after, kScanBatch);
      },
      [&](const InvoiceKey& key) { return RecordOverdue(key, as_of); }, run.overdue_events,
      run));
  // A reminder may come up to kMaxReminderOffsetDays before the due date.
  const absl::CivilDay reminder_due_before =
      due_before + (1 - domain::kMinReminderOffsetDays);
  RETURN_IF_ERROR(Scan(
      [&](Transaction& tx, const std::optional<InvoiceKey>& after) {
        return tx.invoice_reminders().ListCandidates(reminder_due_before, after, kScanBatch);
      },
      [&](const InvoiceKey& key) { return QueueReminder(key, as_of); }, run.reminders_queued,
      run));
  return run;
}

absl::Status Collections::Scan(ListCandidates list, HandleCandidate handle, int64_t& done,
                               CollectionsRun& run) {
  std::optional<InvoiceKey> after;
  while (true) {
    std::vector<InvoiceKey> batch;
    RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
      ASSIGN_OR_RETURN(batch, list(tx, after));
      return absl::OkStatus();
    }));
    for (const InvoiceKey& key : batch) {
      absl::StatusOr<bool> handled = handle(key);
      if (handled.ok()) {
        if (*handled) ++done;
        continue;
      }
      if (domain::ErrorCodeOf(handled.status()) == domain::ErrorCode::kDatabaseUnavailable) {
        return handled.status();  // every other invoice would fail the same way
      }
      log::Warning("collections: invoice skipped until the next scan",
                   {log::Str("account_id", key.account_id), log::Str("invoice_id", key.id),
                    log::Str("error", handled.status().ToString())});
      if (run.failures++ == 0) {
        run.first_failure = absl::Status(
            handled.status().code(),
            absl::StrCat("invoice ", key.id, " of account ", key.account_id, ": ",
                         handled.status().message()));
      }
    }
    if (static_cast<int>(batch.size()) < kScanBatch) return absl::OkStatus();
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

namespace {

// What a scan would claim for an invoice's reminders now, and what it needs
// to claim it; nullopt when nothing (reminders off, none due, all claimed).
struct ReminderPlan {
  domain::Invoice invoice;
  absl::TimeZone zone;
  absl::CivilDay today;
  domain::ReminderDecision decision;
};

absl::StatusOr<std::optional<ReminderPlan>> PlanReminder(Transaction& tx, const InvoiceKey& key,
                                                        std::optional<absl::CivilDay> as_of,
                                                        absl::Time now) {
  ASSIGN_OR_RETURN(domain::Invoice invoice, tx.invoices().Get(key.account_id, key.id));
  ASSIGN_OR_RETURN(std::optional<domain::Organization> stored,
                   tx.organizations().FindToReference(key.account_id));
  const domain::Organization organization =
      stored.has_value() ? *std::move(stored) : domain::DefaultOrganization(key.account_id);
  if (organization.reminder_schedule.empty()) return std::nullopt;  // reminders off
  ASSIGN_OR_RETURN(absl::TimeZone zone, domain::LoadOrganizationTimeZone(organization.time_zone));
  ASSIGN_OR_RETURN(domain::Customer customer,
                   tx.customers().GetToReference(key.account_id, invoice.customer_id));
  ASSIGN_OR_RETURN(std::set<int> claimed,
                   tx.invoice_reminders().ClaimedOffsets(key.account_id, key.id));
  const absl::CivilDay today = as_of.has_value() ? *as_of : domain::LocalDay(now, zone);
  domain::ReminderDecision decision =
      domain::SelectReminder(CollectionFactsOf(invoice, zone), customer.reminders_enabled,
                             organization.reminder_schedule, claimed, today);
  if (!decision.send.has_value() && decision.skip.empty()) return std::nullopt;
  return ReminderPlan{.invoice = std::move(invoice),
                      .zone = zone,
                      .today = today,
                      .decision = std::move(decision)};
}

}  // namespace

absl::StatusOr<bool> Collections::QueueReminder(const InvoiceKey& key,
                                                std::optional<absl::CivilDay> as_of) {
  // Most candidates have nothing due on most scans (the scan runs hourly
  // and lists every invoice due within a year): decided first on a read
  // snapshot, so that only an invoice with a reminder to claim takes a
  // write transaction and its row locks.
  bool due = false;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<ReminderPlan> plan, PlanReminder(tx, key, as_of, clock_()));
    due = plan.has_value();
    return absl::OkStatus();
  }));
  if (!due) return false;
  bool queued = false;
  bool lost = false;
  const absl::Status status = store_.Write([&](Transaction& tx) -> absl::Status {
    queued = false;
    lost = false;
    // Decided again, locked: a payment since the snapshot may have settled
    // it, and a second scan of the same invoice waits here, then sees this
    // one's claims.
    const absl::Time now = clock_();
    ASSIGN_OR_RETURN(std::optional<ReminderPlan> plan, PlanReminder(tx, key, as_of, now));
    if (!plan.has_value()) return absl::OkStatus();
    domain::Invoice& invoice = plan->invoice;
    auto claim = [&](int offset, domain::ReminderStatus status,
                     std::string error) -> absl::StatusOr<bool> {
      domain::InvoiceReminder reminder{
          .account_id = key.account_id,
          .invoice_id = key.id,
          .offset_days = offset,
          .scheduled_date = domain::ReminderDay(invoice.due_date, offset),
          .claim_date = plan->today,
          .status = status,
          .claim_time = now,
          .error = std::move(error)};
      if (status == domain::ReminderStatus::kQueued) reminder.next_attempt_time = now;
      return tx.invoice_reminders().Claim(reminder);
    };
    for (int offset : plan->decision.skip) {
      ASSIGN_OR_RETURN(bool won,
                       claim(offset, domain::ReminderStatus::kSkipped,
                             "not sent: a later reminder was due when it was considered"));
      if (!won) {
        lost = true;
        return absl::AbortedError("another scan claimed this invoice's reminders");
      }
    }
    if (!plan->decision.send.has_value()) return absl::OkStatus();
    ASSIGN_OR_RETURN(bool won, claim(*plan->decision.send, domain::ReminderStatus::kQueued, ""));
    if (!won) {
      lost = true;
      return absl::AbortedError("another scan claimed this invoice's reminders");
    }
    ShowOverdue(invoice, plan->zone, plan->today);
    RETURN_IF_ERROR(RecordEvent(tx, encoder_, invoice.account_id, domain::kInvoiceReminderSent,
                                invoice.id, encoder_.Encode(invoice), now));
    queued = true;
    return absl::OkStatus();
  });
  if (lost) return false;  // rolled back: the other scan's claims stand
  RETURN_IF_ERROR(status);
  return queued;
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
    } else if (run->overdue_events > 0 || run->reminders_queued > 0 || run->failures > 0) {
      log::Info("collections scan", {log::Int("overdue_events", run->overdue_events),
                                     log::Int("reminders_queued", run->reminders_queued),
                                     log::Int("failures", run->failures)});
    }
  } while (!stop_.WaitForNotificationWithTimeout(interval_));
}

}  // namespace billing::app
