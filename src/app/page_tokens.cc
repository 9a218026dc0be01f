#include "app/page_tokens.h"

#include <optional>

#include "auth/page_token_cipher.h"
#include "domain/error.h"

namespace billing::app {
namespace {

// Sealed tokens are the domain's (at most 512 characters) plus nonce and
// tag, in base64url.
constexpr size_t kMaxSealedTokenLength = 1024;

absl::StatusOr<auth::PageTokenCipher> CipherOf(const Store& store) {
  if (store.page_token_secret().size() < 32) {
    return domain::Error(domain::ErrorCode::kInternal,
                         "the store keeps no page-token secret; lists cannot be continued by token");
  }
  return auth::PageTokenCipher(store.page_token_secret());
}

}  // namespace

absl::StatusOr<domain::PageRequest> MakeListPageRequest(const Store& store,
                                                        const CallContext& ctx, int page,
                                                        int page_size,
                                                        std::string_view page_token,
                                                        std::string_view list_key) {
  if (page_token.empty()) return domain::MakePageRequest(page, page_size);
  std::optional<std::string> text;
  if (page_token.size() <= kMaxSealedTokenLength) {
    absl::StatusOr<auth::PageTokenCipher> cipher = CipherOf(store);
    if (!cipher.ok()) return cipher.status();
    text = cipher->Open(page_token, ctx.account_id);
  }
  if (!text.has_value()) {
    // Checked first so that page and page_size errors are still reported
    // with it, as domain::MakePageRequest reports them.
    absl::StatusOr<domain::PageRequest> plain = domain::MakePageRequest(page, page_size);
    if (!plain.ok()) return plain.status();
    return domain::ValidationError(
        "page_token",
        "is not a token this list returned (pass next_page_token unchanged, with the same "
        "filters)");
  }
  return domain::MakePageRequest(page, page_size, *text, list_key);
}

absl::StatusOr<std::string> SealPageToken(const Store& store, const CallContext& ctx,
                                          std::string_view text) {
  absl::StatusOr<auth::PageTokenCipher> cipher = CipherOf(store);
  if (!cipher.ok()) return cipher.status();
  return cipher->Seal(text, ctx.account_id);
}

}  // namespace billing::app
