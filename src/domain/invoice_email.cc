#include "domain/invoice_email.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/dates.h"
#include "domain/money.h"
#include "domain/receivables.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

// A processed invoice has its number; the id stands in for one without.
std::string DisplayNumber(const Invoice& invoice) {
  return invoice.number.empty() ? invoice.id : invoice.number;
}

std::string Money(int64_t minor_units, const Currency& currency) {
  return absl::StrCat(Av(currency.code), " ", FormatAmount(minor_units, currency));
}

std::string ServicePeriod(const LineItem& line) {
  if (!line.service_period_start.has_value() || !line.service_period_end.has_value()) return "";
  return absl::StrCat(FormatDate(*line.service_period_start), " to ",
                      FormatDate(*line.service_period_end));
}

std::string RenderText(const Invoice& invoice, const Customer& customer,
                       const Currency& currency) {
  std::string text = absl::StrCat("Invoice ", DisplayNumber(invoice), "\n\n");
  absl::StrAppend(&text, "Bill to: ", customer.name, " <", customer.email, ">\n");
  absl::StrAppend(&text, "Due date: ", FormatDate(invoice.due_date), "\n\n");
  for (const LineItem& line : invoice.line_items) {
    absl::StrAppend(&text, line.description, "\n  ", FormatQuantity(line.quantity), " x ",
                    Money(line.unit_amount, currency), " = ", Money(line.amount, currency), "\n");
    if (std::string period = ServicePeriod(line); !period.empty()) {
      absl::StrAppend(&text, "  Service period: ", period, "\n");
    }
  }
  if (!invoice.line_items.empty()) text += "\n";
  absl::StrAppend(&text, "Total: ", Money(invoice.amount, currency), "\n");
  absl::StrAppend(&text, "Amount due: ", Money(AmountDue(invoice), currency), " by ",
                  FormatDate(invoice.due_date), "\n");
  if (!invoice.notes.empty()) absl::StrAppend(&text, "\nNotes:\n", invoice.notes, "\n");
  return text;
}

std::string RenderHtml(const Invoice& invoice, const Customer& customer,
                       const Currency& currency) {
  const std::string number = HtmlEscape(DisplayNumber(invoice));
  std::string html = absl::StrCat(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Invoice ", number,
      "</title></head>\n<body>\n<h1>Invoice ", number, "</h1>\n");
  absl::StrAppend(&html, "<p>Bill to: ", HtmlEscape(customer.name), " &lt;",
                  HtmlEscape(customer.email), "&gt;<br>\nDue date: ",
                  FormatDate(invoice.due_date), "</p>\n");
  if (!invoice.line_items.empty()) {
    html += "<table>\n<tr><th>Description</th><th>Service period</th><th>Quantity</th>"
            "<th>Unit amount</th><th>Amount</th></tr>\n";
    for (const LineItem& line : invoice.line_items) {
      absl::StrAppend(&html, "<tr><td>", HtmlEscape(line.description), "</td><td>",
                      ServicePeriod(line), "</td><td>", FormatQuantity(line.quantity), "</td><td>",
                      Money(line.unit_amount, currency), "</td><td>",
                      Money(line.amount, currency), "</td></tr>\n");
    }
    html += "</table>\n";
  }
  absl::StrAppend(&html, "<p>Total: ", Money(invoice.amount, currency), "</p>\n");
  absl::StrAppend(&html, "<p><strong>Amount due: ", Money(AmountDue(invoice), currency),
                  "</strong> by ", FormatDate(invoice.due_date), "</p>\n");
  if (!invoice.notes.empty()) {
    absl::StrAppend(&html, "<p>Notes:<br>\n", HtmlEscape(invoice.notes), "</p>\n");
  }
  html += "</body></html>\n";
  return html;
}

}  // namespace

absl::StatusOr<InvoiceEmailContent> RenderInvoiceEmail(const Invoice& invoice,
                                                       const Customer& customer) {
  ASSIGN_OR_RETURN(Currency currency, FindCurrency(invoice.currency));
  InvoiceEmailContent content;
  content.subject = absl::StrCat("Invoice ", DisplayNumber(invoice), ": ",
                                 Money(AmountDue(invoice), currency), " due ",
                                 FormatDate(invoice.due_date));
  content.text = RenderText(invoice, customer, currency);
  content.html = RenderHtml(invoice, customer, currency);
  return content;
}

