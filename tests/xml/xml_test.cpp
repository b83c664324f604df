// xml.h: the size bound used to fit enumeration items into MaxEnvelopeSize never undercounts.
// xml_text.h: text written outside the tree is escaped exactly as libxml2 serializes, and
// spliced where its placeholder sits.
#include <boost/test/unit_test.hpp>

#include "xml/xml.h"
#include "xml/xml_text.h"

using namespace cimdouble::xml;

BOOST_AUTO_TEST_SUITE(xml_documents)

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

BOOST_AUTO_TEST_CASE(text_is_escaped_as_libxml2_serializes_it) {
  const std::string samples[] = {
      "plain", "", "x & y < z > w", "\"double\" 'single'", "line\r\nnext\ttab",
      "caf\xc3\xa9 \xe2\x98\x83 \xf0\x9d\x84\x9e", "]]> --> <?pi?>", "\\HV-NODE1\\root\\virtualization:x",
  };
  for (const std::string& sample : samples) {
    XmlDoc doc = newDocument();
    xmlNode* root = xmlNewDocNode(doc.get(), nullptr, BAD_CAST "r", nullptr);
    xmlDocSetRootElement(doc.get(), root);
    setAttribute(root, "a", sample);
    xmlNodeAddContent(root, BAD_CAST sample.c_str());
    std::string expected = "<r a=\"";
    appendEscapedAttribute(expected, sample);
    expected += '"';
    if (sample.empty()) {
      expected += "/>";
    } else {
      expected += '>';
      appendEscapedText(expected, sample);
      expected += "</r>";
    }
    BOOST_TEST(serialize(doc.get()) == expected, sample);
  }
}

BOOST_AUTO_TEST_CASE(spliced_text_takes_its_placeholders_place) {
  XmlDoc doc = newDocument();
  xmlNode* root = xmlNewDocNode(doc.get(), nullptr, BAD_CAST "r", nullptr);
  xmlDocSetRootElement(doc.get(), root);
  addText(root, nullptr, "before", "1");
  xmlNode* first = addSplice(root, "<x>one &amp; only</x>");
  xmlNode* inner = addElement(root, nullptr, "inner");
  addSplice(inner, "<y/>");
  addSplice(root, "");
  addText(root, nullptr, "after", "<?cimdouble-splice 0?>");  // escaped: not a placeholder
  BOOST_TEST(serialize(doc.get()) ==
             "<r><before>1</before><x>one &amp; only</x><inner><y/></inner><after>&lt;?cimdouble-splice 0?&gt;</after></r>");
  BOOST_TEST(serializeNode(inner) == "<inner><y/></inner>");
  BOOST_TEST(serializedSizeBound(first) == std::string("<x>one &amp; only</x>").size());  // exact
  // A placeholder taken out of the tree leaves nothing behind.
  xmlUnlinkNode(first);
  xmlFreeNode(first);
  BOOST_TEST(serialize(doc.get()) ==
             "<r><before>1</before><inner><y/></inner><after>&lt;?cimdouble-splice 0?&gt;</after></r>");
}

BOOST_AUTO_TEST_SUITE_END()
