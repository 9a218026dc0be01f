#include "jwt_test_support.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "auth/base64url.h"

namespace billing::auth::test_support {
namespace {

// Debian's Abseil has its own absl::string_view (not std::string_view).
absl::string_view Av(std::string_view text) { return {text.data(), text.size()}; }

// Test setup that cannot go wrong short of a broken OpenSSL.
void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "test support: %s failed\n", what);
  std::abort();
}

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

std::string BignumBytes(const BIGNUM* number, int width) {
  std::string out(static_cast<size_t>(width > 0 ? width : BN_num_bytes(number)), '\0');
  unsigned char* to = reinterpret_cast<unsigned char*>(out.data());
  int written = width > 0 ? BN_bn2binpad(number, to, width) : BN_bn2bin(number, to);
  Check(written == static_cast<int>(out.size()), "BN_bn2bin");
  return out;
}

std::string BignumParam(EVP_PKEY* key, const char* name, int width) {
  BIGNUM* number = nullptr;
  Check(EVP_PKEY_get_bn_param(key, name, &number) == 1, name);
  std::string bytes = BignumBytes(number, width);
  BN_free(number);
  return bytes;
}

}  // namespace

TestKey::TestKey(EVP_PKEY* key) : key_(key, EVP_PKEY_free) { Check(key != nullptr, "keygen"); }

TestKey TestKey::Rsa(int bits) {
  return TestKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
}

TestKey TestKey::Ec(std::string_view curve) {
  std::string name(curve);
  return TestKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", name.c_str()));
}

std::string TestKey::PublicPem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  Check(bio != nullptr && PEM_write_bio_PUBKEY(bio, key_.get()) == 1, "PEM_write_bio_PUBKEY");
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(size));
  BIO_free(bio);
  return pem;
}

std::string TestKey::Jwk(std::string_view kid, std::string_view extra) const {
  std::string members;
  if (EVP_PKEY_is_a(key_.get(), "RSA")) {
    members = absl::StrCat(
        R"("kty":"RSA","n":)",
        Quoted(Base64UrlEncode(BignumParam(key_.get(), OSSL_PKEY_PARAM_RSA_N, 0))),
        R"(,"e":)", Quoted(Base64UrlEncode(BignumParam(key_.get(), OSSL_PKEY_PARAM_RSA_E, 0))));
  } else {
    int width = (EVP_PKEY_get_bits(key_.get()) + 7) / 8;
    members = absl::StrCat(
        R"("kty":"EC","crv":)", width == 32 ? R"("P-256")" : R"("P-384")", R"(,"x":)",
        Quoted(Base64UrlEncode(BignumParam(key_.get(), OSSL_PKEY_PARAM_EC_PUB_X, width))),
        R"(,"y":)",
        Quoted(Base64UrlEncode(BignumParam(key_.get(), OSSL_PKEY_PARAM_EC_PUB_Y, width))));
  }
  if (!kid.empty()) absl::StrAppend(&members, R"(,"kid":)", Quoted(kid));
  if (!extra.empty()) absl::StrAppend(&members, ",", Av(extra));
  return absl::StrCat("{", members, "}");
}

std::string TestKey::SignDer(std::string_view signing_input) const {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  size_t size = 0;
  Check(context != nullptr &&
            EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, key_.get()) == 1 &&
            EVP_DigestSign(context, nullptr, &size, Bytes(signing_input), signing_input.size()) ==
                1,
        "EVP_DigestSign (size)");
  std::string signature(size, '\0');
  Check(EVP_DigestSign(context, reinterpret_cast<unsigned char*>(signature.data()), &size,
                       Bytes(signing_input), signing_input.size()) == 1,
        "EVP_DigestSign");
  EVP_MD_CTX_free(context);
  signature.resize(size);
  return signature;
}

