#include "app/customers.h"

#include <optional>
#include <utility>

#include "common/status_macros.h"
#include "domain/error.h"
#include "domain/ids.h"
#include "storage/customer_repository.h"

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

absl::StatusOr<Customer> Customers::Create(const CallContext& ctx, std::string_view customer_id,
                                           const CustomerInput& input) {
  if (!customer_id.empty()) {
    if (absl::Status s = CheckClientId(customer_id); !s.ok()) return s;
  }
  std::string id =
      customer_id.empty() ? domain::NewId(domain::kCustomerIdPrefix) : std::string(customer_id);
  absl::StatusOr<Customer> customer =
      domain::NewCustomer(ctx.account_id, std::move(id), input, clock_());
  if (!customer.ok()) return customer.status();
  absl::Status written =
      db_.Write([&](storage::Connection& conn) { return storage::InsertCustomer(conn, *customer); });
  if (!written.ok()) return written;
  return customer;
}

absl::StatusOr<Customer> Customers::Get(const CallContext& ctx, std::string_view customer_id) {
  RETURN_IF_ERROR(RequireId("customer_id", customer_id));
  absl::StatusOr<Customer> customer;
  absl::Status read = db_.Read([&](storage::Connection& conn) {
    customer = storage::GetCustomer(conn, ctx.account_id, customer_id);
    return customer.status();
  });
  if (!read.ok()) return read;
  return customer;
}

absl::StatusOr<domain::Page<Customer>> Customers::List(const CallContext& ctx, int page,
                                                       int page_size) {
  absl::StatusOr<domain::PageRequest> request = domain::MakePageRequest(page, page_size);
  if (!request.ok()) return request.status();
  absl::StatusOr<domain::Page<Customer>> result;
  absl::Status read = db_.Read([&](storage::Connection& conn) {
    result = storage::ListCustomers(conn, ctx.account_id, *request);
    return result.status();
  });
  if (!read.ok()) return read;
  return result;
}

absl::StatusOr<ReplacedCustomer> Customers::Replace(const CallContext& ctx,
                                                    std::string_view customer_id,
                                                    const CustomerInput& input) {
  if (absl::Status s = CheckClientId(customer_id); !s.ok()) return s;
  ReplacedCustomer result;
  absl::Status written = db_.Write([&](storage::Connection& conn) -> absl::Status {
    absl::StatusOr<Customer> current = storage::GetCustomer(conn, ctx.account_id, customer_id);
    if (domain::ErrorCodeOf(current.status()) == domain::ErrorCode::kCustomerNotFound) {
      absl::StatusOr<Customer> created = domain::NewCustomer(
          ctx.account_id, std::string(customer_id), input, clock_());
      if (!created.ok()) return created.status();
      result = {*std::move(created), true};
      return storage::InsertCustomer(conn, result.customer);
    }
    if (!current.ok()) return current.status();
    absl::StatusOr<Customer> replaced = domain::ReplaceCustomer(*current, input, clock_());
    if (!replaced.ok()) return replaced.status();
    result = {*std::move(replaced), false};
    return storage::UpdateCustomer(conn, result.customer);
  });
  if (!written.ok()) return written;
  return result;
}

absl::StatusOr<Customer> Customers::Update(const CallContext& ctx, std::string_view customer_id,
                                           const CustomerInput& input,
                                           const std::vector<std::string>& paths) {
  RETURN_IF_ERROR(RequireId("customer_id", customer_id));
  std::optional<Customer> result;
  absl::Status written = db_.Write([&](storage::Connection& conn) -> absl::Status {
    absl::StatusOr<Customer> current = storage::GetCustomer(conn, ctx.account_id, customer_id);
    if (!current.ok()) return current.status();
    absl::StatusOr<Customer> updated = domain::UpdateCustomer(*current, input, paths, clock_());
    if (!updated.ok()) return updated.status();
    result = *std::move(updated);
    return storage::UpdateCustomer(conn, *result);
  });
  if (!written.ok()) return written;
  return *std::move(result);
}

absl::Status Customers::Delete(const CallContext& ctx, std::string_view customer_id) {
  RETURN_IF_ERROR(RequireId("customer_id", customer_id));
  return db_.Write([&](storage::Connection& conn) {
    return storage::DeleteCustomer(conn, ctx.account_id, customer_id);
  });
}

}  // namespace billing::app
