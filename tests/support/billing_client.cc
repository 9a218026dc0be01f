#include "tests/support/billing_client.h"

#include <chrono>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"

namespace billing::testing {

BillingClient::BillingClient(std::shared_ptr<grpc::Channel> channel, std::string authorization)
    : authorization_(std::move(authorization)),
      customers_(v1::CustomerService::NewStub(channel)),
      invoices_(v1::InvoiceService::NewStub(channel)),
      payments_(v1::PaymentService::NewStub(channel)),
      credit_notes_(v1::CreditNoteService::NewStub(channel)),
      ledger_(v1::LedgerService::NewStub(channel)),
      revenue_(v1::RevenueCalculationService::NewStub(channel)),
      organizations_(v1::OrganizationService::NewStub(channel)) {}

std::unique_ptr<grpc::ClientContext> BillingClient::NewContext() const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!authorization_.empty()) context->AddMetadata("authorization", authorization_);
  // A call that hangs fails the test instead of stalling it.
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return context;
}

grpc::Status BillingClient::CreateCustomer(const v1::Customer& customer, v1::Customer* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::CreateCustomerRequest request;
  *request.mutable_customer() = customer;
  return customers_->CreateCustomer(context.get(), request, out);
}

grpc::Status BillingClient::GetCustomer(const std::string& id, v1::Customer* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::GetCustomerRequest request;
  request.set_customer_id(id);
  return customers_->GetCustomer(context.get(), request, out);
}

grpc::Status BillingClient::ListCustomers(int page, int page_size,
                                          v1::ListCustomersResponse* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::ListCustomersRequest request;
  request.set_page(page);
  request.set_page_size(page_size);
  return customers_->ListCustomers(context.get(), request, out);
}

grpc::Status BillingClient::ReplaceCustomer(const std::string& id, const v1::Customer& customer,
                                            v1::ReplaceCustomerResponse* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::ReplaceCustomerRequest request;
  request.set_customer_id(id);
  *request.mutable_customer() = customer;
  return customers_->ReplaceCustomer(context.get(), request, out);
}

grpc::Status BillingClient::UpdateCustomer(const std::string& id, const v1::Customer& customer,
                                           const std::vector<std::string>& paths,
                                           v1::Customer* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::UpdateCustomerRequest request;
  request.set_customer_id(id);
  *request.mutable_customer() = customer;
  for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
  return customers_->UpdateCustomer(context.get(), request, out);
}

grpc::Status BillingClient::GetOrganization(v1::Organization* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  return organizations_->GetOrganization(context.get(), v1::GetOrganizationRequest(), out);
}

grpc::Status BillingClient::UpdateOrganization(const v1::Organization& organization,
                                               const std::vector<std::string>& paths,
                                               v1::Organization* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::UpdateOrganizationRequest request;
  *request.mutable_organization() = organization;
  for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
  return organizations_->UpdateOrganization(context.get(), request, out);
}

grpc::Status BillingClient::DeleteCustomer(const std::string& id) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::DeleteCustomerRequest request;
  request.set_customer_id(id);
  google::protobuf::Empty empty;
  return customers_->DeleteCustomer(context.get(), request, &empty);
}

grpc::Status BillingClient::CreateInvoice(const v1::Invoice& invoice, v1::Invoice* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::CreateInvoiceRequest request;
  *request.mutable_invoice() = invoice;
  return invoices_->CreateInvoice(context.get(), request, out);
}

grpc::Status BillingClient::GetInvoice(const std::string& id, v1::Invoice* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::GetInvoiceRequest request;
  request.set_invoice_id(id);
  return invoices_->GetInvoice(context.get(), request, out);
}

grpc::Status BillingClient::GetInvoicePdf(const std::string& id, google::api::HttpBody* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::GetInvoicePdfRequest request;
  request.set_invoice_id(id);
  return invoices_->GetInvoicePdf(context.get(), request, out);
}

grpc::Status BillingClient::GetInvoiceEInvoice(const std::string& id,
                                               google::api::HttpBody* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::GetInvoiceEInvoiceRequest request;
  request.set_invoice_id(id);
  return invoices_->GetInvoiceEInvoice(context.get(), request, out);
}

