#include "api/rest_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/json_util.h"

namespace billing::api {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// "INVOICE_STATUS_" for InvoiceStatus (gateway/restjson.go enumPrefix).
std::string EnumPrefix(const google::protobuf::EnumDescriptor& e) {
  std::string prefix;
  for (size_t i = 0; i < e.name().size(); ++i) {
    const char c = e.name()[i];
    if (i > 0 && absl::ascii_isupper(static_cast<unsigned char>(c))) prefix.push_back('_');
    prefix.push_back(absl::ascii_toupper(c));
  }
  return prefix + "_";
}

// Quotes s as protojson does: only ", \ and control characters are escaped.
void AppendString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

void AppendEnumWord(std::string& out, const google::protobuf::EnumValueDescriptor& v) {
  std::string name(v.name());
  const std::string prefix = EnumPrefix(*v.type());
  if (absl::StartsWith(name, prefix)) name.erase(0, prefix.size());
  AppendString(out, absl::AsciiStrToLower(name));
}

// A double as protojson writes it: the shortest form that reads back
// exactly, in exponent form only below 1e-6 or from 1e21 ("1e-7").
void AppendDouble(std::string& out, double n) {
  if (std::isnan(n) || std::isinf(n)) {
    out += "null";  // JSON has no such number; no resource holds one
    return;
  }
  const double a = std::fabs(n);
  const bool exponent = a != 0 && (a < 1e-6 || a >= 1e21);
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, n,
                               exponent ? std::chars_format::scientific : std::chars_format::fixed);
  std::string text(buf, r.ptr);
  const size_t e = text.find("e-0");
  if (e != std::string::npos && e + 4 == text.size()) text.erase(e + 2, 1);
  out += text;
}

void AppendMessage(std::string& out, const Message& message);

void AppendTimestamp(std::string& out, const Message& message) {
  google::protobuf::Timestamp ts;
  ts.CopyFrom(message);
  const absl::Time t = absl::FromUnixSeconds(ts.seconds());
  std::string text = absl::FormatTime("%Y-%m-%d%ET%H:%M:%S", t, absl::UTCTimeZone());
  // The fewest of 0, 3, 6 or 9 fraction digits that hold the nanoseconds.
  const int nanos = ts.nanos();
  if (nanos != 0) {
    if (nanos % 1000000 == 0) {
      absl::StrAppendFormat(&text, ".%03d", nanos / 1000000);
    } else if (nanos % 1000 == 0) {
      absl::StrAppendFormat(&text, ".%06d", nanos / 1000);
    } else {
      absl::StrAppendFormat(&text, ".%09d", nanos);
    }
  }
  AppendString(out, text + "Z");
}

void AppendValue(std::string& out, const google::protobuf::Value& v);

// A Struct's keys in byte order, as protojson writes a map.
void AppendStruct(std::string& out, const google::protobuf::Struct& s) {
  std::vector<std::string_view> keys;
  keys.reserve(s.fields_size());
  for (const auto& [key, unused] : s.fields()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  out.push_back('{');
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendString(out, keys[i]);
    out.push_back(':');
    AppendValue(out, s.fields().at(std::string(keys[i])));
  }
  out.push_back('}');
}

void AppendValue(std::string& out, const google::protobuf::Value& v) {
  switch (v.kind_case()) {
    case google::protobuf::Value::kNumberValue: AppendDouble(out, v.number_value()); return;
    case google::protobuf::Value::kStringValue: AppendString(out, v.string_value()); return;
    case google::protobuf::Value::kBoolValue: out += v.bool_value() ? "true" : "false"; return;
    case google::protobuf::Value::kStructValue: AppendStruct(out, v.struct_value()); return;
    case google::protobuf::Value::kListValue:
      out.push_back('[');
      for (int i = 0; i < v.list_value().values_size(); ++i) {
        if (i > 0) out.push_back(',');
        AppendValue(out, v.list_value().values(i));
      }
      out.push_back(']');
      return;
    default: out += "null"; return;
  }
}

