#include "delivery/curl_handles.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

namespace billing::delivery {

void EnsureCurlGlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Without it no request can ever be sent; failing loudly at the first
    // use beats reporting every delivery as failed.
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      std::fputs("billing: curl_global_init failed\n", stderr);
      std::abort();
    }
  });
}

bool Append(CurlSlist& list, const std::string& item) {
  curl_slist* head = curl_slist_append(list.get(), item.c_str());
  if (head == nullptr) return false;
  list.release();
  list.reset(head);
  return true;
}

long CurlTimeoutMs(absl::Duration timeout) {
  return static_cast<long>(std::max<int64_t>(1, absl::ToInt64Milliseconds(timeout)));
}

std::string CurlErrorText(CURLcode code, const char* error_buffer) {
  std::string text = curl_easy_strerror(code);
  if (error_buffer != nullptr && error_buffer[0] != '\0') {
    text += ": ";
    text += error_buffer;
  }
  return text;
}

}  // namespace billing::delivery
