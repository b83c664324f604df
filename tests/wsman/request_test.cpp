// Envelope parsing and header rules (wire reference §2), and the fault catalogue (§9).
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "wsman/fault.h"
#include "wsman/request.h"
#include "wsman/wsman_names.h"

using namespace cimdouble::wsman;

namespace {

std::string readEnvelope(const std::string& name) {
  std::ifstream in(std::string(CIMDOUBLE_ENVELOPES) + "/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string headers(const std::string& inner, const std::string& body = "") {
  return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
         "xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" xmlns:p=\"http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd\">"
         "<s:Header>" + inner + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
}

Fault faultOf(const std::string& text, std::string* detail = nullptr) {
  try {
    (void)parseRequest(text, RequestLimits{});
  } catch (const WsmanFault& f) {
    if (detail) *detail = f.detail();
    return f.fault();
  }
  BOOST_FAIL("no fault for: " + text);
  return Fault::InternalError;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(request)

BOOST_AUTO_TEST_CASE(mi_client_request_shape) {
  Request r = parseRequest(readEnvelope("mi_client_enumerate.xml"), RequestLimits{});
  BOOST_TEST(*r.action == ns::kEnumerate);
  BOOST_TEST(r.messageId == "uuid:2CE8AD2B-8EA5-4FA8-A11C-A4C335FE9AAC");
  BOOST_TEST(r.resourceUri == ns::kAllClasses);
  BOOST_TEST(r.selector("__CIMNAMESPACE")->value == "root/HyperVCluster/v2");
  BOOST_TEST(r.miClient);
  BOOST_TEST(r.maxEnvelopeSize == 512000u);
  BOOST_TEST(r.operationTimeoutMicros == 60'000'000);
  BOOST_TEST(r.options.size() == 1u);
  BOOST_TEST(isElement(r.bodyElement(), ns::kEnumeration, "Enumerate"));
}

BOOST_AUTO_TEST_CASE(limits_are_clamped) {
  Request r = parseRequest(headers("<w:MaxEnvelopeSize>99999999</w:MaxEnvelopeSize><w:OperationTimeout>PT600S</w:OperationTimeout>"),
                           RequestLimits{});
  BOOST_TEST(r.maxEnvelopeSize == 512000u);
  BOOST_TEST(r.operationTimeoutMicros == 60'000'000);
  BOOST_TEST(!r.action.has_value());
}

BOOST_AUTO_TEST_CASE(header_faults) {
  std::string detail;
  // An unknown header marked mustUnderstand (namespace-qualified) is refused...
  BOOST_TEST((faultOf(headers("<x:Y xmlns:x=\"urn:x\" s:mustUnderstand=\"true\"/>")) == Fault::MustUnderstand));
  // ...but pywinrm's unqualified mustUnderstand attribute is not the SOAP one.
  BOOST_TEST(parseRequest(headers("<x:Y xmlns:x=\"urn:x\" mustUnderstand=\"true\"/>"), RequestLimits{}).header);
  BOOST_TEST((faultOf(headers("<a:Action>x</a:Action><a:Action>y</a:Action>")) == Fault::InvalidMessageInformationHeader));
  BOOST_TEST((faultOf(headers("<w:SelectorSet><w:Selector Name=\"A\">1</w:Selector><w:Selector Name=\"a\">2</w:Selector></w:SelectorSet>"),
                      &detail) == Fault::InvalidSelectors));
  BOOST_TEST(detail == "DuplicateSelectors");
  BOOST_TEST((faultOf(headers("<w:MaxEnvelopeSize>8000</w:MaxEnvelopeSize>"), &detail) == Fault::EncodingLimit));
  BOOST_TEST(detail == "MinimumEnvelopeLimit");
  BOOST_TEST((faultOf(headers("<w:OperationTimeout>soon</w:OperationTimeout>"), &detail) == Fault::InvalidMessageInformationHeader));
  BOOST_TEST(detail == "InvalidTimeout");
  BOOST_TEST((faultOf(headers("<w:OptionSet><w:Option Name=\"X\" MustComply=\"true\">1</w:Option></w:OptionSet>"), &detail) ==
              Fault::InvalidOptions));
  BOOST_TEST(detail == "NotSupported");
  BOOST_TEST((faultOf(headers("<w:Locale xml:lang=\"en-US\" s:mustUnderstand=\"true\"/>"), &detail) == Fault::UnsupportedFeature));
  BOOST_TEST(detail == "Locale");
  BOOST_TEST((faultOf(headers("<p:DataLocale xml:lang=\"en-US\" s:mustUnderstand=\"true\"/>"), &detail) == Fault::UnsupportedFeature));
  BOOST_TEST(detail == "DataLocale");
}

BOOST_AUTO_TEST_CASE(documents_refused_before_any_work) {
  BOOST_TEST((faultOf("<s:Envelope") == Fault::InvalidXml));
  BOOST_TEST((faultOf("hello world") == Fault::InvalidXml));
  BOOST_TEST((faultOf("<!DOCTYPE x [<!ENTITY e \"boom\">]><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>&e;</s:Body></s:Envelope>") ==
              Fault::InvalidXml));
  BOOST_TEST((faultOf("<!DOCTYPE x SYSTEM \"file:///etc/passwd\"><x/>") == Fault::InvalidXml));
  BOOST_TEST((faultOf("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body/></s:Envelope>") ==
              Fault::SchemaValidationError));  // SOAP 1.1
  BOOST_TEST((faultOf("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"/>") == Fault::SchemaValidationError));
  BOOST_TEST((faultOf("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><q:x/></s:Body></s:Envelope>") ==
              Fault::InvalidXml));  // undeclared prefix
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  BOOST_TEST((faultOf(deep) == Fault::InvalidXml));
}

BOOST_AUTO_TEST_CASE(every_fault_has_a_well_formed_envelope) {
  for (int i = 0; i <= static_cast<int>(Fault::PolymorphismModeNotSupported); ++i) {
    const Fault f = static_cast<Fault>(i);
    WsmanFault fault(f, "message <&> " + std::to_string(i), "Detail");
    const std::string text = faultEnvelope(fault, "uuid:relates-to", "host");
    std::string error;
    XmlDoc doc = parseUntrusted(text, error);
    BOOST_TEST_REQUIRE(doc != nullptr, error);
    const FaultSpec& spec = faultSpec(f);
    BOOST_TEST(text.find("<s:Value>s:" + std::string(spec.code) + "</s:Value>") != std::string::npos);
    if (spec.subcode) {
      // The subcode's prefix is declared on the envelope, so clients can resolve the QName.
      BOOST_TEST(text.find(std::string(spec.subcodePrefix) + ":" + spec.subcode) != std::string::npos);
      BOOST_TEST(text.find("xmlns:" + std::string(spec.subcodePrefix) + "=\"" + spec.subcodeNs + "\"") != std::string::npos);
    }
    BOOST_TEST(text.find("<a:Action>" + std::string(spec.action) + "</a:Action>") != std::string::npos);
    BOOST_TEST(text.find("Code=\"" + std::to_string(spec.winrmCode) + "\" Machine=\"host\"") != std::string::npos);
    BOOST_TEST(text.find("<a:RelatesTo>uuid:relates-to</a:RelatesTo>") != std::string::npos);
    BOOST_TEST(text.find("message &lt;&amp;&gt; " + std::to_string(i)) != std::string::npos);
    BOOST_TEST(text.find("faultDetail/Detail") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(invalid_selectors_carry_the_code_of_their_detail) {
  // Wire reference §9.2: WinRM's WSManFault codes per w:InvalidSelectors detail.
  const std::pair<const char*, uint32_t> kCodes[] = {
      {"InsufficientSelectors", 2150858842u}, {"UnexpectedSelectors", 2150858843u}, {"TypeMismatch", 2150858844u},
      {"InvalidValue", 2150858845u},          {"AmbiguousSelectors", 2150858846u},  {"DuplicateSelectors", 2150858847u},
      {"", 2150858813u},
  };
  for (const auto& [detail, code] : kCodes) {
    const std::string text = faultEnvelope(WsmanFault(Fault::InvalidSelectors, "m", detail), "", "host");
    BOOST_TEST(text.find("Code=\"" + std::to_string(code) + "\"") != std::string::npos, detail);
  }
  BOOST_TEST(WsmanFault(Fault::InvalidParameter, "m", "TypeMismatch").winrmCode() == faultSpec(Fault::InvalidParameter).winrmCode);
}

BOOST_AUTO_TEST_SUITE_END()
