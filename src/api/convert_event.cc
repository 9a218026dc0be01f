#include "api/convert_event.h"

#include <utility>

#include "api/convert_common.h"
#include "api/etag.h"
#include "google/protobuf/util/json_util.h"

namespace billing::api {

v1::Event ToProto(const domain::Event& event) {
  v1::Event out;
  out.set_id(event.id);
  out.set_type(event.type);
  out.set_resource_id(event.resource_id);
  SetTimestamp(event.create_time, out.mutable_create_time());
  // Written by this service from a message it built; a row that does not
  // parse (someone else wrote it) leaves data empty rather than failing the
  // whole page.
  if (!google::protobuf::util::JsonStringToMessage(event.data_json, out.mutable_data()).ok()) {
    out.clear_data();
  }
  return WithEtag(std::move(out));
}

}  // namespace billing::api
