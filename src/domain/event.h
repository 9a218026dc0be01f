// An event: one state change, recorded in the transaction that makes it, with
// the resource as the API showed it right after the change (a delete carries
// the last state). Webhooks deliver events; GET /events lists them.
#ifndef BILLING_DOMAIN_EVENT_H_
#define BILLING_DOMAIN_EVENT_H_

#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace billing::domain {

inline constexpr std::string_view kCustomerCreated = "customer.created";
inline constexpr std::string_view kCustomerUpdated = "customer.updated";
inline constexpr std::string_view kCustomerDeleted = "customer.deleted";
inline constexpr std::string_view kInvoiceCreated = "invoice.created";
inline constexpr std::string_view kInvoiceUpdated = "invoice.updated";
inline constexpr std::string_view kInvoiceProcessed = "invoice.processed";
inline constexpr std::string_view kInvoicePaid = "invoice.paid";
inline constexpr std::string_view kInvoiceCancelled = "invoice.cancelled";
inline constexpr std::string_view kInvoiceDeleted = "invoice.deleted";
// Once per invoice, the first time a collections scan finds it overdue.
inline constexpr std::string_view kInvoiceOverdue = "invoice.overdue";
// A payment reminder was claimed and its email queued, once per (invoice,
// reminderSchedule offset); GET .../reminders shows its delivery.
inline constexpr std::string_view kInvoiceReminderSent = "invoice.reminder_sent";
// Written off as a bad debt (mark-uncollectible).
inline constexpr std::string_view kInvoiceMarkedUncollectible = "invoice.marked_uncollectible";
inline constexpr std::string_view kPaymentCreated = "payment.created";
inline constexpr std::string_view kCreditNoteCreated = "credit_note.created";
inline constexpr std::string_view kRevenueCalculationSucceeded = "revenue_calculation.succeeded";
inline constexpr std::string_view kRevenueCalculationFailed = "revenue_calculation.failed";

inline constexpr std::string_view kEventTypes[] = {
    kCustomerCreated,  kCustomerUpdated,   kCustomerDeleted,
    kInvoiceCreated,   kInvoiceUpdated,    kInvoiceProcessed,
    kInvoicePaid,      kInvoiceCancelled,  kInvoiceDeleted,
    kInvoiceOverdue,   kInvoiceReminderSent, kInvoiceMarkedUncollectible, kPaymentCreated,
    kCreditNoteCreated,
    kRevenueCalculationSucceeded, kRevenueCalculationFailed};

// Whether `type` is one of kEventTypes.
bool IsEventType(std::string_view type);

// Events are kept at least this long (the floor); the server's
// --event_retention may only lengthen it.
inline constexpr absl::Duration kMinEventRetention = absl::Hours(24 * 30);

struct Event {
  std::string account_id;
  std::string id;           // evt_…
  std::string type;         // one of kEventTypes
  std::string resource_id;  // the customer, invoice, payment, credit note or
                            // calculation it is about
  // The resource after the change, as the REST API's JSON object (camelCase
  // names, enum words), made by app::ResourceEncoder.
  std::string data_json;
  absl::Time create_time;
};

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_EVENT_H_
