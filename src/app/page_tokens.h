// Page tokens as callers hold them: the domain's token (domain/paging.h:
// where a list's page ended, for which filters and page size) sealed with
// AES-256-GCM for the calling account under the database's secret
// (auth/page_token_cipher.h, Store::page_token_secret). A caller reads
// nothing from one, and a token given to another account, made by another
// database or edited does not continue any list: 400 VALIDATION_ERROR on
// page_token, as for any token the list did not give out.
#ifndef BILLING_APP_PAGE_TOKENS_H_
#define BILLING_APP_PAGE_TOKENS_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "app/call_context.h"
#include "app/ports/store.h"
#include "domain/paging.h"

namespace billing::app {

// domain::MakePageRequest for `ctx`'s account, the token opened first.
absl::StatusOr<domain::PageRequest> MakeListPageRequest(const Store& store,
                                                        const CallContext& ctx, int page,
                                                        int page_size,
                                                        std::string_view page_token,
                                                        std::string_view list_key);

// `text` (a domain token) sealed for `ctx`'s account.
absl::StatusOr<std::string> SealPageToken(const Store& store, const CallContext& ctx,
                                          std::string_view text);

// domain::SetNextPageToken, the token sealed for `ctx`'s account.
template <typename T>
absl::Status SetSealedNextPageToken(const Store& store, const CallContext& ctx,
                                    domain::Page<T>& page, std::string_view list_key) {
  domain::SetNextPageToken(page, list_key);
  if (page.next_page_token.empty()) return absl::OkStatus();
  absl::StatusOr<std::string> sealed = SealPageToken(store, ctx, page.next_page_token);
  if (!sealed.ok()) return sealed.status();
  page.next_page_token = *std::move(sealed);
  return absl::OkStatus();
}

}  // namespace billing::app

#endif  // BILLING_APP_PAGE_TOKENS_H_
