// xml.h: the size bound used to fit enumeration items into MaxEnvelopeSize never undercounts.
#include <boost/test/unit_test.hpp>

#include "wsman/xml.h"

using namespace cimdouble::wsman;

BOOST_AUTO_TEST_SUITE(xml)

BOOST_AUTO_TEST_CASE(the_size_bound_is_never_below_the_serialized_size) {
  const char* documents[] = {
      ("<p:A xmlns:p=\"urn:a\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><p:B xsi:nil=\"true\"/>"
       "<p:C>x &amp; y &lt; z &gt; \"q\" 'r'</p:C><p:D a=\"1&quot;2\">\r\n\t</p:D><![CDATA[<raw>]]></p:A>"),
      "<a><b><c><d>deep</d></c></b><e/><f attr=\"&lt;&amp;&gt;\"/></a>",
      "<x:Root xmlns:x=\"urn:x\" xmlns=\"urn:default\"><Child>caf\xc3\xa9 \xe2\x98\x83</Child></x:Root>",
  };
  for (const char* text : documents) {
    std::string error;
    XmlDoc doc = parseUntrusted(text, error);
    BOOST_REQUIRE_MESSAGE(doc, error);
    xmlNode* root = xmlDocGetRootElement(doc.get());
    const std::size_t actual = serializeNode(root).size();
    const std::size_t bound = serializedSizeBound(root);
    BOOST_TEST(bound >= actual, text);
    BOOST_TEST(bound <= actual * 2, text);  // and close enough to fill pages
  }
}

BOOST_AUTO_TEST_SUITE_END()
