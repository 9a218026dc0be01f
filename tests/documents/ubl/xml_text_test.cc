#include "documents/ubl/xml_text.h"

#include <string>

#include "gtest/gtest.h"

namespace billing::documents {
namespace {

TEST(XmlTextTest, EscapesMarkupInText) {
  EXPECT_EQ(EscapeXmlText("Müller & Söhne <GmbH> \"AG\" ]]>"),
            "Müller &amp; Söhne &lt;GmbH&gt; \"AG\" ]]&gt;");
}

TEST(XmlTextTest, KeepsCarriageReturnsAndAttributeWhitespace) {
  // A parser turns a literal CR into LF, and tab/LF in an attribute into a
  // space: character references survive.
  EXPECT_EQ(EscapeXmlText("a\r\nb\tc"), "a&#13;\nb\tc");
  EXPECT_EQ(EscapeXmlAttribute("a\"b\tc\nd&"), "a&quot;b&#9;c&#10;d&amp;");
}

TEST(XmlTextTest, AcceptsEveryScriptXmlAllows) {
  EXPECT_TRUE(IsXmlText("Zoë Müller, Łódź, Ærøskøbing, Ελλάδα, Москва, 東京, 😀\t\n\r"));
  EXPECT_TRUE(IsXmlText(""));
}

TEST(XmlTextTest, RefusesWhatXmlCannotCarry) {
  EXPECT_FALSE(IsXmlText(std::string("a\0b", 3)));  // NUL
  EXPECT_FALSE(IsXmlText("a\x01"));                  // C0 control
  EXPECT_FALSE(IsXmlText("\x1b[0m"));                // escape
  EXPECT_FALSE(IsXmlText("\xef\xbf\xbe"));           // U+FFFE
  EXPECT_FALSE(IsXmlText("\xed\xa0\x80"));           // a surrogate
  EXPECT_FALSE(IsXmlText("\xc3"));                   // truncated
  EXPECT_FALSE(IsXmlText("\xc0\xaf"));               // overlong '/'
  EXPECT_FALSE(IsXmlText("\xff"));
}

}  // namespace
}  // namespace billing::documents
