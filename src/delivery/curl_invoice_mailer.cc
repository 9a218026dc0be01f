#include "delivery/curl_invoice_mailer.h"

#include <curl/curl.h>

#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status_macros.h"
#include "delivery/curl_handles.h"
#include "domain/error.h"
#include "domain/invoice_email.h"
#include "domain/text.h"

namespace billing::delivery {
namespace {

// Strict enough that the address is safe between angle brackets in an SMTP
// command and a header; whether it exists is the server's to say.
bool IsPlainAddress(std::string_view address) {
  size_t at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string_view::npos || address.size() > 254) {
    return false;
  }
  for (char c : address) {
    if (c <= 0x20 || c >= 0x7f) return false;
    if (std::string_view("<>()[]\\,;:\"").find(c) != std::string_view::npos) return false;
  }
  return true;
}

// Mail text has CRLF line ends; given bare LFs, the quoted-printable
// encoder would write them as "=0A" inside one long soft-wrapped line.
std::string CrLf(std::string_view text) {
  return absl::StrReplaceAll(domain::Av(text), {{"\n", "\r\n"}});
}

// RFC 5322 date-time, always in UTC.
std::string MailDate(absl::Time time) {
  return absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", time, absl::UTCTimeZone());
}

absl::StatusOr<std::pair<std::string, std::string>> ReadCredentials(const std::string& path) {
  std::ifstream file(path);
  std::string line;
  if (!file || !std::getline(file, line)) {
    return domain::ValidationError("smtp_credentials_file",
                                   absl::StrCat("cannot read ", domain::Quoted(path)));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  // Two lines (user, then password) let either contain a colon.
  std::string password;
  if (std::getline(file, password)) {
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (!password.empty() && !line.empty()) return std::make_pair(line, password);
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos || colon == 0) {
    return domain::ValidationError(
        "smtp_credentials_file", "must be user:password, or the user and the password on two lines");
  }
  return std::make_pair(line.substr(0, colon), line.substr(colon + 1));
}

// The mail's text by what it is: a credit note, a payment reminder, or the
// invoice's own email.
absl::StatusOr<domain::InvoiceEmailContent> RenderMail(const app::InvoiceMail& mail) {
  if (mail.credit_note.has_value()) {
    return domain::RenderCreditNoteEmail(*mail.credit_note, mail.invoice, mail.customer);
  }
  if (mail.reminder.has_value()) {
    return domain::RenderReminderEmail(mail.invoice, mail.customer, *mail.reminder);
  }
  return domain::RenderInvoiceEmail(mail.invoice, mail.customer);
}

// Its Message-ID, one per document (or reminder) and attempt.
std::string MessageIdOf(const app::InvoiceMail& mail, std::string_view from_domain) {
  if (mail.credit_note.has_value()) {
    return domain::CreditNoteMessageId(mail.credit_note->id, mail.attempt, from_domain);
  }
  if (mail.reminder.has_value()) {
    return domain::ReminderMessageId(mail.invoice.id, mail.reminder->offset_days, mail.attempt,
                                     from_domain);
  }
  return domain::InvoiceMessageId(mail.invoice.id, mail.attempt, from_domain);
}

}  // namespace

absl::StatusOr<std::unique_ptr<CurlInvoiceMailer>> CurlInvoiceMailer::Create(
    SmtpOptions options) {
  EnsureCurlGlobalInit();
  const bool smtp = options.url.starts_with("smtp://");
  const bool smtps = options.url.starts_with("smtps://");
  CurlUrl url(curl_url());
  if (url == nullptr) return domain::Error(domain::ErrorCode::kInternal, "out of memory");
  if ((!smtp && !smtps) ||
      curl_url_set(url.get(), CURLUPART_URL, options.url.c_str(), 0) != CURLUE_OK) {
    return domain::ValidationError("smtp_url", "must be smtp://host[:port] or smtps://host[:port]");
  }
  if (!IsPlainAddress(options.from)) {
    return domain::ValidationError("smtp_from", "must be a plain address like billing@example.com");
  }
  std::string user;
  std::string password;
  if (!options.credentials_file.empty()) {
    ASSIGN_OR_RETURN(std::tie(user, password), ReadCredentials(options.credentials_file));
  }
  auto mailer = std::unique_ptr<CurlInvoiceMailer>(
      new CurlInvoiceMailer(std::move(options), std::move(user), std::move(password)));
  mailer->implicit_tls_ = smtps;
  return mailer;
}

CurlInvoiceMailer::CurlInvoiceMailer(SmtpOptions options, std::string user, std::string password)
    : options_(std::move(options)),
      from_domain_(options_.from.substr(options_.from.find('@') + 1)),
      user_(std::move(user)),
      password_(std::move(password)) {}

absl::StatusOr<app::MailAttempt> CurlInvoiceMailer::Send(const app::InvoiceMail& mail) {
  const absl::Time start = absl::Now();
  const std::string& to = mail.customer.email;
  if (!IsPlainAddress(to)) {
    return domain::ValidationError("email", "the customer's address cannot receive mail");
  }
  ASSIGN_OR_RETURN(domain::InvoiceEmailContent content, RenderMail(mail));
  const std::string text_body = CrLf(content.text);
  const std::string html_body = CrLf(content.html);
  app::MailAttempt attempt;
  attempt.message_id = MessageIdOf(mail, from_domain_);

  CurlEasy curl(curl_easy_init());
  if (curl == nullptr) return domain::Error(domain::ErrorCode::kInternal, "libcurl: out of memory");
  CURL* h = curl.get();
  CurlSlist recipients;
  CurlSlist headers;
  CurlSlist inline_headers;
  CurlMime message(curl_mime_init(h));
  // multipart/mixed (libcurl's top level for mail) holding one inline
  // multipart/alternative: text first, HTML last, as readers prefer the last
  // part they can show. The attachments (the PDF, the UBL) follow it.
  CurlMime alternative(curl_mime_init(h));
  curl_mimepart* text = curl_mime_addpart(alternative.get());
  curl_mimepart* html = curl_mime_addpart(alternative.get());
  curl_mimepart* body = curl_mime_addpart(message.get());
  bool built =
      Append(recipients, absl::StrCat("<", to, ">")) &&
      Append(headers, absl::StrCat("Date: ", MailDate(absl::Now()))) &&
      Append(headers, absl::StrCat("From: <", options_.from, ">")) &&
      Append(headers, absl::StrCat("To: <", to, ">")) &&
      Append(headers, absl::StrCat("Subject: ", content.subject)) &&
      Append(headers, absl::StrCat("Message-ID: ", attempt.message_id)) &&
      Append(inline_headers, "Content-Disposition: inline") && message != nullptr &&
      alternative != nullptr && text != nullptr && html != nullptr && body != nullptr &&
      curl_mime_data(text, text_body.data(), text_body.size()) == CURLE_OK &&
      curl_mime_type(text, "text/plain; charset=utf-8") == CURLE_OK &&
      // Quoted-printable keeps long lines and UTF-8 (names, descriptions)
      // intact through servers that only promise 7-bit.
      curl_mime_encoder(text, "quoted-printable") == CURLE_OK &&
      curl_mime_data(html, html_body.data(), html_body.size()) == CURLE_OK &&
      curl_mime_type(html, "text/html; charset=utf-8") == CURLE_OK &&
      curl_mime_encoder(html, "quoted-printable") == CURLE_OK &&
      curl_mime_subparts(body, alternative.get()) == CURLE_OK &&
      alternative.release() != nullptr &&  // now owned by `body`
      curl_mime_type(body, "multipart/alternative") == CURLE_OK &&
      curl_mime_headers(body, inline_headers.release(), 1) == CURLE_OK;
  for (const app::MailAttachment& file : mail.attachments) {
    // libcurl names it in Content-Disposition: attachment; filename="...".
    curl_mimepart* part = built ? curl_mime_addpart(message.get()) : nullptr;
    built = part != nullptr &&
            curl_mime_data(part, file.data.data(), file.data.size()) == CURLE_OK &&
            curl_mime_type(part, file.content_type.c_str()) == CURLE_OK &&
            curl_mime_filename(part, file.file_name.c_str()) == CURLE_OK &&
            curl_mime_encoder(part, "base64") == CURLE_OK;
  }
  if (!built) {
    return domain::Error(domain::ErrorCode::kInternal, "libcurl: cannot build the message");
  }

  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_PROXY, "");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  // smtps:// is TLS throughout; for smtp:// STARTTLS is used when the server
  // offers it, as configured servers on a private network often do not.
  curl_easy_setopt(h, CURLOPT_USE_SSL, implicit_tls_ ? CURLUSESSL_ALL : CURLUSESSL_TRY);
  if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (!user_.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, user_.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, password_.c_str());
  }
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   CurlTimeoutMs(options_.connect_timeout));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS,
                   CurlTimeoutMs(options_.timeout));
  const std::string mail_from = absl::StrCat("<", options_.from, ">");
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_MIMEPOST, message.get());

  CURLcode rc = curl_easy_perform(h);
  long smtp_code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &smtp_code);
  attempt.smtp_code = static_cast<int>(smtp_code);
  attempt.sent = rc == CURLE_OK;
  if (!attempt.sent) attempt.error = CurlErrorText(rc, error_buffer);
  attempt.duration = absl::Now() - start;
  return attempt;
}

}  // namespace billing::delivery
