#ifndef BILLING_API_LEDGER_SERVICE_H_
#define BILLING_API_LEDGER_SERVICE_H_

#include "api/authorization.h"
#include "app/customer_statements.h"
#include "billing/v1/ledger.grpc.pb.h"

namespace billing::api {

// A customer's statement is invoicing data: invoices:read governs it.
class LedgerServiceImpl final : public v1::LedgerService::Service {
 public:
  LedgerServiceImpl(app::CustomerStatements& statements, const Authorizer& authorizer)
      : authorizer_(authorizer), statements_(statements) {}

  grpc::Status ListLedgerEntries(grpc::ServerContext* context,
                                 const v1::ListLedgerEntriesRequest* request,
                                 v1::ListLedgerEntriesResponse* response) override;

 private:
  const Authorizer& authorizer_;
  app::CustomerStatements& statements_;
};

}  // namespace billing::api

#endif  // BILLING_API_LEDGER_SERVICE_H_
