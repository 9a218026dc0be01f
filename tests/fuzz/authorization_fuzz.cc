// libFuzzer: the Authorization header and what it carries (API key shape,
// JWT parsing and verification with an HS256 secret). Hostile headers must
// be refused without crashing, and never accepted without a valid signature.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "absl/time/time.h"
#include "auth/api_key.h"
#include "auth/authorization_header.h"
#include "auth/jwt_verifier.h"

namespace {

const billing::auth::JwtVerifier& Verifier() {
  static const std::unique_ptr<billing::auth::JwtVerifier> verifier = [] {
    billing::auth::JwtConfig config;
    config.hs256_secret = "fuzzing-secret-not-known-to-the-input";
    config.issuer = "https://issuer.example";
    config.audience = "billing";
    auto created = billing::auth::JwtVerifier::Create(config);
    if (!created.ok()) std::abort();
    return *std::move(created);
  }();
  return *verifier;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  const auto credential = billing::auth::ParseAuthorizationHeader(header);
  if (!credential.ok()) return 0;
  if (credential->token.size() > billing::auth::kMaxAuthorizationLength) std::abort();
  if (credential->scheme == billing::auth::CredentialScheme::kApiKey) {
    if (!billing::auth::ParseApiKey(credential->token).ok()) std::abort();  // checked by the header
    return 0;
  }
  // The fuzzer cannot know the secret: a token it made up must never verify.
  if (Verifier().Verify(credential->token, absl::FromUnixSeconds(1'800'000'000)).ok()) {
    std::abort();
  }
  return 0;
}
