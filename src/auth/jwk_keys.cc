#include "auth/jwk_keys.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "auth/base64url.h"
#include "auth/json_object.h"
#include "domain/text.h"

namespace billing::auth {

using domain::Av;

namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// Below this an RSA key can be factored by a well-funded attacker.
constexpr int kMinRsaBits = 2048;
constexpr size_t kP256CoordinateBytes = 32;
// A key file is a few kilobytes; anything near this is not one.
constexpr std::streamsize kMaxKeyFileBytes = 1 << 20;

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("cannot read key file ", path));
  std::string text;
  text.resize(kMaxKeyFileBytes + 1);
  in.read(text.data(), kMaxKeyFileBytes + 1);
  if (in.bad()) return absl::InvalidArgumentError(absl::StrCat("cannot read key file ", path));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > static_cast<size_t>(kMaxKeyFileBytes)) {
    return absl::InvalidArgumentError(absl::StrCat("key file ", path, " is too large"));
  }
  return text;
}

// A public key the verifier can check itself: decodes to a valid point or
// modulus, and only RSA >= 2048 bits or EC on P-256.
absl::StatusOr<KeyAlgorithm> AlgorithmFor(EVP_PKEY* key) {
  EvpPkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  if (check == nullptr || EVP_PKEY_public_check(check.get()) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid public key (", TakeOpenSslError(), ")"));
  }
  // EVP_PKEY_is_a(key, "RSA") is false for RSA-PSS keys, which RS256 must
  // not use.
  if (EVP_PKEY_is_a(key, "RSA")) {
    if (EVP_PKEY_get_bits(key) < kMinRsaBits) {
      return absl::InvalidArgumentError(
          absl::StrCat("RSA key of ", EVP_PKEY_get_bits(key), " bits; at least ", kMinRsaBits,
                       " are required"));
    }
    return KeyAlgorithm::kRs256;
  }
  if (EVP_PKEY_is_a(key, "EC")) {
    char group[64] = {};
    size_t group_length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                       &group_length) != 1 ||
        std::string_view(group, group_length) != SN_X9_62_prime256v1) {
      ERR_clear_error();
      return absl::InvalidArgumentError("EC key not on curve P-256; only ES256 is supported");
    }
    return KeyAlgorithm::kEs256;
  }
  return absl::InvalidArgumentError("unsupported key type; only RSA and EC P-256 keys are");
}

absl::StatusOr<VerificationKey> MakeVerificationKey(EvpPkeyPtr key, std::string kid) {
  absl::StatusOr<KeyAlgorithm> algorithm = AlgorithmFor(key.get());
  if (!algorithm.ok()) return algorithm.status();
  return VerificationKey{std::move(kid), *algorithm, std::move(key)};
}

// The key EVP_PKEY_fromdata builds of `key_type` ("RSA", "EC") from `params`.
absl::StatusOr<EvpPkeyPtr> KeyFromParams(const char* key_type, OSSL_PARAM_BLD* builder) {
  OsslParamPtr params(OSSL_PARAM_BLD_to_param(builder));
  EvpPkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, key_type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (params == nullptr || context == nullptr || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid ", key_type, " key (", TakeOpenSslError(), ")"));
  }
  return EvpPkeyPtr(raw);
}

// The bytes of a member holding base64url text.
absl::StatusOr<std::string> Base64UrlMember(const Struct& jwk, std::string_view name) {
  std::optional<std::string> text = StringMember(jwk, name);
  if (!text.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat("missing \"", Av(name), "\""));
  }
  std::optional<std::string> bytes = Base64UrlDecode(*text);
  if (!bytes.has_value() || bytes->empty()) {
    return absl::InvalidArgumentError(absl::StrCat("\"", Av(name), "\" is not base64url"));
  }
  return *std::move(bytes);
}

