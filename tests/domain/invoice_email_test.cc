#include "domain/invoice_email.h"

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/status_matchers.h"

namespace billing::domain {
namespace {

using ::billing::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::Not;

Customer Acme() {
  Customer customer;
  customer.id = "cus_acme";
  customer.name = "Acme <Corp> & \"Sons\"";
  customer.email = "ap@acme.example";
  customer.default_currency = "USD";
  return customer;
}

Invoice SupportInvoice() {
  Invoice invoice;
  invoice.id = "inv_k3v9";
  invoice.customer_id = "cus_acme";
  invoice.currency = "USD";
  invoice.amount = 30050;
  invoice.due_date = absl::CivilDay(2026, 12, 31);
  invoice.notes = "Pay by <b>wire</b>";
  invoice.line_items.push_back(LineItem{.description = "Support, Q1 <script>",
                                        .quantity = DecimalQuantity::Whole(3),
                                        .unit_amount = 10000,
                                        .amount = 30000,
                                        .service_period_start = absl::CivilDay(2026, 1, 1),
                                        .service_period_end = absl::CivilDay(2026, 3, 31)});
  invoice.line_items.push_back(
      LineItem{.description = "Setup", .quantity = DecimalQuantity::Whole(1), .unit_amount = 50, .amount = 50});
  return invoice;
}

TEST(InvoiceEmailTest, SubjectNamesInvoiceAmountDueAndDate) {
  absl::StatusOr<InvoiceEmailContent> content = RenderInvoiceEmail(SupportInvoice(), Acme());
  ASSERT_THAT(content, IsOk());
  EXPECT_EQ(content->subject, "Invoice inv_k3v9: USD 300.50 due 2026-12-31");
}

TEST(InvoiceEmailTest, TextShowsCustomerLinesAmountsAndDueDate) {
  absl::StatusOr<InvoiceEmailContent> content = RenderInvoiceEmail(SupportInvoice(), Acme());
  ASSERT_THAT(content, IsOk());
  const std::string& text = content->text;
  EXPECT_THAT(text, HasSubstr("Invoice inv_k3v9\n"));
  EXPECT_THAT(text, HasSubstr("Bill to: Acme <Corp> & \"Sons\" <ap@acme.example>\n"));
  EXPECT_THAT(text, HasSubstr("Support, Q1 <script>\n  3 x USD 100.00 = USD 300.00\n"));
  EXPECT_THAT(text, HasSubstr("  Service period: 2026-01-01 to 2026-03-31\n"));
  EXPECT_THAT(text, HasSubstr("Setup\n  1 x USD 0.50 = USD 0.50\n"));
  EXPECT_THAT(text, HasSubstr("Total: USD 300.50\n"));
  EXPECT_THAT(text, HasSubstr("Amount due: USD 300.50 by 2026-12-31\n"));
  EXPECT_THAT(text, HasSubstr("Notes:\nPay by <b>wire</b>\n"));
}

TEST(InvoiceEmailTest, HtmlEscapesEverythingTheCallerWrote) {
  absl::StatusOr<InvoiceEmailContent> content = RenderInvoiceEmail(SupportInvoice(), Acme());
  ASSERT_THAT(content, IsOk());
  const std::string& html = content->html;
  EXPECT_THAT(html, HasSubstr("Acme &lt;Corp&gt; &amp; &quot;Sons&quot; &lt;ap@acme.example&gt;"));
  EXPECT_THAT(html, HasSubstr("<td>Support, Q1 &lt;script&gt;</td>"));
  EXPECT_THAT(html, HasSubstr("Pay by &lt;b&gt;wire&lt;/b&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, Not(HasSubstr("<b>wire")));
  EXPECT_THAT(html, HasSubstr("<strong>Amount due: USD 300.50</strong> by 2026-12-31"));
  EXPECT_THAT(html, HasSubstr("<td>2026-01-01 to 2026-03-31</td>"));
}

TEST(InvoiceEmailTest, AmountsFollowTheCurrencyDecimals) {
  Invoice invoice = SupportInvoice();
  invoice.currency = "JPY";
  invoice.line_items.clear();
  invoice.amount = 1500;
  invoice.notes.clear();
  absl::StatusOr<InvoiceEmailContent> content = RenderInvoiceEmail(invoice, Acme());
  ASSERT_THAT(content, IsOk());
  EXPECT_THAT(content->text, HasSubstr("Amount due: JPY 1500 by 2026-12-31\n"));
  EXPECT_THAT(content->text, Not(HasSubstr("Notes")));
  EXPECT_THAT(content->html, Not(HasSubstr("<table>")));
}

TEST(InvoiceEmailTest, MessageIdIsStablePerInvoiceAndAttempt) {
  EXPECT_EQ(InvoiceMessageId("inv_k3v9", 1, "billing.example"),
            "<invoice.inv_k3v9.1@billing.example>");
  EXPECT_NE(InvoiceMessageId("inv_k3v9", 2, "billing.example"),
            InvoiceMessageId("inv_k3v9", 1, "billing.example"));
}

TEST(InvoiceEmailTest, HtmlEscapeCoversAttributeQuotes) {
  EXPECT_EQ(HtmlEscape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
}

CreditNote SupportCredit() {
  CreditNote note;
  note.id = "cn_7q2m";
  note.number = "CN-000007";
  note.invoice_id = "inv_k3v9";
  note.currency = "USD";
  note.amount = 11900;
  note.tax_amount = 1900;
  note.memo = "Two seats <cancelled>";
  note.date = absl::CivilDay(2026, 3, 10);
  return note;
}

// Issue 23: the credit note's email names the note and the invoice it
// corrects, with the amount and its currency; caller text is escaped in HTML.
TEST(InvoiceEmailTest, ACreditNotesEmailNamesTheNoteTheInvoiceAndTheAmount) {
  Invoice invoice = SupportInvoice();
  invoice.number = "INV-000042";
  absl::StatusOr<InvoiceEmailContent> content =
      RenderCreditNoteEmail(SupportCredit(), invoice, Acme());
  ASSERT_THAT(content, IsOk());
  EXPECT_EQ(content->subject, "Credit note CN-000007 for invoice INV-000042: USD 119.00 credited");
  EXPECT_THAT(content->text, HasSubstr("Credit note CN-000007 for invoice INV-000042\n"));
  EXPECT_THAT(content->text, HasSubstr("Amount credited: USD 119.00\n  of which tax: USD 19.00\n"));
  EXPECT_THAT(content->text, HasSubstr("Two seats <cancelled>"));
  EXPECT_THAT(content->html, HasSubstr("Amount credited: USD 119.00"));
  EXPECT_THAT(content->html, HasSubstr("Two seats &lt;cancelled&gt;"));
  EXPECT_THAT(content->html, Not(HasSubstr("<cancelled>")));
  EXPECT_EQ(CreditNoteMessageId("cn_7q2m", 2, "billing.example"),
            "<credit_note.cn_7q2m.2@billing.example>");
}

// Queued when issued only when there is someone to send it to and a server
// to send it through.
TEST(InvoiceEmailTest, ACreditNoteIsQueuedOnlyWithAnAddressAndSmtp) {
  const absl::Time now = absl::FromUnixSeconds(1767225600);
  CreditNote note = SupportCredit();
  QueueCreditNoteEmail(note, "ap@acme.example", /*mail_configured=*/true, now);
  EXPECT_EQ(note.delivery.status, InvoiceDeliveryStatus::kQueued);
  EXPECT_EQ(note.delivery.next_attempt_time, now);
  QueueCreditNoteEmail(note, "ap@acme.example", /*mail_configured=*/false, now);
  EXPECT_EQ(note.delivery.status, InvoiceDeliveryStatus::kNotConfigured);
  EXPECT_FALSE(note.delivery.next_attempt_time.has_value());
  QueueCreditNoteEmail(note, "", /*mail_configured=*/true, now);
  EXPECT_EQ(note.delivery.status, InvoiceDeliveryStatus::kNone);
}

// Issue 22: a reminder states the number, the amount due now (after a
// payment), the due date and how late as of the day it was claimed.
TEST(InvoiceEmailTest, AReminderSaysNumberCurrentAmountDueDateAndHowLate) {
  Invoice invoice = SupportInvoice();
  invoice.number = "INV-000042";
  invoice.amount_paid = 10000;
  InvoiceReminder reminder{.offset_days = 7,
                           .scheduled_date = absl::CivilDay(2027, 1, 7),
                           .claim_date = absl::CivilDay(2027, 1, 9)};
  absl::StatusOr<InvoiceEmailContent> content = RenderReminderEmail(invoice, Acme(), reminder);
  ASSERT_THAT(content, IsOk());
  EXPECT_EQ(content->subject, "Payment reminder: invoice INV-000042, USD 200.50 9 days late");
  EXPECT_THAT(content->text, HasSubstr("Invoice INV-000042 is 9 days late."));
  EXPECT_THAT(content->text, HasSubstr("Due date: 2026-12-31"));
  EXPECT_THAT(content->text, HasSubstr("Amount due: USD 200.50"));
  EXPECT_THAT(content->html, HasSubstr("Acme &lt;Corp&gt; &amp; &quot;Sons&quot;"));
  EXPECT_THAT(content->html, Not(HasSubstr("<Corp>")));

  reminder.claim_date = absl::CivilDay(2026, 12, 28);
  content = RenderReminderEmail(invoice, Acme(), reminder);
  ASSERT_THAT(content, IsOk());
  EXPECT_THAT(content->subject, HasSubstr("due in 3 days"));
  EXPECT_EQ(ReminderMessageId("inv_k3v9", -3, 2, "billing.test"),
            "<reminder.inv_k3v9.-3.2@billing.test>");
}

TEST(InvoiceEmailTest, LatenessIsSaidInDaysBeforeOnOrAfterTheDueDate) {
  const absl::CivilDay due(2026, 12, 31);
  EXPECT_EQ(LatenessText(due, due - 3), "due in 3 days");
  EXPECT_EQ(LatenessText(due, due - 1), "due in 1 day");
  EXPECT_EQ(LatenessText(due, due), "due today");
  EXPECT_EQ(LatenessText(due, due + 1), "1 day late");
  EXPECT_EQ(LatenessText(due, due + 30), "30 days late");
}

}  // namespace
}  // namespace billing::domain
