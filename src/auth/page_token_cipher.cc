#include "auth/page_token_cipher.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "auth/base64url.h"
#include "auth/openssl_util.h"

namespace billing::auth {
namespace {

constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;
constexpr std::string_view kKeyLabel = "billing page tokens v1 aes-256-gcm";

using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, OpenSslDeleter<EVP_CIPHER_CTX_free>>;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

PageTokenCipher::PageTokenCipher(std::string_view secret) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), Bytes(kKeyLabel),
       kKeyLabel.size(), digest.data(), &length);
  key_.assign(reinterpret_cast<const char*>(digest.data()), length);
}

absl::StatusOr<std::string> PageTokenCipher::Seal(std::string_view text,
                                                  std::string_view bound_to) const {
  std::string out(kNonceBytes + text.size() + kTagBytes, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  unsigned char* body = nonce + kNonceBytes;
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int n = 0;
  int final_n = 0;
  if (key_.size() != 32 || ctx == nullptr || RAND_bytes(nonce, kNonceBytes) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key_), nonce) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &n, Bytes(bound_to),
                        static_cast<int>(bound_to.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), body, &n, Bytes(text), static_cast<int>(text.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), body + n, &final_n) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                          body + text.size()) != 1) {
    return absl::InternalError(absl::StrCat("page token: ", TakeOpenSslError()));
  }
  return Base64UrlEncode(out);
}

std::optional<std::string> PageTokenCipher::Open(std::string_view token,
                                                 std::string_view bound_to) const {
  std::optional<std::string> raw = Base64UrlDecode(token);
  if (!raw.has_value() || raw->size() < kNonceBytes + kTagBytes || key_.size() != 32) {
    return std::nullopt;
  }
  const std::string_view all(*raw);
  const std::string_view nonce = all.substr(0, kNonceBytes);
  const std::string_view body = all.substr(kNonceBytes, all.size() - kNonceBytes - kTagBytes);
  std::string tag(all.substr(all.size() - kTagBytes));
  std::string text(body.size(), '\0');
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int n = 0;
  int final_n = 0;
  const bool opened =
      ctx != nullptr &&
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key_), Bytes(nonce)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &n, Bytes(bound_to),
                        static_cast<int>(bound_to.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(text.data()), &n,
                        Bytes(body), static_cast<int>(body.size())) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(text.data()) + n,
                          &final_n) == 1;
  if (!opened) {
    TakeOpenSslError();  // a forged token is not an error worth keeping
    return std::nullopt;
  }
  return text;
}

}  // namespace billing::auth
