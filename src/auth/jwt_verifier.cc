#include "auth/jwt_verifier.h"

#include <google/protobuf/struct.pb.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "auth/authorization_header.h"
#include "auth/base64url.h"
#include "auth/json_object.h"
#include "auth/jwk_keys.h"
#include "auth/jws_signature.h"
#include "auth/jwt_claims.h"
#include "domain/error.h"
#include "domain/text.h"

namespace billing::auth {

using domain::Av;

namespace {

using google::protobuf::Struct;

// RFC 7518 §3.2: an HMAC key shorter than the hash output weakens it.
constexpr size_t kMinHs256SecretBytes = 32;

// The messages say which check failed, never what the token held.
absl::Status Invalid(std::string_view message) {
  return domain::Error(domain::ErrorCode::kInvalidCredentials, message);
}

struct CompactJws {
  std::string_view encoded_header;
  std::string_view encoded_payload;
  std::string_view encoded_signature;
  std::string_view signing_input;  // "<header>.<payload>", what was signed
};

std::optional<CompactJws> SplitCompactJws(std::string_view token) {
  size_t first_dot = token.find('.');
  if (first_dot == std::string_view::npos) return std::nullopt;
  size_t second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  CompactJws jws;
  jws.encoded_header = token.substr(0, first_dot);
  jws.encoded_payload = token.substr(first_dot + 1, second_dot - first_dot - 1);
  jws.encoded_signature = token.substr(second_dot + 1);
  jws.signing_input = token.substr(0, second_dot);
  if (jws.encoded_header.empty() || jws.encoded_payload.empty() ||
      jws.encoded_signature.empty()) {
    return std::nullopt;
  }
  return jws;
}

absl::StatusOr<Struct> DecodeJsonSegment(std::string_view encoded, std::string_view what) {
  std::optional<std::string> json = Base64UrlDecode(encoded);
  if (!json.has_value()) return Invalid(std::string(what) + " is not base64url");
  absl::StatusOr<Struct> object = ParseJsonObject(*json);
  if (!object.ok()) return Invalid(std::string(what) + " is not a JSON object");
  return object;
}

// A JWT (RFC 7519) or an OAuth access token JWT (RFC 9068); any other typ
// marks a token minted for something else, such as a logout token.
bool IsAcceptedType(std::string_view typ) {
  for (std::string_view accepted : {"JWT", "application/jwt", "at+jwt", "application/at+jwt"}) {
    if (absl::EqualsIgnoreCase(Av(typ), Av(accepted))) return true;
  }
  return false;
}

struct JoseHeader {
  std::string alg;
  std::optional<std::string> kid;
};

absl::StatusOr<JoseHeader> ParseJoseHeader(std::string_view encoded) {
  absl::StatusOr<Struct> header = DecodeJsonSegment(encoded, "the token's header");
  if (!header.ok()) return header.status();
  std::optional<std::string> alg = StringMember(*header, "alg");
  if (!alg.has_value()) return Invalid("the token's header names no algorithm");
  // An extension we would be required to understand, and do not.
  if (FindMember(*header, "crit") != nullptr) {
    return Invalid("the token's header has critical extensions, which are not supported");
  }
  if (FindMember(*header, "typ") != nullptr) {
    std::optional<std::string> typ = StringMember(*header, "typ");
    if (!typ.has_value() || !IsAcceptedType(*typ)) {
      return Invalid("the token's type is not a JWT access token");
    }
  }
  std::optional<std::string> kid = StringMember(*header, "kid");
  if (FindMember(*header, "kid") != nullptr && !kid.has_value()) {
    return Invalid("the token's key id is not a string");
  }
  // jku, jwk, x5u and x5c are ignored: keys come from configuration only.
  return JoseHeader{*std::move(alg), std::move(kid)};
}

std::optional<KeyAlgorithm> AsymmetricAlgorithm(std::string_view alg) {
  if (alg == "RS256") return KeyAlgorithm::kRs256;
  if (alg == "ES256") return KeyAlgorithm::kEs256;
  return std::nullopt;
}

class ConfiguredJwtVerifier final : public JwtVerifier {
 public:
  ConfiguredJwtVerifier(JwtConfig config, std::vector<VerificationKey> keys)
      : config_(std::move(config)), keys_(std::move(keys)) {}

