#include "domain/organization.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/bank_account.h"
#include "domain/country.h"
#include "domain/email_address.h"
#include "domain/free_text.h"
#include "domain/text.h"

namespace billing::domain {
namespace {

constexpr std::string_view kEuMemberStates[] = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"};

bool IsEuMemberState(std::string_view country) {
  for (std::string_view member : kEuMemberStates) {
    if (member == country) return true;
  }
  return false;
}

// The tax id type whose format a seller in `country` uses.
std::string_view TaxIdTypeForCountry(std::string_view country, std::string_view value) {
  if (IsEuMemberState(country)) return "eu_vat";
  if (country == "GB") {
    // Northern Ireland traders carry an XI number under the EU rules.
    std::string_view trimmed = TrimText(value);
    const bool xi = trimmed.size() >= 2 && (trimmed[0] == 'X' || trimmed[0] == 'x') &&
                    (trimmed[1] == 'I' || trimmed[1] == 'i');
    return xi ? "eu_vat" : "gb_vat";
  }
  if (country == "CH" || country == "LI") return "ch_vat";
  if (country == "NO") return "no_vat";
  if (country == "US") return "us_ein";
  if (country == "AU") return "au_abn";
  return "other";
}

std::string Trimmed(std::string_view text) { return std::string(TrimText(text)); }

std::string TextField(const std::string& field, std::string_view text, size_t max_chars,
                      ViolationCollector& violations, TextKind kind = TextKind::kSingleLine) {
  ValidateFreeText(field, text,
                   {.kind = kind, .required = false, .max_chars = max_chars, .trimmed = true},
                   violations);
  return Trimmed(text);
}

// E.164 allows at most 15 digits; fewer than 5 is no reachable number.
std::string PhoneProblem(std::string_view phone) {
  if (phone.size() > kMaxPhoneChars) {
    return absl::StrCat("must be at most ", kMaxPhoneChars, " characters");
  }
  int digits = 0;
  for (size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '+') {
      if (i != 0) return "may have a + only at the start, like +49 30 1234567";
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return "may hold only digits, a leading +, spaces, hyphens, dots and parentheses";
    }
  }
  if (digits < 5 || digits > 15) return "must have 5 to 15 digits, like +49 30 1234567";
  return "";
}

std::string_view PrefixOrDefault(std::string_view prefix, DocumentKind kind) {
  return prefix.empty() ? DefaultNumberPrefix(kind) : prefix;
}

constexpr std::string_view kUpdatablePaths[] = {
    "legal_name",
    "trading_name",
    "address",
    "address.line1",
    "address.line2",
    "address.city",
    "address.postal_code",
    "address.region",
    "address.country",
    "tax_id",
    "company_id",
    "email",
    "phone",
    "payment_instructions",
    "payment_instructions.iban",
    "payment_instructions.bic",
    "payment_instructions.bank_name",
    "payment_instructions.account_name",
    "payment_instructions.note",
    "default_payment_terms_days",
    "invoice_number_prefix",
    "credit_note_number_prefix",
    "electronic_address",
    "electronic_address.scheme",
    "electronic_address.value",
    "time_zone",
    "reminder_schedule",
};
constexpr std::string_view kReadOnlyPaths[] = {"account_id", "update_time", "etag"};

bool Contains(const std::string_view* begin, const std::string_view* end, std::string_view path) {
  for (const std::string_view* it = begin; it != end; ++it) {
    if (*it == path) return true;
  }
  return false;
}

// Copies the field `path` names from `from` into `to`.
void ApplyPath(std::string_view path, const OrganizationInput& from, OrganizationInput& to) {
  if (path == "legal_name") to.legal_name = from.legal_name;
  if (path == "trading_name") to.trading_name = from.trading_name;
  if (path == "address") to.address = from.address;
  if (path == "address.line1") to.address.line1 = from.address.line1;
  if (path == "address.line2") to.address.line2 = from.address.line2;
  if (path == "address.city") to.address.city = from.address.city;
  if (path == "address.postal_code") to.address.postal_code = from.address.postal_code;
  if (path == "address.region") to.address.region = from.address.region;
  if (path == "address.country") to.address.country = from.address.country;
  if (path == "tax_id") to.tax_id = from.tax_id;
  if (path == "company_id") to.company_id = from.company_id;
  if (path == "email") to.email = from.email;
  if (path == "phone") to.phone = from.phone;
  if (path == "payment_instructions") to.payment_instructions = from.payment_instructions;
  PaymentInstructions& pay = to.payment_instructions;
  const PaymentInstructions& pay_from = from.payment_instructions;
  if (path == "payment_instructions.iban") pay.iban = pay_from.iban;
  if (path == "payment_instructions.bic") pay.bic = pay_from.bic;
  if (path == "payment_instructions.bank_name") pay.bank_name = pay_from.bank_name;
  if (path == "payment_instructions.account_name") pay.account_name = pay_from.account_name;
  if (path == "payment_instructions.note") pay.note = pay_from.note;
  if (path == "default_payment_terms_days") {
    to.default_payment_terms_days = from.default_payment_terms_days;
  }
  if (path == "invoice_number_prefix") to.invoice_number_prefix = from.invoice_number_prefix;
  if (path == "credit_note_number_prefix") {
    to.credit_note_number_prefix = from.credit_note_number_prefix;
  }
  if (path == "electronic_address") to.electronic_address = from.electronic_address;
  if (path == "electronic_address.scheme") {
    to.electronic_address.scheme = from.electronic_address.scheme;
  }
  if (path == "electronic_address.value") to.electronic_address.value = from.electronic_address.value;
  if (path == "time_zone") to.time_zone = from.time_zone;
  if (path == "reminder_schedule") {
    // Named but absent (proto3 cannot tell an empty list): reminders off.
    to.reminder_schedule = from.reminder_schedule.value_or(std::vector<int64_t>{});
  }
}

}  // namespace