absl::StatusOr<EvpPkeyPtr> RsaKeyFromJwk(const Struct& jwk) {
  absl::StatusOr<std::string> n = Base64UrlMember(jwk, "n");
  if (!n.ok()) return n.status();
  absl::StatusOr<std::string> e = Base64UrlMember(jwk, "e");
  if (!e.ok()) return e.status();
  BignumPtr modulus(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()), static_cast<int>(n->size()),
                nullptr));
  BignumPtr exponent(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()), static_cast<int>(e->size()),
                nullptr));
  OsslParamBldPtr builder(OSSL_PARAM_BLD_new());
  if (modulus == nullptr || exponent == nullptr || builder == nullptr ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1) {
    return absl::InvalidArgumentError(absl::StrCat("invalid RSA key (", TakeOpenSslError(), ")"));
  }
  return KeyFromParams("RSA", builder.get());
}

absl::StatusOr<EvpPkeyPtr> EcP256KeyFromJwk(const Struct& jwk) {
  absl::StatusOr<std::string> x = Base64UrlMember(jwk, "x");
  if (!x.ok()) return x.status();
  absl::StatusOr<std::string> y = Base64UrlMember(jwk, "y");
  if (!y.ok()) return y.status();
  if (x->size() != kP256CoordinateBytes || y->size() != kP256CoordinateBytes) {
    return absl::InvalidArgumentError("P-256 coordinates \"x\" and \"y\" must be 32 bytes each");
  }
  // The uncompressed SEC1 point: 0x04 || x || y.
  std::string point = absl::StrCat("\x04", *x, *y);
  OsslParamBldPtr builder(OSSL_PARAM_BLD_new());
  if (builder == nullptr ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                      SN_X9_62_prime256v1, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return absl::InvalidArgumentError(absl::StrCat("invalid EC key (", TakeOpenSslError(), ")"));
  }
  return KeyFromParams("EC", builder.get());
}

// Whether this service would ever verify with `jwk`; see ParseJwks.
bool IsSignatureKeyWeUse(const Struct& jwk, std::string_view kty) {
  const Value* use = FindMember(jwk, "use");
  if (use != nullptr && StringMember(jwk, "use") != "sig") return false;
  std::optional<std::string> alg = StringMember(jwk, "alg");
  if (kty == "RSA") return !alg.has_value() || *alg == "RS256";
  if (kty == "EC") {
    return (!alg.has_value() || *alg == "ES256") && StringMember(jwk, "crv") == "P-256";
  }
  return false;
}

// nullopt when the key is one ParseJwks skips.
absl::StatusOr<std::optional<VerificationKey>> KeyFromJwk(const Value& entry) {
  if (entry.kind_case() != Value::kStructValue) {
    return absl::InvalidArgumentError("not a JSON object");
  }
  const Struct& jwk = entry.struct_value();
  std::optional<std::string> kty = StringMember(jwk, "kty");
  if (!kty.has_value()) return absl::InvalidArgumentError("missing \"kty\"");
  if (!IsSignatureKeyWeUse(jwk, *kty)) return std::nullopt;
  const Value* kid_value = FindMember(jwk, "kid");
  std::optional<std::string> kid = StringMember(jwk, "kid");
  if (kid_value != nullptr && !kid.has_value()) {
    return absl::InvalidArgumentError("\"kid\" is not a string");
  }
  absl::StatusOr<EvpPkeyPtr> key = *kty == "RSA" ? RsaKeyFromJwk(jwk) : EcP256KeyFromJwk(jwk);
  if (!key.ok()) return key.status();
  absl::StatusOr<VerificationKey> verification_key =
      MakeVerificationKey(*std::move(key), kid.value_or(""));
  if (!verification_key.ok()) return verification_key.status();
  return std::optional<VerificationKey>(*std::move(verification_key));
}

struct PemBlock {
  std::string name;  // "PUBLIC KEY", "CERTIFICATE", ...
  std::string der;
};

// The next PEM block, or nullopt at the end of the input. Blocks are read
// one by one, rather than with PEM_read_bio_PUBKEY, so that a private key
// or certificate in the file is an error instead of being skipped silently.
absl::StatusOr<std::optional<PemBlock>> ReadPemBlock(BIO* bio) {
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* data = nullptr;
  long length = 0;
  if (PEM_read_bio(bio, &name, &header, &data, &length) != 1) {
    unsigned long error = ERR_peek_last_error();
    if (ERR_GET_LIB(error) == ERR_LIB_PEM && ERR_GET_REASON(error) == PEM_R_NO_START_LINE) {
      ERR_clear_error();
      return std::nullopt;
    }
    return absl::InvalidArgumentError(absl::StrCat("cannot be parsed (", TakeOpenSslError(), ")"));
  }
  PemBlock block{name, std::string(reinterpret_cast<const char*>(data),
                                   static_cast<size_t>(length))};
  OPENSSL_free(name);
  OPENSSL_free(header);
  OPENSSL_free(data);
  return block;
}