// Well-known types: a Timestamp, a Struct, Value or ListValue as protojson
// writes them; any other as protobuf's JSON (none is in a resource).
void AppendWellKnown(std::string& out, const Message& message) {
  const std::string_view name = message.GetDescriptor()->full_name();
  if (name == "google.protobuf.Timestamp") return AppendTimestamp(out, message);
  if (name == "google.protobuf.Struct") {
    google::protobuf::Struct s;
    s.CopyFrom(message);
    return AppendStruct(out, s);
  }
  if (name == "google.protobuf.Value") {
    google::protobuf::Value v;
    v.CopyFrom(message);
    return AppendValue(out, v);
  }
  if (name == "google.protobuf.ListValue") {
    google::protobuf::Value v;
    v.mutable_list_value()->CopyFrom(message);
    return AppendValue(out, v);
  }
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json).ok()) json = "null";
  out += json;
}

void AppendScalar(std::string& out, const Message& m, const FieldDescriptor& f, int index) {
  const Reflection& r = *m.GetReflection();
  const bool rep = f.is_repeated();
  switch (f.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      const std::string s = rep ? r.GetRepeatedString(m, &f, index) : r.GetString(m, &f);
      if (f.type() == FieldDescriptor::TYPE_BYTES) {
        AppendString(out, absl::Base64Escape(s));
      } else {
        AppendString(out, s);
      }
      return;
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      out += (rep ? r.GetRepeatedBool(m, &f, index) : r.GetBool(m, &f)) ? "true" : "false";
      return;
    case FieldDescriptor::CPPTYPE_INT32:
      absl::StrAppend(&out, rep ? r.GetRepeatedInt32(m, &f, index) : r.GetInt32(m, &f));
      return;
    case FieldDescriptor::CPPTYPE_INT64:
      absl::StrAppend(&out, rep ? r.GetRepeatedInt64(m, &f, index) : r.GetInt64(m, &f));
      return;
    case FieldDescriptor::CPPTYPE_UINT32:
      absl::StrAppend(&out, rep ? r.GetRepeatedUInt32(m, &f, index) : r.GetUInt32(m, &f));
      return;
    case FieldDescriptor::CPPTYPE_UINT64:
      absl::StrAppend(&out, rep ? r.GetRepeatedUInt64(m, &f, index) : r.GetUInt64(m, &f));
      return;
    case FieldDescriptor::CPPTYPE_FLOAT:
      AppendDouble(out, rep ? r.GetRepeatedFloat(m, &f, index) : r.GetFloat(m, &f));
      return;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      AppendDouble(out, rep ? r.GetRepeatedDouble(m, &f, index) : r.GetDouble(m, &f));
      return;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int number = rep ? r.GetRepeatedEnumValue(m, &f, index) : r.GetEnumValue(m, &f);
      const google::protobuf::EnumValueDescriptor* v = f.enum_type()->FindValueByNumber(number);
      if (v == nullptr) {
        absl::StrAppend(&out, number);  // a value this build does not know
      } else {
        AppendEnumWord(out, *v);
      }
      return;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      AppendMessage(out, rep ? r.GetRepeatedMessage(m, &f, index) : r.GetMessage(m, &f));
      return;
  }
}

void AppendMessage(std::string& out, const Message& message) {
  const google::protobuf::Descriptor& d = *message.GetDescriptor();
  if (d.file()->package() == "google.protobuf") return AppendWellKnown(out, message);
  const Reflection& r = *message.GetReflection();
  out.push_back('{');
  bool first = true;
  for (int i = 0; i < d.field_count(); ++i) {
    const FieldDescriptor& f = *d.field(i);
    // protojson leaves out an unset field with presence (proto3 optional).
    if (f.containing_oneof() != nullptr && !r.HasField(message, &f)) continue;
    if (!first) out.push_back(',');
    first = false;
    AppendString(out, f.json_name());
    out.push_back(':');
    if (f.is_map()) {
      out += "{}";  // no resource has a map
    } else if (f.is_repeated()) {
      out.push_back('[');
      for (int j = 0; j < r.FieldSize(message, &f); ++j) {
        if (j > 0) out.push_back(',');
        AppendScalar(out, message, f, j);
      }
      out.push_back(']');
    } else if (f.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !r.HasField(message, &f)) {
      out += "null";
    } else {
      AppendScalar(out, message, f, -1);
    }
  }
  out.push_back('}');
}

}  // namespace

std::string ToRestJson(const Message& message) {
  std::string out;
  out.reserve(1024);
  AppendMessage(out, message);
  return out;
}

}  // namespace billing::api
