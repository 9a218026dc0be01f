// The account's organization: the seller every invoice names (EN 16931
// BG-4), one per account (AIP-156 singleton), and the rule that an invoice
// is issued only once the seller is identified well enough to be lawful.
#ifndef BILLING_DOMAIN_ORGANIZATION_H_
#define BILLING_DOMAIN_ORGANIZATION_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/business_calendar.h"
#include "domain/document_number.h"
#include "domain/electronic_address.h"
#include "domain/error.h"
#include "domain/invoice_document.h"
#include "domain/payment_terms.h"
#include "domain/reminder_schedule.h"
#include "domain/tax_id.h"

namespace billing::domain {

// Lengths in characters; enough for any real name or address line, short
// enough that every one fits a printed invoice's box.
inline constexpr size_t kMaxPartyNameChars = 200;
inline constexpr size_t kMaxAddressLineChars = 200;
inline constexpr size_t kMaxCityChars = 100;
inline constexpr size_t kMaxPostalCodeChars = 20;
inline constexpr size_t kMaxRegionChars = 100;
inline constexpr size_t kMaxCompanyIdChars = 100;
inline constexpr size_t kMaxPhoneChars = 40;
inline constexpr size_t kMaxBankNameChars = 200;
inline constexpr size_t kMaxPaymentNoteChars = 1000;

struct Organization {
  std::string account_id;
  std::string legal_name;    // BT-27; required to issue
  std::string trading_name;  // BT-28
  PostalAddress address;     // line1 and country required to issue
  // The seller's VAT identifier (BT-31) or, outside VAT countries, its tax
  // number (us_ein, au_abn, other), typed by address.country.
  std::optional<TaxId> tax_id;
  std::string company_id;  // BT-30, registration number
  std::string email;
  std::string phone;
  PaymentInstructions payment_instructions;  // every field empty: none
  int default_payment_terms_days = kDefaultPaymentTermsDays;
  std::string invoice_number_prefix = std::string(kDefaultInvoiceNumberPrefix);
  std::string credit_note_number_prefix = std::string(kDefaultCreditNoteNumberPrefix);
  std::optional<ElectronicAddress> electronic_address;  // BT-34
  // The IANA zone whose calendar days "today", an issue date and "overdue"
  // are (business_calendar.h).
  std::string time_zone = std::string(kDefaultTimeZone);
  // Reminder day offsets from an invoice's due date, ascending
  // (reminder_schedule.h); empty: no reminders.
  std::vector<int> reminder_schedule = DefaultReminderSchedule();
  absl::Time update_time;

  friend bool operator==(const Organization&, const Organization&) = default;
};

// The writable fields as the caller sent them: text not yet parsed. Empty
// text is "not set" (a prefix then takes its default); an electronic
// address with both parts empty is none.
struct OrganizationInput {
  std::string legal_name;
  std::string trading_name;
  PostalAddress address;
  std::string tax_id;
  std::string company_id;
  std::string email;
  std::string phone;
  PaymentInstructions payment_instructions;
  std::optional<int64_t> default_payment_terms_days;  // none: 30
  std::string invoice_number_prefix;
  std::string credit_note_number_prefix;
  ElectronicAddress electronic_address;
  std::string time_zone;  // "": UTC
  // As sent; none: the default, empty: no reminders.
  std::optional<std::vector<int64_t>> reminder_schedule;
};

// What an account's organization is before it was ever written: nothing
// but the defaults (30 days, "INV-", "CN-"). GET answers with it.
Organization DefaultOrganization(std::string account_id);

// The organization's fields as input, so that an update can merge a few
// fields into what is stored and validate the whole.
OrganizationInput OrganizationToInput(const Organization& organization);

// Validates every field at once (one ValidationError naming each bad one):
//   free text by ValidateFreeText: legal_name, trading_name (<= 200),
//   address.line1/line2 (<= 200), address.city (<= 100),
//   address.postal_code (<= 20), address.region (<= 100), company_id
//   (<= 100), payment_instructions.bank_name/account_name (<= 200),
//   payment_instructions.note (several lines, <= 1000); all optional;
//   address.country: ISO 3166-1 alpha-2;
//   tax_id: by address.country's format (an EU member state: eu_vat, any
//     member state's prefix; GB: gb_vat, or eu_vat for XI; CH, LI: ch_vat;
//     NO: no_vat; US: us_ein; AU: au_abn; elsewhere: other); refused
//     without a country, whose format it would follow;
//   email: EmailProblem; phone: "+" then 5 to 15 digits (E.164), spaces,
//     hyphens, dots and parentheses between them, <= 40 characters;
//   payment_instructions.iban: ISO 13616 with mod-97 check digits;
//   payment_instructions.bic: ISO 9362 shape;
//   default_payment_terms_days: 0 (due on receipt) to 365;
//   invoice_number_prefix, credit_note_number_prefix: ValidateNumberPrefix
//     (empty: "INV-" / "CN-"), and not the same (numbers would collide);
//   electronic_address.scheme/value: ParseElectronicAddress;
//   time_zone: LoadOrganizationTimeZone ("" is UTC);
//   reminder_schedule: NormalizeReminderSchedule (kept ascending).
// Text is kept trimmed, IBAN electronic, BIC and tax id canonical.
absl::StatusOr<Organization> ValidateOrganization(std::string account_id,
                                                  const OrganizationInput& input,
                                                  absl::Time now);

// Applies the fields named in `paths` to `current` (AIP-134), then
// validates the result as a whole, so that a new address.country re-checks
// the stored tax_id. Paths: legal_name, trading_name, address and
// address.{line1,line2,city,postal_code,region,country}, tax_id,
// company_id, email, phone, payment_instructions and
// payment_instructions.{iban,bic,bank_name,account_name,note},
// default_payment_terms_days, invoice_number_prefix,
// credit_note_number_prefix, electronic_address, time_zone,
// reminder_schedule. An empty list, an unknown
// or a read-only path (account_id, update_time, etag) is a ValidationError
// on "update_mask".
absl::StatusOr<Organization> UpdateOrganization(const Organization& current,
                                                const OrganizationInput& input,
                                                const std::vector<std::string>& paths,
                                                absl::Time now);

// Checks an address by the rules above under `field` ("address" here,
// "billing_address" on a customer) and returns it with its text trimmed.
PostalAddress ValidatePostalAddress(const std::string& field, const PostalAddress& address,
                                    ViolationCollector& violations);

// The payment instructions, or none when every field is empty.
std::optional<PaymentInstructions> PaymentInstructionsOf(const Organization& organization);

// The fields an invoice cannot be issued without that `organization` lacks,
// in this order: legal_name, address.line1, address.country.
std::vector<std::string> MissingForIssue(const Organization& organization);

// OkStatus when an invoice may be issued with `organization` as its seller;
// else ORGANIZATION_INCOMPLETE naming every field MissingForIssue returns.
absl::Status CheckCanIssue(const Organization& organization);

}  // namespace billing::domain

#endif  // BILLING_DOMAIN_ORGANIZATION_H_
