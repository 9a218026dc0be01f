// The PostgreSQL repositories: the ports of src/app/ports over one
// connection with an open transaction. `lock` (set inside Store::Write)
// makes reads of single rows SELECT ... FOR NO KEY UPDATE, which serializes
// read-then-write use cases such as invoice transitions across replicas
// (NO KEY: keys never change, so the foreign key checks of other
// transactions, which take KEY SHARE, do not wait for it).
#ifndef BILLING_STORAGE_POSTGRES_REPOSITORIES_H_
#define BILLING_STORAGE_POSTGRES_REPOSITORIES_H_

#include <optional>
#include <string_view>
#include <vector>

#include "app/ports/api_key_repository.h"
#include "app/ports/credit_note_repository.h"
#include "app/ports/customer_repository.h"
#include "app/ports/event_repository.h"
#include "app/ports/idempotency_repository.h"
#include "app/ports/document_number_repository.h"
#include "app/ports/invoice_repository.h"
#include "app/ports/ledger_repository.h"
#include "app/ports/outbox_repository.h"
#include "app/ports/payment_repository.h"
#include "app/ports/revenue_calculation_repository.h"
#include "app/ports/webhook_repository.h"
#include "storage/postgres/pg_connection.h"

namespace billing::storage::postgres {

class PgInvoices : public app::InvoiceRepository {
 public:
  PgInvoices(PgConnection& c, bool lock) : c_(c), lock_(lock) {}
  absl::StatusOr<domain::Invoice> Get(std::string_view account_id,
                                      std::string_view invoice_id) override;
  absl::Status Insert(const domain::Invoice& invoice) override;
  absl::Status Update(const domain::Invoice& invoice) override;
  absl::Status Delete(std::string_view account_id, std::string_view invoice_id) override;
  absl::StatusOr<domain::Page<domain::Invoice>> List(std::string_view account_id,
                                                     const app::InvoiceFilter& filter,
                                                     const domain::PageRequest& page) override;
  absl::Status ForEachProcessed(
      std::string_view account_id, std::string_view customer_id,
      absl::FunctionRef<absl::Status(const domain::Invoice&)> visit) override;
  absl::StatusOr<std::vector<domain::Invoice>> ListProcessed(
      std::string_view account_id, std::string_view customer_id) override;
  absl::StatusOr<std::optional<domain::Invoice>> ClaimDueEmail(absl::Time now,
                                                                absl::Time lease_until) override;

 private:
  PgConnection& c_;
  bool lock_;
};

}  // namespace billing::storage::postgres

#endif  // BILLING_STORAGE_POSTGRES_REPOSITORIES_H_
