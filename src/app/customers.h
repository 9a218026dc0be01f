// Customer use cases: domain rules applied inside storage transactions.
#ifndef BILLING_APP_CUSTOMERS_H_
#define BILLING_APP_CUSTOMERS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "app/call_context.h"
#include "app/ports/resource_encoder.h"
#include "domain/customer.h"
#include "domain/ledger.h"
#include "domain/paging.h"
#include "app/ports/store.h"

namespace billing::app {

struct ReplacedCustomer {
  domain::Customer customer;
  bool created = false;
};

class Customers {
 public:
  // Every change records its event (customer.created, .updated, .deleted)
  // through `encoder`, in the change's transaction.
  Customers(Store& store, const ResourceEncoder& encoder, Clock clock)
      : store_(store), encoder_(encoder), clock_(std::move(clock)) {}

  // `customer_id` empty: a new server-generated id; otherwise the caller's
  // own id (ALREADY_EXISTS when taken).
  absl::StatusOr<domain::Customer> Create(const CallContext& ctx, std::string_view customer_id,
                                          const domain::CustomerInput& input);
  absl::StatusOr<domain::Customer> Get(const CallContext& ctx, std::string_view customer_id);
  absl::StatusOr<domain::Page<domain::Customer>> List(const CallContext& ctx, int page,
                                                      int page_size,
                                                      std::string_view page_token = {});
  // Replaces the customer, or creates it under `customer_id` (an upsert).
  absl::StatusOr<ReplacedCustomer> Replace(const CallContext& ctx, std::string_view customer_id,
                                           const domain::CustomerInput& input);
  absl::StatusOr<domain::Customer> Update(const CallContext& ctx, std::string_view customer_id,
                                          const domain::CustomerInput& input,
                                          const std::vector<std::string>& paths);
  absl::Status Delete(const CallContext& ctx, std::string_view customer_id);

 private:
  absl::Status Record(Transaction& tx, std::string_view type, const domain::Customer& customer);

  Store& store_;
  const ResourceEncoder& encoder_;
  Clock clock_;
};

// Locks the customer whose balance the caller is about to change (on
// PostgreSQL FOR NO KEY UPDATE; SQLite's single writer needs no lock). Every
// change of a balance takes its locks in one order: the invoice, then this,
// then the numbering row and the list counters. Taking it later, after the
// invoice's row and its counters were written, deadlocked a cancel against
// a process of another invoice of the same customer.
absl::Status LockCustomerBalance(Transaction& tx, std::string_view account_id,
                                 std::string_view customer_id);

// Writes `entries` (the ledger movements of one change, in its transaction)
// and records customer.updated, with the balances they leave, for each
// customer they move: balances are part of the customer as shown (and of its
// ETag), so a change of balance is an update a webhook consumer must hear of.
absl::Status BookLedgerEntries(Transaction& tx, const ResourceEncoder& encoder,
                               const std::vector<domain::LedgerEntry>& entries, absl::Time now);

// The same for entries that all move `customer`, already read (and locked)
// by the caller in this transaction: the row is not read again, which on
// PostgreSQL is one round trip fewer while it is held. An entry of another
// customer is INTERNAL.
absl::Status BookLedgerEntries(Transaction& tx, const ResourceEncoder& encoder,
                               domain::Customer customer,
                               const std::vector<domain::LedgerEntry>& entries, absl::Time now);

// VALIDATION_ERROR on "customer_id" unless 1-64 characters of [A-Za-z0-9_-].
absl::Status CheckClientId(std::string_view customer_id);

// VALIDATION_ERROR on `field` unless `id` has the shape of an id (see
// domain::CheckId): the one check every by-id call makes before touching
// storage.
absl::Status RequireId(std::string_view field, std::string_view id,
                       std::string_view prefix = "");

}  // namespace billing::app

#endif  // BILLING_APP_CUSTOMERS_H_
