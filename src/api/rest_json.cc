#include "api/rest_json.h"

#include <cctype>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/json_util.h"

namespace billing::api {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::Value;

// "INVOICE_STATUS_" for InvoiceStatus (gateway/codec.go enumPrefix).
std::string EnumPrefix(const google::protobuf::EnumDescriptor& e) {
  std::string prefix;
  for (size_t i = 0; i < e.name().size(); ++i) {
    const char c = e.name()[i];
    if (i > 0 && std::isupper(static_cast<unsigned char>(c))) prefix.push_back('_');
    prefix.push_back(absl::ascii_toupper(c));
  }
  return prefix + "_";
}

Value EnumWord(const google::protobuf::EnumValueDescriptor& v) {
  std::string name(v.name());
  const std::string prefix = EnumPrefix(*v.type());
  if (absl::StartsWith(name, prefix)) name.erase(0, prefix.size());
  Value out;
  out.set_string_value(absl::AsciiStrToLower(name));
  return out;
}

Value Number(double n) {
  Value out;
  out.set_number_value(n);
  return out;
}

Value MessageValue(const Message& message);

// Well-known types: a timestamp is an RFC 3339 UTC string; a Struct or
// Value is itself.
Value WellKnownValue(const Message& message) {
  const std::string name(message.GetDescriptor()->full_name());
  if (name == "google.protobuf.Timestamp") {
    google::protobuf::Timestamp ts;
    ts.CopyFrom(message);
    // protojson's form: 0, 3, 6 or 9 fraction digits, the fewest that hold
    // the nanoseconds exactly.
    const absl::Time t = absl::FromUnixSeconds(ts.seconds());
    std::string text = absl::FormatTime("%Y-%m-%d%ET%H:%M:%S", t, absl::UTCTimeZone());
    const int nanos = ts.nanos();
    if (nanos != 0) {
      if (nanos % 1000000 == 0) {
        absl::StrAppend(&text, absl::StrFormat(".%03d", nanos / 1000000));
      } else if (nanos % 1000 == 0) {
        absl::StrAppend(&text, absl::StrFormat(".%06d", nanos / 1000));
      } else {
        absl::StrAppend(&text, absl::StrFormat(".%09d", nanos));
      }
    }
    Value out;
    out.set_string_value(text + "Z");
    return out;
  }
  if (name == "google.protobuf.Struct") {
    Value out;
    out.mutable_struct_value()->CopyFrom(message);
    return out;
  }
  if (name == "google.protobuf.Value") {
    Value out;
    out.CopyFrom(message);
    return out;
  }
  // Others (Empty, FieldMask, ...) appear in no resource; keep them as
  // protobuf's JSON would, through a round trip.
  std::string json;
  Value out;
  if (!google::protobuf::util::MessageToJsonString(message, &json).ok() ||
      !google::protobuf::util::JsonStringToMessage(json, &out).ok()) {
    out.set_null_value(google::protobuf::NULL_VALUE);
  }
  return out;
}

Value Scalar(const Message& m, const FieldDescriptor& f, int index) {
  const Reflection& r = *m.GetReflection();
  const bool rep = f.is_repeated();
  switch (f.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string s = rep ? r.GetRepeatedString(m, &f, index) : r.GetString(m, &f);
      Value out;
      out.set_string_value(f.type() == FieldDescriptor::TYPE_BYTES ? absl::Base64Escape(s)
                                                                    : std::move(s));
      return out;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      Value out;
      out.set_bool_value(rep ? r.GetRepeatedBool(m, &f, index) : r.GetBool(m, &f));
      return out;
    }
    case FieldDescriptor::CPPTYPE_INT32:
      return Number(rep ? r.GetRepeatedInt32(m, &f, index) : r.GetInt32(m, &f));
    case FieldDescriptor::CPPTYPE_INT64:
      return Number(static_cast<double>(rep ? r.GetRepeatedInt64(m, &f, index)
                                            : r.GetInt64(m, &f)));
    case FieldDescriptor::CPPTYPE_UINT32:
      return Number(rep ? r.GetRepeatedUInt32(m, &f, index) : r.GetUInt32(m, &f));
    case FieldDescriptor::CPPTYPE_UINT64:
      return Number(static_cast<double>(rep ? r.GetRepeatedUInt64(m, &f, index)
                                            : r.GetUInt64(m, &f)));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return Number(rep ? r.GetRepeatedFloat(m, &f, index) : r.GetFloat(m, &f));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return Number(rep ? r.GetRepeatedDouble(m, &f, index) : r.GetDouble(m, &f));
    case FieldDescriptor::CPPTYPE_ENUM:
      return EnumWord(rep ? *r.GetRepeatedEnum(m, &f, index) : *r.GetEnum(m, &f));
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return MessageValue(rep ? r.GetRepeatedMessage(m, &f, index) : r.GetMessage(m, &f));
  }
  return Value();
}

Value MessageValue(const Message& message) {
  const google::protobuf::Descriptor& d = *message.GetDescriptor();
  if (d.file()->package() == "google.protobuf") return WellKnownValue(message);
  const Reflection& r = *message.GetReflection();
  Value out;
  google::protobuf::Struct& fields = *out.mutable_struct_value();
  for (int i = 0; i < d.field_count(); ++i) {
    const FieldDescriptor& f = *d.field(i);
    Value& v = (*fields.mutable_fields())[std::string(f.json_name())];
    if (f.is_map()) {
      google::protobuf::Struct& map = *v.mutable_struct_value();
      for (int j = 0; j < r.FieldSize(message, &f); ++j) {
        const Message& entry = r.GetRepeatedMessage(message, &f, j);
        const FieldDescriptor& key = *entry.GetDescriptor()->map_key();
        const Value k = Scalar(entry, key, -1);
        (*map.mutable_fields())[k.has_number_value() ? std::to_string(static_cast<int64_t>(
                                                           k.number_value()))
                                                     : k.has_bool_value()
                                                         ? (k.bool_value() ? "true" : "false")
                                                         : k.string_value()] =
            Scalar(entry, *entry.GetDescriptor()->map_value(), -1);
      }
    } else if (f.is_repeated()) {
      google::protobuf::ListValue& list = *v.mutable_list_value();
      for (int j = 0; j < r.FieldSize(message, &f); ++j) *list.add_values() = Scalar(message, f, j);
    } else if (f.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !r.HasField(message, &f)) {
      v.set_null_value(google::protobuf::NULL_VALUE);
    } else {
      v = Scalar(message, f, -1);
    }
  }
  return out;
}

}  // namespace

Value ToRestValue(const Message& message) { return MessageValue(message); }

std::string JsonText(const Value& value) {
  std::string json;
  // A Value built from a message always prints; "null" if it ever did not.
  if (!google::protobuf::util::MessageToJsonString(value, &json).ok()) return "null";
  return json;
}

}  // namespace billing::api
