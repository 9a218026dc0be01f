// Port: the secret page tokens are sealed with (app/page_tokens.h). A store
// whose servers share a database shares it through the database, so that
// every replica opens a token any other gave out, across restarts too. Kept
// beside Store, not in it: a store that has no such secret cannot continue
// lists by token, and says so.
#ifndef BILLING_APP_PORTS_PAGE_TOKEN_SECRET_H_
#define BILLING_APP_PORTS_PAGE_TOKEN_SECRET_H_

#include <string_view>

namespace billing::app {

class PageTokenSecretSource {
 public:
  virtual ~PageTokenSecretSource() = default;
  // At least 32 bytes of randomness, the same for every server on the
  // database; fixed for the store's lifetime.
  virtual std::string_view page_token_secret() const = 0;
};

}  // namespace billing::app

#endif  // BILLING_APP_PORTS_PAGE_TOKEN_SECRET_H_