grpc::Status BillingClient::ListInvoices(const v1::ListInvoicesRequest& request,
                                         v1::ListInvoicesResponse* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  return invoices_->ListInvoices(context.get(), request, out);
}

grpc::Status BillingClient::ReplaceInvoice(const std::string& id, const v1::Invoice& invoice,
                                           v1::Invoice* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::ReplaceInvoiceRequest request;
  request.set_invoice_id(id);
  *request.mutable_invoice() = invoice;
  return invoices_->ReplaceInvoice(context.get(), request, out);
}

grpc::Status BillingClient::UpdateInvoice(const std::string& id, const v1::Invoice& invoice,
                                          const std::vector<std::string>& paths,
                                          v1::Invoice* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::UpdateInvoiceRequest request;
  request.set_invoice_id(id);
  *request.mutable_invoice() = invoice;
  for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
  return invoices_->UpdateInvoice(context.get(), request, out);
}

grpc::Status BillingClient::DeleteInvoice(const std::string& id) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::DeleteInvoiceRequest request;
  request.set_invoice_id(id);
  google::protobuf::Empty empty;
  return invoices_->DeleteInvoice(context.get(), request, &empty);
}

grpc::Status BillingClient::ProcessInvoice(const std::string& id, v1::Invoice* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::ProcessInvoiceRequest request;
  request.set_invoice_id(id);
  return invoices_->ProcessInvoice(context.get(), request, out);
}

grpc::Status BillingClient::SendInvoice(const std::string& id, v1::Invoice* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::SendInvoiceRequest request;
  request.set_invoice_id(id);
  return invoices_->SendInvoice(context.get(), request, out);
}

grpc::Status BillingClient::CancelInvoice(const std::string& id, v1::Invoice* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::CancelInvoiceRequest request;
  request.set_invoice_id(id);
  return invoices_->CancelInvoice(context.get(), request, out);
}

grpc::Status BillingClient::ListInvoiceReminders(const std::string& id,
                                                 v1::ListInvoiceRemindersResponse* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::ListInvoiceRemindersRequest request;
  request.set_invoice_id(id);
  return invoices_->ListInvoiceReminders(context.get(), request, out);
}

grpc::Status BillingClient::MarkInvoiceUncollectible(const std::string& id, v1::Invoice* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::MarkInvoiceUncollectibleRequest request;
  request.set_invoice_id(id);
  return invoices_->MarkInvoiceUncollectible(context.get(), request, out);
}

grpc::Status BillingClient::CreateRevenueCalculation(const v1::RevenueCalculation& calc,
                                                     v1::RevenueCalculation* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::CreateRevenueCalculationRequest request;
  *request.mutable_revenue_calculation() = calc;
  return revenue_->CreateRevenueCalculation(context.get(), request, out);
}

grpc::Status BillingClient::GetRevenueCalculation(const std::string& id,
                                                  v1::RevenueCalculation* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::GetRevenueCalculationRequest request;
  request.set_revenue_calculation_id(id);
  return revenue_->GetRevenueCalculation(context.get(), request, out);
}

grpc::Status BillingClient::GetTaxReport(const std::string& period_start,
                                        const std::string& period_end, v1::TaxReport* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::GetTaxReportRequest request;
  request.set_period_start(period_start);
  request.set_period_end(period_end);
  return revenue_->GetTaxReport(context.get(), request, out);
}

grpc::Status BillingClient::GetReceivablesAging(const std::string& as_of,
                                               const std::string& currency,
                                               v1::ReceivablesAging* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::GetReceivablesAgingRequest request;
  request.set_as_of(as_of);
  request.set_currency(currency);
  return revenue_->GetReceivablesAging(context.get(), request, out);
}

grpc::Status BillingClient::ListRevenueCalculations(int page, int page_size,
                                                    v1::ListRevenueCalculationsResponse* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::ListRevenueCalculationsRequest request;
  request.set_page(page);
  request.set_page_size(page_size);
  return revenue_->ListRevenueCalculations(context.get(), request, out);
}

