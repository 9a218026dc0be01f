// Text into XML 1.0: escaping for element content and attribute values, and
// the check that a string can be carried at all. billing has no XML library
// (libxml2 is not a dependency), and the UBL writer only ever writes, so
// these few rules are all it needs.
#ifndef BILLING_DOCUMENTS_UBL_XML_TEXT_H_
#define BILLING_DOCUMENTS_UBL_XML_TEXT_H_

#include <string>
#include <string_view>

namespace billing::documents {

// True when `text` is valid UTF-8 made only of characters XML 1.0 allows
// (tab, LF, CR, U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF). Anything
// else (other C0 controls, U+FFFE, surrogates, bad UTF-8) cannot be written
// in any form, not even as a character reference, so the writer refuses it.
bool IsXmlText(std::string_view text);

// Element content: & and < always (markup), > too (so "]]>" can never
// appear), and CR as &#13; because a parser turns a literal CR into LF.
std::string EscapeXmlText(std::string_view text);

// An attribute value in double quotes: as above plus ", and tab and LF as
// character references, because a parser normalizes literal ones to spaces.
std::string EscapeXmlAttribute(std::string_view text);

}  // namespace billing::documents

#endif  // BILLING_DOCUMENTS_UBL_XML_TEXT_H_
