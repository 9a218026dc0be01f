#include "auth/jwt_claims.h"

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/json_object.h"
#include "auth/scopes.h"
#include "domain/error.h"

namespace billing::auth {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// 9999-12-31T23:59:59Z: a later date is a mistake or an attack, not a
// validity period.
constexpr double kMaxNumericDate = 253402300799.0;

// The messages say which check failed, never what the token held.
absl::Status Invalid(std::string_view message) {
  return domain::Error(domain::ErrorCode::kInvalidCredentials, message);
}

// A NumericDate claim: nullopt when absent, an error when not a number.
absl::StatusOr<std::optional<absl::Time>> NumericDate(const Struct& claims,
                                                      std::string_view name) {
  const Value* value = FindMember(claims, name);
  if (value == nullptr) return std::nullopt;
  if (value->kind_case() != Value::kNumberValue) {
    return Invalid(name == "exp" ? "the token's exp claim is not a number"
                                 : "the token's nbf claim is not a number");
  }
  double seconds = value->number_value();
  if (!std::isfinite(seconds) || seconds < 0 || seconds > kMaxNumericDate) {
    return Invalid(name == "exp" ? "the token's exp claim is out of range"
                                 : "the token's nbf claim is out of range");
  }
  return absl::UnixEpoch() + absl::Seconds(seconds);
}

bool AudienceContains(const Value& aud, std::string_view audience) {
  if (aud.kind_case() == Value::kStringValue) return aud.string_value() == audience;
  if (aud.kind_case() != Value::kListValue) return false;
  for (const Value& entry : aud.list_value().values()) {
    if (entry.kind_case() == Value::kStringValue && entry.string_value() == audience) return true;
  }
  return false;
}

absl::Status CheckIssuerAndAudience(const Struct& claims, const JwtConfig& config) {
  if (StringMember(claims, "iss") != config.issuer) {
    return Invalid("the token's issuer is not accepted");
  }
  const Value* aud = FindMember(claims, "aud");
  if (aud == nullptr || !AudienceContains(*aud, config.audience)) {
    return Invalid("the token's audience is not this service");
  }
  return absl::OkStatus();
}

// exp must lie ahead of now - leeway, and nbf no later than now + leeway.
absl::StatusOr<absl::Time> CheckValidityPeriod(const Struct& claims, const JwtConfig& config,
                                               absl::Time now) {
  absl::StatusOr<std::optional<absl::Time>> expires = NumericDate(claims, "exp");
  if (!expires.ok()) return expires.status();
  // A token without exp would be good forever: refused as not valid (a
  // fresh one would not help, so TOKEN_EXPIRED would mislead).
  if (!expires->has_value()) {
    return domain::Error(domain::ErrorCode::kInvalidCredentials, "the token has no exp claim");
  }
  if (now - config.leeway >= **expires) {
    return domain::Error(domain::ErrorCode::kTokenExpired, "the token has expired");
  }
  absl::StatusOr<std::optional<absl::Time>> not_before = NumericDate(claims, "nbf");
  if (!not_before.ok()) return not_before.status();
  if (not_before->has_value() && **not_before > now + config.leeway) {
    return Invalid("the token is not valid yet");
  }
  return **expires;
}

// The tenant's id travels into queries and log lines: a control character
// in it could only be an attack.
bool IsUsableAccountId(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<VerifiedToken> CheckClaims(const Struct& claims, const JwtConfig& config,
                                          absl::Time now) {
  if (absl::Status status = CheckIssuerAndAudience(claims, config); !status.ok()) return status;
  absl::StatusOr<absl::Time> expires = CheckValidityPeriod(claims, config, now);
  if (!expires.ok()) return expires.status();

  std::optional<std::string> account_id = StringMember(claims, config.account_claim);
  if (!account_id.has_value() || !IsUsableAccountId(*account_id)) {
    return Invalid("the token names no account");
  }
  const Value* sub = FindMember(claims, "sub");
  if (sub != nullptr && sub->kind_case() != Value::kStringValue) {
    return Invalid("the token's sub claim is not a string");
  }
  const Value* scope = FindMember(claims, "scope");
  if (scope != nullptr && scope->kind_case() != Value::kStringValue) {
    return Invalid("the token's scope claim is not a string");
  }
  // Lenient: the token may carry other services' scopes.
  absl::StatusOr<std::vector<Scope>> scopes =
      ParseScopes(scope != nullptr ? scope->string_value() : "", /*strict=*/false);
  if (!scopes.ok()) return Invalid("the token's scope claim cannot be read");

  VerifiedToken token;
  token.issuer = config.issuer;
  token.subject = sub != nullptr ? sub->string_value() : "";
  token.account_id = *std::move(account_id);
  token.scopes = *std::move(scopes);
  token.expires = *expires;
  return token;
}

}  // namespace billing::auth
