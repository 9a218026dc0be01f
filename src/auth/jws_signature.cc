#include "auth/jws_signature.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>

#include <array>
#include <string>
#include <string_view>

#include "auth/openssl_util.h"

namespace billing::auth {
namespace {

constexpr size_t kP256ScalarBytes = 32;
constexpr size_t kSha256Bytes = 32;

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

// EVP's one-shot verification of a DER or PKCS#1 signature; `rsa` selects
// PKCS#1 v1.5 padding explicitly rather than trusting the default.
bool DigestVerify(EVP_PKEY* key, bool rsa, std::string_view signing_input,
                  std::string_view signature) {
  EvpMdCtxPtr context(EVP_MD_CTX_new());
  EVP_PKEY_CTX* key_context = nullptr;  // owned by `context`
  bool verified =
      context != nullptr &&
      EVP_DigestVerifyInit(context.get(), &key_context, EVP_sha256(), nullptr, key) == 1 &&
      (!rsa || EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PADDING) == 1) &&
      EVP_DigestVerify(context.get(), Bytes(signature), signature.size(), Bytes(signing_input),
                       signing_input.size()) == 1;
  // A refused signature leaves errors queued on this thread; they are not
  // news to anyone.
  ERR_clear_error();
  return verified;
}

// JWS's r || s as the DER ECDSA-Sig-Value OpenSSL verifies.
std::string RawEcdsaSignatureToDer(std::string_view raw) {
  BignumPtr r(BN_bin2bn(Bytes(raw), kP256ScalarBytes, nullptr));
  BignumPtr s(BN_bin2bn(Bytes(raw) + kP256ScalarBytes, kP256ScalarBytes, nullptr));
  EcdsaSigPtr signature(ECDSA_SIG_new());
  if (r == nullptr || s == nullptr || signature == nullptr ||
      ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1) {
    return "";
  }
  // ECDSA_SIG_set0 took ownership of r and s.
  r.release();
  s.release();
  unsigned char* der = nullptr;
  int der_length = i2d_ECDSA_SIG(signature.get(), &der);
  if (der_length <= 0) return "";
  std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(der_length));
  OPENSSL_free(der);
  return out;
}

}  // namespace

bool VerifyRs256(EVP_PKEY* key, std::string_view signing_input, std::string_view signature) {
  if (!EVP_PKEY_is_a(key, "RSA")) return false;
  // A PKCS#1 v1.5 signature is exactly as long as the modulus.
  if (signature.size() != static_cast<size_t>(EVP_PKEY_get_size(key))) return false;
  return DigestVerify(key, /*rsa=*/true, signing_input, signature);
}

bool VerifyEs256(EVP_PKEY* key, std::string_view signing_input, std::string_view signature) {
  if (!EVP_PKEY_is_a(key, "EC")) return false;
  if (signature.size() != 2 * kP256ScalarBytes) return false;
  std::string der = RawEcdsaSignatureToDer(signature);
  if (der.empty()) return false;
  return DigestVerify(key, /*rsa=*/false, signing_input, der);
}

bool VerifyHs256(std::string_view secret, std::string_view signing_input,
                 std::string_view signature) {
  if (secret.empty() || signature.size() != kSha256Bytes) return false;
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac;
  unsigned int mac_length = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), Bytes(signing_input),
           signing_input.size(), mac.data(), &mac_length) == nullptr ||
      mac_length != kSha256Bytes) {
    ERR_clear_error();
    return false;
  }
  return CRYPTO_memcmp(mac.data(), signature.data(), kSha256Bytes) == 0;
}

}  // namespace billing::auth