std::string TestKey::Sign(std::string_view signing_input) const {
  std::string der = SignDer(signing_input);
  if (EVP_PKEY_is_a(key_.get(), "RSA")) return der;  // PKCS#1 v1.5 as is
  // JWS wants r || s, each padded to the curve's size.
  const unsigned char* cursor = Bytes(der);
  ECDSA_SIG* signature = d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size()));
  Check(signature != nullptr, "d2i_ECDSA_SIG");
  int width = (EVP_PKEY_get_bits(key_.get()) + 7) / 8;
  std::string raw = BignumBytes(ECDSA_SIG_get0_r(signature), width) +
                    BignumBytes(ECDSA_SIG_get0_s(signature), width);
  ECDSA_SIG_free(signature);
  return raw;
}

std::string SignHs256(std::string_view secret, std::string_view signing_input) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  Check(HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), Bytes(signing_input),
             signing_input.size(), mac, &size) != nullptr,
        "HMAC");
  return std::string(reinterpret_cast<const char*>(mac), size);
}

std::string Quoted(std::string_view text) { return absl::StrCat("\"", Av(text), "\""); }

Claims& Claims::Set(std::string_view name, std::string_view json_value) {
  members_[std::string(name)] = std::string(json_value);
  return *this;
}

Claims& Claims::Remove(std::string_view name) {
  members_.erase(std::string(name));
  return *this;
}

std::string Claims::Json() const {
  return absl::StrCat(
      "{",
      absl::StrJoin(members_, ",",
                    [](std::string* out, const auto& member) {
                      absl::StrAppend(out, Quoted(member.first), ":", member.second);
                    }),
      "}");
}

Claims StandardClaims(absl::Time now) {
  int64_t seconds = absl::ToUnixSeconds(now);
  Claims claims;
  claims.Set("iss", Quoted(kIssuer))
      .Set("aud", Quoted(kAudience))
      .Set("sub", Quoted("user-42"))
      .Set("billing_account", Quoted("acme"))
      .Set("scope", Quoted("invoices:read customers:write calendar:read"))
      .Set("iat", absl::StrCat(seconds))
      .Set("nbf", absl::StrCat(seconds - 60))
      .Set("exp", absl::StrCat(seconds + 3600));
  return claims;
}

std::string SigningInput(std::string_view header_json, std::string_view claims_json) {
  return absl::StrCat(Base64UrlEncode(header_json), ".", Base64UrlEncode(claims_json));
}

std::string Jwt(std::string_view signing_input, std::string_view signature) {
  return absl::StrCat(Av(signing_input), ".", Base64UrlEncode(signature));
}

namespace {

std::string Header(std::string_view alg, std::string_view kid) {
  if (kid.empty()) return absl::StrCat(R"({"alg":")", Av(alg), R"(","typ":"JWT"})");
  return absl::StrCat(R"({"alg":")", Av(alg), R"(","typ":"JWT","kid":)", Quoted(kid), "}");
}

}  // namespace

std::string Rs256Jwt(const TestKey& key, const Claims& claims, std::string_view kid) {
  std::string input = SigningInput(Header("RS256", kid), claims.Json());
  return Jwt(input, key.Sign(input));
}

std::string Es256Jwt(const TestKey& key, const Claims& claims, std::string_view kid) {
  std::string input = SigningInput(Header("ES256", kid), claims.Json());
  return Jwt(input, key.Sign(input));
}

std::string Hs256Jwt(std::string_view secret, const Claims& claims) {
  std::string input = SigningInput(Header("HS256", ""), claims.Json());
  return Jwt(input, SignHs256(secret, input));
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "auth_test_XXXXXX").string();
  Check(mkdtemp(pattern.data()) != nullptr, "mkdtemp");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::PathOf(std::string_view name) const { return (path_ / name).string(); }

std::string TempDir::WriteFile(std::string_view name, std::string_view contents) const {
  std::string path = PathOf(name);
  std::ofstream out(path, std::ios::binary);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  Check(out.good(), "writing a test file");
  return path;
}

}  // namespace billing::auth::test_support