  absl::StatusOr<VerifiedToken> Verify(std::string_view token, absl::Time now) const override {
    // Checked again here so that no caller can hand an unbounded input to
    // the decoders.
    if (token.size() > kMaxAuthorizationLength) return Invalid("the token is too long");
    std::optional<CompactJws> jws = SplitCompactJws(token);
    if (!jws.has_value()) return Invalid("the token is not a JWT of three parts");
    absl::StatusOr<JoseHeader> header = ParseJoseHeader(jws->encoded_header);
    if (!header.ok()) return header.status();
    std::optional<std::string> signature = Base64UrlDecode(jws->encoded_signature);
    if (!signature.has_value()) return Invalid("the token's signature is not base64url");
    if (absl::Status status = CheckSignature(*header, jws->signing_input, *signature);
        !status.ok()) {
      return status;
    }
    // Only now, with the signature good, is the payload worth reading.
    absl::StatusOr<Struct> claims = DecodeJsonSegment(jws->encoded_payload, "the token's payload");
    if (!claims.ok()) return claims.status();
    return CheckClaims(*claims, config_, now);
  }

 private:
  absl::Status CheckSignature(const JoseHeader& header, std::string_view signing_input,
                              std::string_view signature) const {
    if (header.alg == "HS256") {
      // Only the configured secret: a public key's bytes are never one.
      if (config_.hs256_secret.empty()) return Invalid("HS256 tokens are not accepted");
      if (!VerifyHs256(config_.hs256_secret, signing_input, signature)) {
        return Invalid("the token's signature does not verify");
      }
      return absl::OkStatus();
    }
    std::optional<KeyAlgorithm> algorithm = AsymmetricAlgorithm(header.alg);
    if (!algorithm.has_value()) return Invalid("the token's algorithm is not accepted");
    absl::StatusOr<std::vector<const VerificationKey*>> candidates = KeysFor(header.kid);
    if (!candidates.ok()) return candidates.status();
    bool any_key_of_algorithm = false;
    for (const VerificationKey* key : *candidates) {
      if (key->algorithm != *algorithm) continue;
      any_key_of_algorithm = true;
      bool verified = *algorithm == KeyAlgorithm::kRs256
                          ? VerifyRs256(key->key.get(), signing_input, signature)
                          : VerifyEs256(key->key.get(), signing_input, signature);
      if (verified) return absl::OkStatus();
    }
    if (!any_key_of_algorithm) return Invalid("the token's algorithm does not match the key");
    return Invalid("the token's signature does not verify");
  }

  // The keys a token may have been signed with: those with its kid; when no
  // key has that kid, the keys that have no kid (a PEM file), if any.
  absl::StatusOr<std::vector<const VerificationKey*>> KeysFor(
      const std::optional<std::string>& kid) const {
    std::vector<const VerificationKey*> matching;
    std::vector<const VerificationKey*> without_kid;
    for (const VerificationKey& key : keys_) {
      if (kid.has_value() && key.kid == *kid) matching.push_back(&key);
      if (key.kid.empty()) without_kid.push_back(&key);
    }
    if (!kid.has_value()) {
      std::vector<const VerificationKey*> all;
      for (const VerificationKey& key : keys_) all.push_back(&key);
      return all;
    }
    if (!matching.empty()) return matching;
    if (!without_kid.empty()) return without_kid;
    return Invalid("the token's key id is unknown");
  }

  JwtConfig config_;
  std::vector<VerificationKey> keys_;
};

absl::Status CheckConfig(const JwtConfig& config) {
  if (config.issuer.empty()) return absl::InvalidArgumentError("JWT issuer must be set");
  if (config.audience.empty()) return absl::InvalidArgumentError("JWT audience must be set");
  if (config.account_claim.empty()) {
    return absl::InvalidArgumentError("JWT account claim must be set");
  }
  if (config.leeway < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("JWT leeway must not be negative");
  }
  if (config.keys_file.empty() && config.hs256_secret.empty()) {
    return absl::InvalidArgumentError(
        "JWT verification needs a keys file or an HS256 secret; with neither no token verifies");
  }
  if (!config.hs256_secret.empty() && config.hs256_secret.size() < kMinHs256SecretBytes) {
    return absl::InvalidArgumentError("the HS256 secret must be at least 32 bytes");
  }
  // The classic confusion attack signs HS256 with the public key's PEM; a
  // secret that is a PEM key would make it work.
  if (config.hs256_secret.find("-----BEGIN") != std::string::npos) {
    return absl::InvalidArgumentError(
        "the HS256 secret is a PEM key; a public key must never be an HMAC secret");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::Create(const JwtConfig& config) {
  if (absl::Status status = CheckConfig(config); !status.ok()) return status;
  std::vector<VerificationKey> keys;
  if (!config.keys_file.empty()) {
    absl::StatusOr<std::vector<VerificationKey>> loaded = LoadVerificationKeys(config.keys_file);
    if (!loaded.ok()) return loaded.status();
    keys = *std::move(loaded);
  }
  return std::make_unique<ConfiguredJwtVerifier>(config, std::move(keys));
}

}  // namespace billing::auth