absl::StatusOr<VerificationKey> PublicKeyFromPemBlock(const PemBlock& block) {
  if (block.name != "PUBLIC KEY") {
    return absl::InvalidArgumentError(absl::StrCat(
        "a \"", block.name, "\" block; only \"PUBLIC KEY\" blocks belong in a key file"));
  }
  const unsigned char* cursor = reinterpret_cast<const unsigned char*>(block.der.data());
  EvpPkeyPtr key(d2i_PUBKEY(nullptr, &cursor, static_cast<long>(block.der.size())));
  if (key == nullptr ||
      cursor != reinterpret_cast<const unsigned char*>(block.der.data()) + block.der.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a valid public key (", TakeOpenSslError(), ")"));
  }
  return MakeVerificationKey(std::move(key), "");
}

// Two keys with one kid would leave the choice between them to chance.
absl::Status CheckKidsDistinct(const std::vector<VerificationKey>& keys) {
  std::set<std::string> kids;
  for (const VerificationKey& key : keys) {
    if (key.kid.empty()) continue;
    if (!kids.insert(key.kid).second) {
      return absl::InvalidArgumentError(absl::StrCat("JWKS: kid \"", key.kid, "\" is repeated"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<VerificationKey>> ParsePemPublicKeys(std::string_view pem) {
  ERR_clear_error();
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (bio == nullptr) return absl::InternalError("cannot allocate a BIO");
  std::vector<VerificationKey> keys;
  while (true) {
    absl::StatusOr<std::optional<PemBlock>> block = ReadPemBlock(bio.get());
    if (!block.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("PEM: block ", keys.size() + 1, ": ",
                                                     block.status().message()));
    }
    if (!block->has_value()) break;
    absl::StatusOr<VerificationKey> key = PublicKeyFromPemBlock(**block);
    if (!key.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("PEM: block ", keys.size() + 1, ": ",
                                                     key.status().message()));
    }
    keys.push_back(*std::move(key));
  }
  if (keys.empty()) {
    return absl::InvalidArgumentError("PEM: no \"-----BEGIN PUBLIC KEY-----\" block found");
  }
  return keys;
}

absl::StatusOr<std::vector<VerificationKey>> ParseJwks(std::string_view json) {
  absl::StatusOr<Struct> document = ParseJsonObject(json);
  if (!document.ok()) return absl::InvalidArgumentError("JWKS: not a valid JSON object");
  const Value* entries = FindMember(*document, "keys");
  if (entries == nullptr || entries->kind_case() != Value::kListValue) {
    return absl::InvalidArgumentError("JWKS: missing the \"keys\" array");
  }
  std::vector<VerificationKey> keys;
  for (int i = 0; i < entries->list_value().values_size(); ++i) {
    absl::StatusOr<std::optional<VerificationKey>> key =
        KeyFromJwk(entries->list_value().values(i));
    if (!key.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("JWKS: keys[", i, "]: ", key.status().message()));
    }
    if (key->has_value()) keys.push_back(**std::move(key));
  }
  if (absl::Status distinct = CheckKidsDistinct(keys); !distinct.ok()) return distinct;
  if (keys.empty()) {
    return absl::InvalidArgumentError("JWKS: no RSA (RS256) or EC P-256 (ES256) signing key");
  }
  return keys;
}

absl::StatusOr<std::vector<VerificationKey>> LoadVerificationKeys(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  size_t first = text->find_first_not_of(" \t\r\n");
  absl::StatusOr<std::vector<VerificationKey>> keys =
      first != std::string::npos && (*text)[first] == '{' ? ParseJwks(*text)
                                                           : ParsePemPublicKeys(*text);
  if (!keys.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("key file ", path, ": ", keys.status().message()));
  }
  return keys;
}

}  // namespace billing::auth
