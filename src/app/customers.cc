#include "app/customers.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/events.h"
#include "app/idempotency.h"
#include "app/page_tokens.h"
#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/event.h"
#include "domain/ids.h"

namespace billing::app {

using domain::Customer;
using domain::CustomerInput;

absl::Status RequireId(std::string_view field, std::string_view id,
                       std::string_view prefix) {
  return domain::CheckId(field, id, prefix);
}

absl::Status CheckClientId(std::string_view customer_id) {
  if (domain::IsValidClientId(customer_id)) return absl::OkStatus();
  return domain::ValidationError("customer_id",
                                 "must be 1-64 characters of letters, digits, '_' and '-'");
}

namespace {

// A customer as shown: with its balances, read in the caller's transaction.
absl::Status LoadBalances(Transaction& tx, Customer& customer) {
  ASSIGN_OR_RETURN(customer.balances, tx.ledger().Balances(customer.account_id, customer.id));
  return absl::OkStatus();
}

// The customer with the balances its ledger now gives, as customer.updated.
absl::Status RecordBalances(Transaction& tx, const ResourceEncoder& encoder, Customer& customer,
                            absl::Time now) {
  RETURN_IF_ERROR(LoadBalances(tx, customer));
  return RecordEvent(tx, encoder, customer.account_id, domain::kCustomerUpdated, customer.id,
                     encoder.Encode(customer), now);
}

}  // namespace

absl::Status LockCustomerBalance(Transaction& tx, std::string_view account_id,
                                 std::string_view customer_id) {
  return tx.customers().Get(account_id, customer_id).status();
}

absl::Status BookLedgerEntries(Transaction& tx, const ResourceEncoder& encoder,
                               const std::vector<domain::LedgerEntry>& entries, absl::Time now) {
  std::vector<std::pair<std::string, std::string>> moved;  // (account, customer), in order
  for (const domain::LedgerEntry& entry : entries) {
    RETURN_IF_ERROR(tx.ledger().Insert(entry));
    std::pair<std::string, std::string> key{entry.account_id, entry.customer_id};
    if (std::find(moved.begin(), moved.end(), key) == moved.end()) moved.push_back(key);
  }
  for (const auto& [account_id, customer_id] : moved) {
    // Read (and, on PostgreSQL, locked) after the entries are written: of two
    // concurrent changes of one customer's balance, the second waits for the
    // first and its event shows both.
    ASSIGN_OR_RETURN(Customer customer, tx.customers().Get(account_id, customer_id));
    RETURN_IF_ERROR(RecordBalances(tx, encoder, customer, now));
  }
  return absl::OkStatus();
}

absl::Status BookLedgerEntries(Transaction& tx, const ResourceEncoder& encoder, Customer customer,
                               const std::vector<domain::LedgerEntry>& entries, absl::Time now) {
  if (entries.empty()) return absl::OkStatus();
  for (const domain::LedgerEntry& entry : entries) {
    if (entry.account_id != customer.account_id || entry.customer_id != customer.id) {
      return domain::Error(domain::ErrorCode::kInternal,
                           "a ledger entry is not the booked customer's");
    }
    RETURN_IF_ERROR(tx.ledger().Insert(entry));
  }
  return RecordBalances(tx, encoder, customer, now);
}

absl::StatusOr<Customer> Customers::Create(const CallContext& ctx, std::string_view customer_id,
                                           const CustomerInput& input) {
  if (!customer_id.empty()) RETURN_IF_ERROR(CheckClientId(customer_id));
  std::string id =
      customer_id.empty() ? domain::NewId(domain::kCustomerIdPrefix) : std::string(customer_id);
  ASSIGN_OR_RETURN(Customer customer,
                   domain::NewCustomer(ctx.account_id, std::move(id), input, clock_()));
  RETURN_IF_ERROR(WriteOnce(store_, ctx, customer, [&](Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(tx.customers().Insert(customer));
    return Record(tx, domain::kCustomerCreated, customer);
  }));
  return customer;
}

absl::StatusOr<Customer> Customers::Get(const CallContext& ctx, std::string_view customer_id) {
  RETURN_IF_ERROR(RequireId("customer_id", customer_id));
  std::optional<Customer> customer;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(customer, tx.customers().Get(ctx.account_id, customer_id));
    return LoadBalances(tx, *customer);
  }));
  return *std::move(customer);
}

