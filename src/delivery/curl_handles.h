// Owning handles for libcurl objects and the one-time global setup. Internal
// to src/delivery.
#ifndef BILLING_DELIVERY_CURL_HANDLES_H_
#define BILLING_DELIVERY_CURL_HANDLES_H_

#include <curl/curl.h>

#include <memory>
#include <string>

#include "absl/time/time.h"

namespace billing::delivery {

// curl_global_init, once per process, before the first handle: libcurl's
// own lazy init is not thread-safe on every build.
void EnsureCurlGlobalInit();

struct CurlEasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct CurlUrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
struct CurlMimeDeleter {
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};
struct CurlStringDeleter {
  void operator()(char* text) const { curl_free(text); }
};

using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;
using CurlMime = std::unique_ptr<curl_mime, CurlMimeDeleter>;
using CurlString = std::unique_ptr<char, CurlStringDeleter>;

// Appends to a list (curl_slist_append may return a new head, or null when
// out of memory, in which case the old list is kept). False on failure.
bool Append(CurlSlist& list, const std::string& item);

// A timeout for libcurl in milliseconds, at least 1: libcurl reads 0 as
// "no timeout at all", the opposite of what a zero option means.
long CurlTimeoutMs(absl::Duration timeout);

// "<curl_easy_strerror>: <error buffer>" (the buffer adds the detail, such
// as the address that refused the connection, when libcurl filled it).
std::string CurlErrorText(CURLcode code, const char* error_buffer);

}  // namespace billing::delivery

#endif  // BILLING_DELIVERY_CURL_HANDLES_H_