PostalAddress ValidatePostalAddress(const std::string& field, const PostalAddress& address,
                                    ViolationCollector& violations) {
  const std::string prefix = field + ".";
  PostalAddress clean;
  clean.line1 = TextField(prefix + "line1", address.line1, kMaxAddressLineChars, violations);
  clean.line2 = TextField(prefix + "line2", address.line2, kMaxAddressLineChars, violations);
  clean.city = TextField(prefix + "city", address.city, kMaxCityChars, violations);
  clean.postal_code =
      TextField(prefix + "postal_code", address.postal_code, kMaxPostalCodeChars, violations);
  clean.region = TextField(prefix + "region", address.region, kMaxRegionChars, violations);
  if (!address.country.empty()) {
    violations.AddStatus("", ValidateCountryCode(address.country, prefix + "country"));
  }
  clean.country = address.country;
  return clean;
}

Organization DefaultOrganization(std::string account_id) {
  Organization organization;
  organization.account_id = std::move(account_id);
  return organization;
}

OrganizationInput OrganizationToInput(const Organization& organization) {
  OrganizationInput input;
  input.legal_name = organization.legal_name;
  input.trading_name = organization.trading_name;
  input.address = organization.address;
  if (organization.tax_id.has_value()) input.tax_id = organization.tax_id->value;
  input.company_id = organization.company_id;
  input.email = organization.email;
  input.phone = organization.phone;
  input.payment_instructions = organization.payment_instructions;
  input.default_payment_terms_days = organization.default_payment_terms_days;
  input.invoice_number_prefix = organization.invoice_number_prefix;
  input.credit_note_number_prefix = organization.credit_note_number_prefix;
  if (organization.electronic_address.has_value()) {
    input.electronic_address = *organization.electronic_address;
  }
  input.time_zone = organization.time_zone;
  input.reminder_schedule.emplace(organization.reminder_schedule.begin(),
                                  organization.reminder_schedule.end());
  return input;
}

