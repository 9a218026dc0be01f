// Port: invoices and their line items. Every call is scoped by account.
#ifndef BILLING_APP_PORTS_INVOICE_REPOSITORY_H_
#define BILLING_APP_PORTS_INVOICE_REPOSITORY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/invoice.h"
#include "domain/paging.h"

namespace billing::app {

struct InvoiceFilter {
  std::string customer_id;                     // "" = all customers
  std::optional<domain::InvoiceStatus> status;  // nullopt = all statuses
  std::string number;                          // "" = any; else the one invoice with it
  // nullopt = any; true: only the invoices overdue on `today` (pending,
  // something due, due before today); false: only the others.
  std::optional<bool> overdue;
  absl::CivilDay today;  // the account's today, in its organization's zone
};

// An invoice of some account, for scans across accounts.
struct InvoiceKey {
  std::string account_id;
  std::string id;
};

class InvoiceRepository {
 public:
  virtual ~InvoiceRepository() = default;

  // INVOICE_NOT_FOUND when absent. Line items in their original order.
  // Inside Store::Write the row stays locked until the transaction ends:
  // this is what serializes state transitions across replicas.
  virtual absl::StatusOr<domain::Invoice> Get(std::string_view account_id,
                                              std::string_view invoice_id) = 0;
  // ALREADY_EXISTS on a taken id; CUSTOMER_NOT_FOUND if the customer is absent.
  virtual absl::Status Insert(const domain::Invoice& invoice) = 0;
  // Rewrites the row, its line items and its delivery (the email's state,
  // unless kNone). INVOICE_NOT_FOUND when absent.
  virtual absl::Status Update(const domain::Invoice& invoice) = 0;
  // Rewrites the status and the number alone, in one statement: processing
  // writes the rest first and issues last. ALREADY_EXISTS when the account
  // has the number already; INVOICE_NOT_FOUND when absent.
  virtual absl::Status SetStatusAndNumber(const domain::Invoice& invoice) = 0;
  // INVOICE_NOT_FOUND when absent.
  virtual absl::Status Delete(std::string_view account_id, std::string_view invoice_id) = 0;
  // Oldest first (create_time, then id).
  virtual absl::StatusOr<domain::Page<domain::Invoice>> List(
      std::string_view account_id, const InvoiceFilter& filter,
      const domain::PageRequest& page) = 0;
  // Every invoice of the account that was ever processed (pending, paid, or
  // cancelled after processing: its revenue before the cancellation stays),
  // of one customer if customer_id is not empty, with line items: the input
  // of revenue reports.
  virtual absl::StatusOr<std::vector<domain::Invoice>> ListProcessed(
      std::string_view account_id, std::string_view customer_id) = 0;

  // The queued invoice email (of any account) due longest, with its
  // invoice: its next_attempt_time moves to `lease_until`, so that no other
  // worker takes it until then; a worker that dies lets it come due again.
  // nullopt when none is due. Skips rows other replicas are claiming.
  virtual absl::StatusOr<std::optional<domain::Invoice>> ClaimDueEmail(absl::Time now,
                                                                        absl::Time lease_until) = 0;
  // The collections scan's candidates (of any account) for the
  // invoice.overdue event: pending, something due, due before `due_before`,
  // and the event not yet claimed. By (account, id), after `after` when
  // given, at most `limit`.
  virtual absl::StatusOr<std::vector<InvoiceKey>> ListOverdueEventCandidates(
      absl::CivilDay due_before, const std::optional<InvoiceKey>& after, int limit) = 0;
  // Claims the invoice's invoice.overdue event at `now`: true for the one
  // caller that claims it first, false ever after (a conditional UPDATE,
  // atomic across replicas). Record the event in the same transaction.
  virtual absl::StatusOr<bool> ClaimOverdueEvent(std::string_view account_id,
                                                 std::string_view invoice_id, absl::Time now) = 0;

  // The same invoices oldest first, each handed to `visit` and then dropped:
  // memory stays bounded however many there are. Stops at visit's first
  // error and returns it. For reports: each with its lines and totals, and
  // possibly without its frozen parties and email delivery. (Default: through ListProcessed; the adapters
  // read in batches.)
  virtual absl::Status ForEachProcessed(
      std::string_view account_id, std::string_view customer_id,
      absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) {
    absl::StatusOr<std::vector<domain::Invoice>> all = ListProcessed(account_id, customer_id);
    if (!all.ok()) return all.status();
    for (const domain::Invoice& invoice : *all) {
      if (absl::Status status = visit(invoice); !status.ok()) return status;
    }
    return absl::OkStatus();
  }
  // The same invoices with only what revenue reads of them (RevenuePieces):
  // id, currency, amount, status, due date, create, update, process and
  // cancel times, and each line's quantity, unit amount, amount, discount, service
  // period and tax terms. Nothing else is filled in (no parties, delivery,
  // notes, descriptions or totals), one statement a batch: a fifth less CPU
  // per calculation than whole invoices. The invoice handed to `visit`
  // may be reused for the next one: copy what you keep. In batches, memory
  // bounded, in no promised order. (Default: through ForEachProcessed.)
  virtual absl::Status ForEachRevenueInvoice(
      std::string_view account_id, std::string_view customer_id,
      absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) {
    return ForEachProcessed(account_id, customer_id, visit);
  }
  // The processed invoices that may have something dated in [from, until)
  // for the tax report: processed, cancelled, or given a credit note then.
  // A superset is fine (the report dates each record itself); oldest
  // first, in batches as ForEachProcessed. (Default: every processed one.)
  virtual absl::Status ForEachProcessedActiveIn(
      std::string_view account_id, absl::Time from, absl::Time until,
      absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) {
    (void)from;
    (void)until;
    return ForEachProcessed(account_id, "", visit);
  }
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_INVOICE_REPOSITORY_H_
