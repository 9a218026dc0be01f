#include "auth/openssl_util.h"

#include <openssl/err.h>

#include <string>

namespace billing::auth {

std::string TakeOpenSslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown";
  const char* reason = ERR_reason_error_string(code);
  return reason != nullptr ? reason : "unknown";
}

}  // namespace billing::auth