absl::StatusOr<domain::Page<Customer>> Customers::List(const CallContext& ctx, int page,
                                                       int page_size,
                                                       std::string_view page_token) {
  constexpr std::string_view kListKey = "customers";
  ASSIGN_OR_RETURN(domain::PageRequest request,
                   MakeListPageRequest(store_, ctx, page, page_size, page_token, kListKey));
  std::optional<domain::Page<Customer>> result;
  RETURN_IF_ERROR(store_.Read([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(result, tx.customers().List(ctx.account_id, request));
    for (Customer& customer : result->items) RETURN_IF_ERROR(LoadBalances(tx, customer));
    return absl::OkStatus();
  }));
  RETURN_IF_ERROR(SetSealedNextPageToken(store_, ctx, *result, kListKey));
  return *std::move(result);
}

absl::StatusOr<ReplacedCustomer> Customers::Replace(const CallContext& ctx,
                                                    std::string_view customer_id,
                                                    const CustomerInput& input) {
  RETURN_IF_ERROR(CheckClientId(customer_id));
  ReplacedCustomer result;
  RETURN_IF_ERROR(store_.Write([&](Transaction& tx) -> absl::Status {
    absl::StatusOr<Customer> current = tx.customers().Get(ctx.account_id, customer_id);
    if (domain::ErrorCodeOf(current.status()) == domain::ErrorCode::kCustomerNotFound) {
      ASSIGN_OR_RETURN(Customer created, domain::NewCustomer(ctx.account_id,
                                                             std::string(customer_id), input,
                                                             clock_()));
      result = {std::move(created), true};
      RETURN_IF_ERROR(tx.customers().Insert(result.customer));
      return Record(tx, domain::kCustomerCreated, result.customer);
    }
    RETURN_IF_ERROR(current.status());
    // Balances are part of the answer, so of its ETag too.
    RETURN_IF_ERROR(LoadBalances(tx, *current));
    RETURN_IF_ERROR(CheckIfMatch(ctx, "customer", *current));
    ASSIGN_OR_RETURN(Customer replaced, domain::ReplaceCustomer(*current, input, clock_()));
    result = {std::move(replaced), false};
    RETURN_IF_ERROR(LoadBalances(tx, result.customer));
    RETURN_IF_ERROR(tx.customers().Update(result.customer));
    return Record(tx, domain::kCustomerUpdated, result.customer);
  }));
  return result;
}

absl::StatusOr<Customer> Customers::Update(const CallContext& ctx, std::string_view customer_id,
                                           const CustomerInput& input,
                                           const std::vector<std::string>& paths) {
  RETURN_IF_ERROR(RequireId("customer_id", customer_id));
  std::optional<Customer> result;
  RETURN_IF_ERROR(WriteOnce(store_, ctx, result, [&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(Customer current, tx.customers().Get(ctx.account_id, customer_id));
    RETURN_IF_ERROR(LoadBalances(tx, current));
    RETURN_IF_ERROR(CheckIfMatch(ctx, "customer", current));
    ASSIGN_OR_RETURN(result, domain::UpdateCustomer(current, input, paths, clock_()));
    RETURN_IF_ERROR(LoadBalances(tx, *result));
    RETURN_IF_ERROR(tx.customers().Update(*result));
    return Record(tx, domain::kCustomerUpdated, *result);
  }));
  return *std::move(result);
}

absl::Status Customers::Delete(const CallContext& ctx, std::string_view customer_id) {
  RETURN_IF_ERROR(RequireId("customer_id", customer_id));
  return WriteOnce(store_, ctx, [&](Transaction& tx) -> absl::Status {
    // The event carries the last state, so read it before it is gone.
    ASSIGN_OR_RETURN(Customer last, tx.customers().Get(ctx.account_id, customer_id));
    RETURN_IF_ERROR(LoadBalances(tx, last));
    if (ctx.write != nullptr && !ctx.write->if_match.empty()) {
      RETURN_IF_ERROR(CheckIfMatch(ctx, "customer", last));
    }
    RETURN_IF_ERROR(tx.customers().Delete(ctx.account_id, customer_id));
    return Record(tx, domain::kCustomerDeleted, last);
  });
}

absl::Status Customers::Record(Transaction& tx, std::string_view type, const Customer& customer) {
  return RecordEvent(tx, encoder_, customer.account_id, type, customer.id,
                     encoder_.Encode(customer), clock_());
}

}  // namespace billing::app
