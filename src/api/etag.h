// Entity tags of the API's resources: a digest of the resource's wire form
// (everything a client can see of it, update_time included), so a tag
// changes whenever anything about the resource does, on every backend and
// replica alike, with no column to keep in step.
#ifndef BILLING_API_ETAG_H_
#define BILLING_API_ETAG_H_

#include <string>
#include <string_view>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace billing::api {

// Lowercase hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

// Sets `resource`'s `etag` field to the digest of its deterministic
// serialization without that field; returns it.
template <typename Resource>
Resource WithEtag(Resource resource) {
  resource.clear_etag();
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  {
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    resource.SerializeToCodedStream(&out);
  }
  resource.set_etag(Sha256Hex(bytes).substr(0, 32));
  return resource;
}

}  // namespace billing::api

#endif  // BILLING_API_ETAG_H_
