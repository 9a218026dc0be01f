// Keys made at test time and tokens signed with them, independently of the
// code under test (only base64url encoding is shared, and has its own test).
#ifndef BILLING_TESTS_AUTH_JWT_TEST_SUPPORT_H_
#define BILLING_TESTS_AUTH_JWT_TEST_SUPPORT_H_

#include <openssl/evp.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace billing::auth::test_support {

// An RSA or EC P-256 key pair.
class TestKey {
 public:
  static TestKey Rsa(int bits = 2048);
  static TestKey Ec(std::string_view curve = "P-256");

  // "-----BEGIN PUBLIC KEY-----..." (SubjectPublicKeyInfo).
  std::string PublicPem() const;
  // {"kty":"RSA","kid":..,"n":..,"e":..} or {"kty":"EC","crv":"P-256",..}
  // with `extra` (e.g. R"("use":"sig")") added when non-empty.
  std::string Jwk(std::string_view kid, std::string_view extra = "") const;
  // An RS256 signature for RSA keys, an ES256 one (raw r || s) for EC keys.
  std::string Sign(std::string_view signing_input) const;
  // For EC keys: the DER signature JWS does not use.
  std::string SignDer(std::string_view signing_input) const;

 private:
  explicit TestKey(EVP_PKEY* key);
  std::shared_ptr<EVP_PKEY> key_;
};

std::string SignHs256(std::string_view secret, std::string_view signing_input);

// A JSON string literal for `text` (which must need no escaping).
std::string Quoted(std::string_view text);

// Claims as raw JSON member values, so that tests can set any type.
class Claims {
 public:
  Claims& Set(std::string_view name, std::string_view json_value);
  Claims& Remove(std::string_view name);
  std::string Json() const;

 private:
  std::map<std::string, std::string> members_;
};

inline constexpr std::string_view kIssuer = "https://issuer.example";
inline constexpr std::string_view kAudience = "billing-api";

// iss, aud, sub, billing_account "acme", scope (two of ours and one of
// another service), iat, nbf a minute before `now`, exp an hour after it.
Claims StandardClaims(absl::Time now);

// "<b64url(header)>.<b64url(claims)>", the JWS signing input.
std::string SigningInput(std::string_view header_json, std::string_view claims_json);

// The compact JWS: signing input, '.', b64url(signature).
std::string Jwt(std::string_view signing_input, std::string_view signature);
std::string Rs256Jwt(const TestKey& key, const Claims& claims, std::string_view kid = "");
std::string Es256Jwt(const TestKey& key, const Claims& claims, std::string_view kid = "");
std::string Hs256Jwt(std::string_view secret, const Claims& claims);

// A fresh directory, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `contents` to `name` in the directory; returns its path.
  std::string WriteFile(std::string_view name, std::string_view contents) const;
  std::string PathOf(std::string_view name) const;

 private:
  std::filesystem::path path_;
};

}  // namespace billing::auth::test_support

#endif  // BILLING_TESTS_AUTH_JWT_TEST_SUPPORT_H_