absl::StatusOr<InvoiceEmailContent> RenderCreditNoteEmail(const CreditNote& note,
                                                          const Invoice& invoice,
                                                          const Customer& customer) {
  ASSIGN_OR_RETURN(Currency currency, FindCurrency(note.currency));
  const std::string title =
      absl::StrCat("Credit note ", note.number, " for invoice ", DisplayNumber(invoice));
  InvoiceEmailContent content;
  content.subject = absl::StrCat(title, ": ", Money(note.amount, currency), " credited");
  std::string& text = content.text;
  text = absl::StrCat(title, "\n\n");
  absl::StrAppend(&text, "Credit to: ", customer.name, " <", customer.email, ">\n");
  absl::StrAppend(&text, "Date: ", FormatDate(note.date), "\n\n");
  absl::StrAppend(&text, "Amount credited: ", Money(note.amount, currency), "\n");
  if (note.tax_amount != 0) {
    absl::StrAppend(&text, "  of which tax: ", Money(note.tax_amount, currency), "\n");
  }
  if (!note.memo.empty()) absl::StrAppend(&text, "\nMemo:\n", note.memo, "\n");
  std::string& html = content.html;
  const std::string escaped = HtmlEscape(title);
  html = absl::StrCat("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>", escaped,
                      "</title></head>\n<body>\n<h1>", escaped, "</h1>\n");
  absl::StrAppend(&html, "<p>Credit to: ", HtmlEscape(customer.name), " &lt;",
                  HtmlEscape(customer.email), "&gt;<br>\nDate: ", FormatDate(note.date),
                  "</p>\n");
  absl::StrAppend(&html, "<p><strong>Amount credited: ", Money(note.amount, currency),
                  "</strong>");
  if (note.tax_amount != 0) {
    absl::StrAppend(&html, "<br>\nof which tax: ", Money(note.tax_amount, currency));
  }
  html += "</p>\n";
  if (!note.memo.empty()) {
    absl::StrAppend(&html, "<p>Memo:<br>\n", HtmlEscape(note.memo), "</p>\n");
  }
  html += "</body></html>\n";
  return content;
}

std::string CreditNoteMessageId(std::string_view credit_note_id, int attempt,
                                std::string_view domain) {
  return absl::StrCat("<credit_note.", Av(credit_note_id), ".", attempt, "@", Av(domain), ">");
}

absl::StatusOr<InvoiceEmailContent> RenderReminderEmail(const Invoice& invoice,
                                                        const Customer& customer,
                                                        const InvoiceReminder& reminder) {
  ASSIGN_OR_RETURN(Currency currency, FindCurrency(invoice.currency));
  const std::string number = DisplayNumber(invoice);
  const std::string due = Money(AmountDue(invoice), currency);
  const std::string date = FormatDate(invoice.due_date);
  const std::string lateness = LatenessText(invoice.due_date, reminder.claim_date);
  InvoiceEmailContent content;
  content.subject = absl::StrCat("Payment reminder: invoice ", number, ", ", due, " ", lateness);
  content.text = absl::StrCat("Payment reminder\n\nDear ", customer.name, ",\n\n", "Invoice ",
                              number, " is ", lateness, ".\n", "Due date: ", date, "\n",
                              "Amount due: ", due, "\n\n",
                              "The invoice is attached. If you have paid it already, please "
                              "disregard this reminder.\n");
  content.html = absl::StrCat(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Payment reminder</title>"
      "</head>\n<body>\n<h1>Payment reminder</h1>\n<p>Dear ", HtmlEscape(customer.name),
      ",</p>\n<p>Invoice ", HtmlEscape(number), " is ", lateness, ".<br>\nDue date: ", date,
      "<br>\n<strong>Amount due: ", due, "</strong></p>\n",
      "<p>The invoice is attached. If you have paid it already, please disregard this "
      "reminder.</p>\n</body></html>\n");
  return content;
}

std::string ReminderMessageId(std::string_view invoice_id, int offset_days, int attempt,
                              std::string_view domain) {
  return absl::StrCat("<reminder.", Av(invoice_id), ".", offset_days, ".", attempt, "@",
                      Av(domain), ">");
}

std::string InvoiceMessageId(std::string_view invoice_id, int attempt, std::string_view domain) {
  return absl::StrCat("<invoice.", Av(invoice_id), ".", attempt, "@", Av(domain), ">");
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace billing::domain