absl::StatusOr<Organization> ValidateOrganization(std::string account_id,
                                                  const OrganizationInput& input,
                                                  absl::Time now) {
  ViolationCollector violations;
  Organization organization;
  organization.account_id = std::move(account_id);
  organization.legal_name =
      TextField("legal_name", input.legal_name, kMaxPartyNameChars, violations);
  organization.trading_name =
      TextField("trading_name", input.trading_name, kMaxPartyNameChars, violations);
  organization.address = ValidatePostalAddress("address", input.address, violations);

  if (!input.tax_id.empty()) {
    const std::string& country = input.address.country;
    if (country.empty()) {
      violations.Add("tax_id", "needs address.country, whose format the tax id follows");
    } else if (IsCountryCode(country)) {
      absl::StatusOr<TaxId> tax_id = ParseTaxId(TaxIdTypeForCountry(country, input.tax_id),
                                                input.tax_id, "tax_id", "tax_id");
      if (tax_id.ok()) {
        organization.tax_id = *std::move(tax_id);
      } else {
        violations.AddStatus("", tax_id.status());
      }
    }  // else: address.country is reported; its format is unknown.
  }
  organization.company_id =
      TextField("company_id", input.company_id, kMaxCompanyIdChars, violations);
  if (!input.email.empty()) {
    if (std::string problem = EmailProblem(input.email); !problem.empty()) {
      violations.Add("email", std::move(problem));
    }
  }
  organization.email = input.email;
  if (!input.phone.empty()) {
    if (std::string problem = PhoneProblem(input.phone); !problem.empty()) {
      violations.Add("phone", std::move(problem));
    }
  }
  organization.phone = input.phone;

  const PaymentInstructions& pay = input.payment_instructions;
  PaymentInstructions& clean = organization.payment_instructions;
  if (!pay.iban.empty()) {
    absl::StatusOr<std::string> iban = ParseIban(pay.iban, "payment_instructions.iban");
    if (iban.ok()) clean.iban = *std::move(iban);
    violations.AddStatus("", iban.status());
  }
  if (!pay.bic.empty()) {
    absl::StatusOr<std::string> bic = ParseBic(pay.bic, "payment_instructions.bic");
    if (bic.ok()) clean.bic = *std::move(bic);
    violations.AddStatus("", bic.status());
  }
  clean.bank_name = TextField("payment_instructions.bank_name", pay.bank_name,
                              kMaxBankNameChars, violations);
  clean.account_name = TextField("payment_instructions.account_name", pay.account_name,
                                 kMaxPartyNameChars, violations);
  clean.note = TextField("payment_instructions.note", pay.note, kMaxPaymentNoteChars,
                         violations, TextKind::kMultiLine);

  if (input.default_payment_terms_days.has_value()) {
    std::optional<int> days = ValidatePaymentTermsDays(
        "default_payment_terms_days", *input.default_payment_terms_days, violations);
    if (days.has_value()) organization.default_payment_terms_days = *days;
  }

  organization.invoice_number_prefix =
      PrefixOrDefault(input.invoice_number_prefix, DocumentKind::kInvoice);
  organization.credit_note_number_prefix =
      PrefixOrDefault(input.credit_note_number_prefix, DocumentKind::kCreditNote);
  const absl::Status invoice_prefix =
      ValidateNumberPrefix(organization.invoice_number_prefix, "invoice_number_prefix");
  const absl::Status credit_prefix =
      ValidateNumberPrefix(organization.credit_note_number_prefix, "credit_note_number_prefix");
  violations.AddStatus("", invoice_prefix);
  violations.AddStatus("", credit_prefix);
  if (invoice_prefix.ok() && credit_prefix.ok() &&
      organization.invoice_number_prefix == organization.credit_note_number_prefix) {
    violations.Add("credit_note_number_prefix",
                   "must differ from invoice_number_prefix, or an invoice and a credit note "
                   "would share a number");
  }

  if (!input.electronic_address.scheme.empty() || !input.electronic_address.value.empty()) {
    absl::StatusOr<ElectronicAddress> address = ParseElectronicAddress(
        input.electronic_address.scheme, input.electronic_address.value, "electronic_address");
    if (address.ok()) organization.electronic_address = *std::move(address);
    violations.AddStatus("", address.status());
  }
  if (!input.time_zone.empty()) {
    // Kept as written: the name is the zone, and the tz database knows it so.
    absl::Status zone = LoadOrganizationTimeZone(input.time_zone).status();
    if (zone.ok()) organization.time_zone = input.time_zone;
    violations.AddStatus("", zone);
  }
  if (input.reminder_schedule.has_value()) {
    absl::StatusOr<std::vector<int>> schedule =
        NormalizeReminderSchedule(*input.reminder_schedule);
    if (schedule.ok()) organization.reminder_schedule = *std::move(schedule);
    violations.AddStatus("", schedule.status());
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;
  organization.update_time = now;
  return organization;
}

absl::StatusOr<Organization> UpdateOrganization(const Organization& current,
                                                const OrganizationInput& input,
                                                const std::vector<std::string>& paths,
                                                absl::Time now) {
  ViolationCollector violations;
  if (paths.empty()) violations.Add("update_mask", "must name at least one field");
  OrganizationInput merged = OrganizationToInput(current);
  for (const std::string& path : paths) {
    if (Contains(std::begin(kUpdatablePaths), std::end(kUpdatablePaths), path)) {
      ApplyPath(path, input, merged);
      continue;
    }
    const bool read_only = Contains(std::begin(kReadOnlyPaths), std::end(kReadOnlyPaths), path);
    violations.Add("update_mask",
                   absl::StrCat("names ", read_only ? "read-only" : "unknown", " field ",
                                Quoted(path), " of the organization"));
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;
  return ValidateOrganization(current.account_id, merged, now);
}

std::optional<PaymentInstructions> PaymentInstructionsOf(const Organization& organization) {
  if (organization.payment_instructions == PaymentInstructions{}) return std::nullopt;
  return organization.payment_instructions;
}

std::vector<std::string> MissingForIssue(const Organization& organization) {
  std::vector<std::string> missing;
  if (TrimText(organization.legal_name).empty()) missing.push_back("legal_name");
  if (TrimText(organization.address.line1).empty()) missing.push_back("address.line1");
  if (organization.address.country.empty()) missing.push_back("address.country");
  return missing;
}

absl::Status CheckCanIssue(const Organization& organization) {
  const std::vector<std::string> missing = MissingForIssue(organization);
  if (missing.empty()) return absl::OkStatus();
  return Error(ErrorCode::kOrganizationIncomplete,
               absl::StrCat("the organization (the seller every invoice names) lacks ",
                            absl::StrJoin(missing, ", "),
                            ": complete it before processing an invoice"));
}

}  // namespace billing::domain
