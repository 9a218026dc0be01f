#include "documents/ubl/xml_text.h"

#include <cstdint>

#include "domain/text.h"

namespace billing::documents {
namespace {

bool IsXmlChar(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

std::string Escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\r': out += "&#13;"; break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

bool IsXmlText(std::string_view text) { return domain::AllCodePoints(text, IsXmlChar); }

std::string EscapeXmlText(std::string_view text) { return Escape(text, false); }

std::string EscapeXmlAttribute(std::string_view text) { return Escape(text, true); }

}  // namespace billing::documents
