// One-line calls to every billing RPC for tests, each with a fresh
// ClientContext carrying the client's credential.
#ifndef BILLING_TESTS_SUPPORT_BILLING_CLIENT_H_
#define BILLING_TESTS_SUPPORT_BILLING_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "billing/v1/credit_note.grpc.pb.h"
#include "billing/v1/customer.grpc.pb.h"
#include "billing/v1/invoice.grpc.pb.h"
#include "billing/v1/ledger.grpc.pb.h"
#include "billing/v1/organization.grpc.pb.h"
#include "billing/v1/payment.grpc.pb.h"
#include "billing/v1/revenue.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace billing::testing {

class BillingClient {
 public:
  // `authorization` is sent as the `authorization` metadata of every call
  // ("" sends none).
  BillingClient(std::shared_ptr<grpc::Channel> channel, std::string authorization);

  grpc::Status CreateCustomer(const v1::Customer& customer, v1::Customer* out);
  grpc::Status GetCustomer(const std::string& id, v1::Customer* out);
  grpc::Status ListCustomers(int page, int page_size, v1::ListCustomersResponse* out);
  grpc::Status ReplaceCustomer(const std::string& id, const v1::Customer& customer,
                               v1::ReplaceCustomerResponse* out);
  grpc::Status UpdateCustomer(const std::string& id, const v1::Customer& customer,
                              const std::vector<std::string>& paths, v1::Customer* out);
  grpc::Status DeleteCustomer(const std::string& id);

  grpc::Status CreateInvoice(const v1::Invoice& invoice, v1::Invoice* out);
  grpc::Status GetInvoice(const std::string& id, v1::Invoice* out);
  grpc::Status ListInvoices(const v1::ListInvoicesRequest& request, v1::ListInvoicesResponse* out);
  grpc::Status ReplaceInvoice(const std::string& id, const v1::Invoice& invoice, v1::Invoice* out);
  grpc::Status UpdateInvoice(const std::string& id, const v1::Invoice& invoice,
                             const std::vector<std::string>& paths, v1::Invoice* out);
  grpc::Status DeleteInvoice(const std::string& id);
  grpc::Status ProcessInvoice(const std::string& id, v1::Invoice* out);
  grpc::Status CancelInvoice(const std::string& id, v1::Invoice* out);
  grpc::Status MarkInvoiceUncollectible(const std::string& id, v1::Invoice* out);
  grpc::Status SendInvoice(const std::string& id, v1::Invoice* out);
  grpc::Status ListInvoiceReminders(const std::string& id, v1::ListInvoiceRemindersResponse* out);
  grpc::Status GetInvoicePdf(const std::string& id, google::api::HttpBody* out);
  grpc::Status GetInvoiceEInvoice(const std::string& id, google::api::HttpBody* out);

  grpc::Status CreatePayment(const std::string& invoice_id, const v1::Payment& payment,
                             v1::Payment* out);
  grpc::Status GetPayment(const std::string& id, v1::Payment* out);
  grpc::Status ListPayments(const v1::ListPaymentsRequest& request,
                            v1::ListPaymentsResponse* out);

  grpc::Status CreateCreditNote(const std::string& invoice_id, const v1::CreditNote& note,
                                v1::CreditNote* out);
  grpc::Status GetCreditNote(const std::string& id, v1::CreditNote* out);
  grpc::Status GetCreditNotePdf(const std::string& id, google::api::HttpBody* out);
  grpc::Status GetCreditNoteEInvoice(const std::string& id, google::api::HttpBody* out);
  grpc::Status ListCreditNotes(const v1::ListCreditNotesRequest& request,
                               v1::ListCreditNotesResponse* out);

  grpc::Status ListLedgerEntries(const std::string& customer_id, int page, int page_size,
                                 v1::ListLedgerEntriesResponse* out);
  grpc::Status ListLedgerEntries(const v1::ListLedgerEntriesRequest& request,
                                 v1::ListLedgerEntriesResponse* out);

  grpc::Status CreateRevenueCalculation(const v1::RevenueCalculation& calc,
                                        v1::RevenueCalculation* out);
  grpc::Status GetRevenueCalculation(const std::string& id, v1::RevenueCalculation* out);
  grpc::Status ListRevenueCalculations(int page, int page_size,
                                       v1::ListRevenueCalculationsResponse* out);
  grpc::Status GetTaxReport(const std::string& period_start, const std::string& period_end,
                            v1::TaxReport* out);
  grpc::Status GetReceivablesAging(const std::string& as_of, const std::string& currency,
                                   v1::ReceivablesAging* out);

  grpc::Status GetOrganization(v1::Organization* out);
  grpc::Status UpdateOrganization(const v1::Organization& organization,
                                  const std::vector<std::string>& paths, v1::Organization* out);

  // Shortcuts that fail the test when the call fails.
  v1::Customer MustCreateCustomer(const std::string& currency = "USD");
  // A draft for `customer_id` of `amount` with no line items.
  v1::Invoice MustCreateInvoice(const std::string& customer_id, const std::string& amount);
  // A processed (pending) invoice for `customer_id` of `amount`.
  v1::Invoice MustCreatePendingInvoice(const std::string& customer_id, const std::string& amount);
  // Polls until the calculation is no longer queued or running (10 s).
  v1::RevenueCalculation AwaitCalculation(const std::string& id);

 private:
  std::unique_ptr<grpc::ClientContext> NewContext() const;

  std::string authorization_;
  std::unique_ptr<v1::CustomerService::Stub> customers_;
  std::unique_ptr<v1::InvoiceService::Stub> invoices_;
  std::unique_ptr<v1::PaymentService::Stub> payments_;
  std::unique_ptr<v1::CreditNoteService::Stub> credit_notes_;
  std::unique_ptr<v1::LedgerService::Stub> ledger_;
  std::unique_ptr<v1::RevenueCalculationService::Stub> revenue_;
  std::unique_ptr<v1::OrganizationService::Stub> organizations_;
};

}  // namespace billing::testing

#endif  // BILLING_TESTS_SUPPORT_BILLING_CLIENT_H_