v1::Customer BillingClient::MustCreateCustomer(const std::string& currency) {
  v1::Customer customer;
  customer.set_name("Test Customer");
  customer.set_email("ap@customer.example");
  customer.set_default_currency(currency);
  v1::Customer created;
  grpc::Status status = CreateCustomer(customer, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

v1::Invoice BillingClient::MustCreateInvoice(const std::string& customer_id,
                                             const std::string& amount) {
  v1::Invoice invoice;
  invoice.set_customer_id(customer_id);
  invoice.set_amount(amount);
  invoice.set_due_date("2099-12-31");
  v1::Invoice created;
  grpc::Status status = CreateInvoice(invoice, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

v1::Invoice BillingClient::MustCreatePendingInvoice(const std::string& customer_id,
                                                    const std::string& amount) {
  v1::Invoice processed;
  grpc::Status status = ProcessInvoice(MustCreateInvoice(customer_id, amount).id(), &processed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return processed;
}

grpc::Status BillingClient::CreatePayment(const std::string& invoice_id,
                                          const v1::Payment& payment, v1::Payment* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::CreatePaymentRequest request;
  request.set_invoice_id(invoice_id);
  *request.mutable_payment() = payment;
  return payments_->CreatePayment(context.get(), request, out);
}

grpc::Status BillingClient::GetPayment(const std::string& id, v1::Payment* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::GetPaymentRequest request;
  request.set_payment_id(id);
  return payments_->GetPayment(context.get(), request, out);
}

grpc::Status BillingClient::ListPayments(const v1::ListPaymentsRequest& request,
                                         v1::ListPaymentsResponse* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  return payments_->ListPayments(context.get(), request, out);
}

grpc::Status BillingClient::GetCreditNotePdf(const std::string& id, google::api::HttpBody* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::GetCreditNotePdfRequest request;
  request.set_credit_note_id(id);
  return credit_notes_->GetCreditNotePdf(context.get(), request, out);
}

grpc::Status BillingClient::GetCreditNoteEInvoice(const std::string& id,
                                                  google::api::HttpBody* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::GetCreditNoteEInvoiceRequest request;
  request.set_credit_note_id(id);
  return credit_notes_->GetCreditNoteEInvoice(context.get(), request, out);
}

grpc::Status BillingClient::CreateCreditNote(const std::string& invoice_id,
                                             const v1::CreditNote& note, v1::CreditNote* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::CreateCreditNoteRequest request;
  request.set_invoice_id(invoice_id);
  *request.mutable_credit_note() = note;
  return credit_notes_->CreateCreditNote(context.get(), request, out);
}

grpc::Status BillingClient::GetCreditNote(const std::string& id, v1::CreditNote* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::GetCreditNoteRequest request;
  request.set_credit_note_id(id);
  return credit_notes_->GetCreditNote(context.get(), request, out);
}

grpc::Status BillingClient::ListCreditNotes(const v1::ListCreditNotesRequest& request,
                                            v1::ListCreditNotesResponse* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  return credit_notes_->ListCreditNotes(context.get(), request, out);
}

grpc::Status BillingClient::ListLedgerEntries(const std::string& customer_id, int page,
                                              int page_size, v1::ListLedgerEntriesResponse* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  v1::ListLedgerEntriesRequest request;
  request.set_customer_id(customer_id);
  request.set_page(page);
  request.set_page_size(page_size);
  return ledger_->ListLedgerEntries(context.get(), request, out);
}

grpc::Status BillingClient::ListLedgerEntries(const v1::ListLedgerEntriesRequest& request,
                                              v1::ListLedgerEntriesResponse* out) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  return ledger_->ListLedgerEntries(context.get(), request, out);
}

v1::RevenueCalculation BillingClient::AwaitCalculation(const std::string& id) {
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  v1::RevenueCalculation calc;
  while (absl::Now() < deadline) {
    grpc::Status status = GetRevenueCalculation(id, &calc);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (calc.status() != v1::REVENUE_CALCULATION_STATUS_QUEUED &&
        calc.status() != v1::REVENUE_CALCULATION_STATUS_RUNNING) {
      return calc;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  ADD_FAILURE() << "calculation " << id << " did not finish within 10 s";
  return calc;
}

}  // namespace billing::testing
