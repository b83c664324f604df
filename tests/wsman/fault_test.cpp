// Fault details as each kind of client gets them: WSManFault for WinRM's own clients, the
// MSFT_WmiError CIM-error instance for MI clients (wire reference §9.1).
#include <boost/test/unit_test.hpp>

#include "service_fixture.h"
#include "wsman/cim_error_detail.h"
#include "wsman/wsman_names.h"

using namespace cimdouble::wsman;
using namespace cimdouble::wsman::testing;

namespace {

constexpr const char* kOperationId =
    "<p:OperationID xmlns:p=\"http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd\" s:mustUnderstand=\"false\">"
    "uuid:0DD36AEA-EB4A-4D88-9EE5-928CB0A5E911</p:OperationID>";
const std::string kDmtf = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/";

HttpReply postAs(ServiceFixture& f, const std::string& body, const std::string& userAgent) {
  HttpExchange exchange;
  exchange.body = body;
  exchange.contentType = "application/soap+xml;charset=UTF-8";
  exchange.user = "tester";
  exchange.authenticated = true;
  exchange.userAgent = userAgent;
  return f.service->handle(exchange);
}

std::string getMissingClass(const std::string& extraHeaders) {
  return envelope(ns::kTransferGet, kDmtf + "Msvm_NoSuchClass", "", selector("__cimnamespace", "root/virtualization/v2"),
                  extraHeaders);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(faults)

BOOST_FIXTURE_TEST_CASE(mi_client_gets_a_cim_error_instance, ServiceFixture) {
  HttpReply reply = post(getMissingClass(kOperationId));
  BOOST_TEST(reply.status == 500);
  const std::string& xml = reply.body;
  BOOST_TEST(xml.find("<s:Value>a:DestinationUnreachable</s:Value>") != std::string::npos);
  BOOST_TEST(xml.find("WSManFault") == std::string::npos);
  BOOST_TEST(xml.find("<p:MSFT_WmiError") != std::string::npos);
  BOOST_TEST(xml.find("b:IsCIM_Error=\"true\"") != std::string::npos);
  BOOST_TEST(xml.find("xsi:type=\"p:MSFT_WmiError_Type\"") != std::string::npos);
  BOOST_TEST(xml.find("<p:CIMStatusCode xsi:type=\"cim:cimUnsignedInt\">5</p:CIMStatusCode>") != std::string::npos);
  BOOST_TEST(xml.find("<p:MessageID xsi:type=\"cim:cimString\">HRESULT 0x80041010</p:MessageID>") != std::string::npos);
  BOOST_TEST(xml.find("<p:error_Code xsi:type=\"cim:cimUnsignedInt\">2147749904</p:error_Code>") != std::string::npos);
  BOOST_TEST(xml.find("<p:error_Category xsi:type=\"cim:cimUnsignedInt\">10</p:error_Category>") != std::string::npos);
  BOOST_TEST(xml.find("<p:CIMStatusCodeDescription xsi:type=\"cim:cimString\" xsi:nil=\"true\"/>") != std::string::npos);
  const std::size_t message = xml.find("<p:Message xsi:type=\"cim:cimString\">");
  BOOST_TEST_REQUIRE(message != std::string::npos);
  BOOST_TEST(xml.substr(message, xml.find("</p:Message>", message) - message).find("Msvm_NoSuchClass") != std::string::npos);
  // WinRM's order for a WMI instance: ASCII, so upper case before error_*.
  BOOST_TEST(xml.find("<p:CIMStatusCode ") < xml.find("<p:ErrorSource "));
  BOOST_TEST(xml.find("<p:ProbableCauseDescription ") < xml.find("<p:error_Category "));
  BOOST_TEST(xml.find("<p:error_Type ") < xml.find("<p:error_WindowsErrorMessage "));
  BOOST_TEST(xml.find("MessageArguments") == std::string::npos);  // a NULL array is left out
  // The DSP0226 detail URI still comes first.
  BOOST_TEST(xml.find("faultDetail/InvalidResourceURI</w:FaultDetail>") < xml.find("<p:MSFT_WmiError"));
}

BOOST_FIXTURE_TEST_CASE(other_clients_keep_wsmanfault, ServiceFixture) {
  HttpReply reply = post(getMissingClass(""));
  BOOST_TEST(reply.status == 500);
  BOOST_TEST(reply.body.find("<f:WSManFault") != std::string::npos);
  BOOST_TEST(reply.body.find("MSFT_WmiError") == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(the_mi_user_agent_counts_even_when_the_envelope_cannot_be_read, ServiceFixture) {
  HttpReply reply = postAs(*this, "<s:Envelope", "Microsoft WinRM Client");
  BOOST_TEST(reply.status == 500);
  BOOST_TEST(reply.body.find("<p:MSFT_WmiError") != std::string::npos);
  BOOST_TEST(reply.body.find("<p:error_Code xsi:type=\"cim:cimUnsignedInt\">2150858819</p:error_Code>") != std::string::npos);
  BOOST_TEST(reply.body.find("<p:MessageID xsi:type=\"cim:cimString\">HRESULT 0x80338043</p:MessageID>") != std::string::npos);
  BOOST_TEST(postAs(*this, "<s:Envelope", "Ruby WinRM Client").body.find("MSFT_WmiError") == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_missing_instance_is_wmi_not_found, ServiceFixture) {
  HttpReply reply = post(envelope(ns::kTransferGet, std::string(kWmi) + "Msvm_MigrationJob", "",
                                  selector("InstanceID", "Microsoft:00000000-0000-0000-0000-000000000000"), kOperationId));
  BOOST_TEST(reply.status == 500);
  BOOST_TEST(reply.body.find("<p:CIMStatusCode xsi:type=\"cim:cimUnsignedInt\">6</p:CIMStatusCode>") != std::string::npos);
  BOOST_TEST(reply.body.find("HRESULT 0x80041002") != std::string::npos);
  BOOST_TEST(reply.body.find("<p:error_Category xsi:type=\"cim:cimUnsignedInt\">13</p:error_Category>") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(winrm_faults_carry_winrm_codes, ServiceFixture) {
  HttpReply reply = post(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Frob", std::string(kWmi) + "Msvm_MigrationJob",
                                  "", "", kOperationId));
  BOOST_TEST(reply.status == 500);
  BOOST_TEST(reply.body.find("<p:CIMStatusCode xsi:type=\"cim:cimUnsignedInt\">7</p:CIMStatusCode>") != std::string::npos);
  BOOST_TEST(reply.body.find("<p:error_Code xsi:type=\"cim:cimUnsignedInt\">2150858771</p:error_Code>") != std::string::npos);
  // Eventing is not served: Subscribe is an unsupported action too, not a method of the class.
  HttpReply subscribe = post(envelope("http://schemas.xmlsoap.org/ws/2004/08/eventing/Subscribe",
                                      std::string(kWmi) + "Msvm_MigrationJob", "<e:Subscribe xmlns:e=\"http://schemas.xmlsoap.org/ws/2004/08/eventing\"/>"));
  BOOST_TEST(subscribe.body.find("<s:Value>a:ActionNotSupported</s:Value>") != std::string::npos);
  BOOST_TEST(subscribe.body.find("Code=\"2150858771\"") != std::string::npos);
  BOOST_TEST(subscribe.body.find("ActionMismatch") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_form_is_configurable) {
  ServiceOptions always;
  always.cimErrorFaults = CimErrorFaults::Always;
  ServiceFixture a(always);
  BOOST_TEST(a.post(getMissingClass("")).body.find("<p:MSFT_WmiError") != std::string::npos);
  ServiceOptions never;
  never.cimErrorFaults = CimErrorFaults::Never;
  ServiceFixture n(never);
  const std::string body = n.post(getMissingClass(kOperationId)).body;
  BOOST_TEST(body.find("MSFT_WmiError") == std::string::npos);
  BOOST_TEST(body.find("<f:WSManFault") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(cimom_statuses_map_to_wmi_hresults) {
  const CimErrorFields invalidNamespace =
      cimErrorFields(WsmanFault(Fault::DestinationUnreachable, "x").withCimStatus(3));
  BOOST_TEST(invalidNamespace.cimStatus == 3u);
  BOOST_TEST(invalidNamespace.errorCode == 0x8004100Eu);
  const CimErrorFields quota = cimErrorFields(WsmanFault(Fault::QuotaLimit, "x"));
  BOOST_TEST(quota.cimStatus == 27u);  // CIM_ERR_SERVER_LIMITS_EXCEEDED, as §9.1's capture
  BOOST_TEST(quota.category == 30u);
  BOOST_TEST(quota.errorCode == 2150858815u);
}

BOOST_AUTO_TEST_SUITE_END()
