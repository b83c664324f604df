// The WS-Man service without sockets: dispatch, serialization, enumeration contexts on a
// manual clock, and method outputs (REF parameters as EPRs, embedded instances as CIM-XML).
#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <cctype>

#include "service_fixture.h"
#include "xml/cim_xml.h"
#include "wsman/instance_xml.h"
#include "wsman/wsman_names.h"

using namespace cimdouble;
using namespace cimdouble::wsman;
using namespace cimdouble::wsman::testing;

BOOST_AUTO_TEST_SUITE(service)

namespace {
// "yyyy-mm-ddThh:mm:ss.ffffffZ" (DSP0230 §2.2.1's xs:dateTime form). Checked by hand: GCC 12's
// std::regex trips -Werror=maybe-uninitialized in the sanitizer builds.
bool isDsp0230Datetime(const std::string& text) {
  const std::string shape = "<cim:Datetime>dddd-dd-ddTdd:dd:dd.ddddddZ";  // firstText stops at "</"
  if (text.size() != shape.size()) return false;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const bool digit = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
    if (shape[i] == 'd' ? !digit : text[i] != shape[i]) return false;
  }
  return true;
}
}  // namespace

BOOST_FIXTURE_TEST_CASE(get_serializes_per_dsp0230, ServiceFixture) {
  HttpReply reply = post(envelope(ns::kTransferGet, std::string(kWmi) + "Msvm_MigrationJob", "", selector("InstanceID", kRunningJob)));
  BOOST_TEST(reply.status == 200);
  const std::string& xml = reply.body;
  BOOST_TEST(xml.find("<a:RelatesTo>uuid:00000000-0000-0000-0000-000000000001</a:RelatesTo>") != std::string::npos);
  BOOST_TEST(xml.find("<p:Msvm_MigrationJob xmlns:p=\"http://schemas.microsoft.com/wbem/wsman/1/wmi/root/HyperVCluster/v2/Msvm_MigrationJob\"") != std::string::npos);
  BOOST_TEST(xml.find("xsi:type=\"p:Msvm_MigrationJob_Type\"") != std::string::npos);
  BOOST_TEST(xml.find("<p:Cancellable>true</p:Cancellable>") != std::string::npos);                 // lowercase booleans
  BOOST_TEST(xml.find("<p:InstallDate xsi:nil=\"true\"/>") != std::string::npos);                   // NULL scalar
  BOOST_TEST(xml.find("NewResourceSettingData") == std::string::npos);                              // NULL array left out
  BOOST_TEST(xml.find("<p:ElapsedTime><cim:Interval>PT29S</cim:Interval></p:ElapsedTime>") != std::string::npos);
  // Staged 30 s before the fixture was loaded (an offset, not a fixed date): the form is DSP0230's.
  BOOST_TEST(isDsp0230Datetime(firstText(xml, "TimeSubmitted")));
  BOOST_TEST(xml.find("<p:StatusDescriptions>Job is running</p:StatusDescriptions>") != std::string::npos);
  BOOST_TEST(xml.find("<p:Caption>") < xml.find("<p:InstanceID>"));  // schema order
  BOOST_TEST(xml.find("<p:InstanceID>") < xml.find("<p:JobType>"));
}

BOOST_FIXTURE_TEST_CASE(identify_and_utf16, ServiceFixture) {
  const std::string identify =
      "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:i=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\">"
      "<s:Header/><s:Body><i:Identify/></s:Body></s:Envelope>";
  HttpReply reply = post(identify);
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply.body.find("OS: 10.0.20348 SP: 0.0 Stack: 3.0") != std::string::npos);
  BOOST_TEST(reply.body.find("<a:Action>") == std::string::npos);  // Identify answers with no WS-Addressing headers
  std::string utf16 = "\xFF\xFE";
  for (char c : identify) utf16 += std::string{c, '\0'};
  BOOST_TEST(post(utf16, "application/soap+xml;charset=UTF-16").status == 200);
  BOOST_TEST(post(identify, "text/plain").status == 415);
  BOOST_TEST(post(identify, "application/soap+xml;charset=Shift_JIS").body.find("CharacterSet") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(enumeration_contexts_expire_in_real_time_not_job_time) {
  ServiceOptions options;
  options.winrm.enumerationTimeoutms = 30000;
  ServiceFixture f(options);
  const std::string uri = std::string(kWmi) + "Msvm_ComputerSystem";
  HttpReply opened = f.post(envelope(ns::kEnumerate, uri, "<n:Enumerate/>"));
  const std::string context = firstText(opened.body, "EnumerationContext");
  BOOST_TEST_REQUIRE(!context.empty());
  BOOST_TEST(f.service->enumerations().size() == 1u);
  const std::string pull = "<n:Pull><n:EnumerationContext>" + context + "</n:EnumerationContext><n:MaxElements>2</n:MaxElements></n:Pull>";
  f.clock.advance(3'600'000'000);  // the job clock jumping an hour ends no context
  f.networkClock.advance(20'000'000);
  HttpReply first = f.post(envelope(ns::kPull, uri, pull));
  BOOST_TEST(first.status == 200);
  BOOST_TEST(first.body.find("<n:EnumerationContext>" + context) != std::string::npos);  // the same context goes on
  f.networkClock.advance(20'000'000);  // 20 s since the last use: still alive
  BOOST_TEST(f.post(envelope(ns::kPull, uri, pull)).status == 200);
  f.networkClock.advance(31'000'000);  // idle longer than the expiry
  HttpReply expired = f.post(envelope(ns::kPull, uri, pull));
  BOOST_TEST(expired.status == 500);
  BOOST_TEST(expired.body.find("n:InvalidEnumerationContext") != std::string::npos);
  BOOST_TEST(f.service->enumerations().size() == 0u);
}

BOOST_AUTO_TEST_CASE(contexts_belong_to_their_user) {
  ServiceFixture f;
  const std::string uri = std::string(kWmi) + "Msvm_ComputerSystem";
  const std::string context = firstText(f.post(envelope(ns::kEnumerate, uri, "<n:Enumerate/>")).body, "EnumerationContext");
  HttpExchange other;
  const std::string pull = envelope(ns::kPull, uri, "<n:Pull><n:EnumerationContext>" + context + "</n:EnumerationContext></n:Pull>");
  other.body = pull;
  other.contentType = "application/soap+xml";
  other.user = "someone-else";
  other.authenticated = true;
  BOOST_TEST(f.service->handle(other).body.find("InvalidEnumerationContext") != std::string::npos);
  BOOST_TEST(f.post(pull).status == 200);
}

BOOST_FIXTURE_TEST_CASE(method_outputs_refs_and_embedded_instances, ServiceFixture) {
  // A stand-in provider: the real ones come with the job engine.
  methods.registerHandler("Msvm_MigrationJob", "GetErrorEx", [](const cimom::MethodCall& call) {
    auto error = std::make_shared<cimom::Instance>("Msvm_Error");
    error->set("ErrorType", cimom::Value::unsignedInt(cimom::CimType::UInt16, 4));
    error->set("Message", cimom::Value::string("Migration failed <at> source & \"destination\""));
    error->set("MessageArguments", cimom::Value::array(cimom::CimType::String, {std::string("web-02")}));
    error->set("OwningEntity", cimom::Value::null(cimom::CimType::String));
    cimom::MethodResult result;
    result.returnValue = cimom::Value::unsignedInt(cimom::CimType::UInt32, 0);
    result.out.push_back({"Errors", cimom::Value::array(cimom::CimType::Instance, {cimom::InstancePtr(error), cimom::InstancePtr(error)})});
    BOOST_TEST(call.instance->get("InstanceID")->asString() == kRunningJob);
    return cimom::Result<cimom::MethodResult>(result);
  });
  methods.registerHandler("Msvm_VirtualSystemMigrationService", "MigrateVirtualSystemToHost", [](const cimom::MethodCall& call) {
    BOOST_TEST(call.argument("DestinationHost")->asString() == "HV-NODE3");
    BOOST_TEST(call.argument("ComputerSystem")->asReference().key("Name")->asString() == "5E3A0001-1001-4001-8001-A00000000001");
    const cimom::Value* settings = call.argument("MigrationSettingData");
    BOOST_TEST_REQUIRE(settings->type() == cimom::CimType::Instance);
    BOOST_TEST(settings->asInstance()->get("MigrationType")->asUnsigned() == 32768u);
    cimom::MethodResult result;
    result.returnValue = cimom::Value::unsignedInt(cimom::CimType::UInt32, 4096);
    result.out.push_back({"Job", cimom::Value::reference(cimom::ObjectPath(call.nameSpace, "Msvm_MigrationJob",
                                                                            {{"InstanceID", cimom::Value::string("Microsoft:NEW")}}))});
    return cimom::Result<cimom::MethodResult>(result);
  });
  const std::string job = std::string(kWmi) + "Msvm_MigrationJob";
  HttpReply errors = post(envelope(job + "/GetErrorEx", job, "", selector("InstanceID", kRunningJob)));
  BOOST_TEST(errors.status == 200);
  BOOST_TEST(errors.body.find("<a:Action>" + job + "/GetErrorExResponse</a:Action>") != std::string::npos);
  BOOST_TEST(errors.body.find("<p:Errors>&lt;INSTANCE CLASSNAME=\"Msvm_Error\"&gt;") != std::string::npos);
  BOOST_TEST(errors.body.find("Migration failed &amp;lt;at&amp;gt; source &amp;amp;") != std::string::npos);  // escaped twice: CIM-XML in XML text
  BOOST_TEST(errors.body.find("</p:Errors><p:Errors>") != std::string::npos);
  BOOST_TEST(errors.body.rfind("<p:ReturnValue>0</p:ReturnValue></p:GetErrorEx_OUTPUT>") != std::string::npos);

  const std::string migrationService = std::string(kWmi) + "Msvm_VirtualSystemMigrationService";
  const std::string settings = "&lt;INSTANCE CLASSNAME=\"Msvm_VirtualSystemMigrationSettingData\"&gt;&lt;PROPERTY NAME=\"MigrationType\" "
                               "TYPE=\"uint16\"&gt;&lt;VALUE&gt;32768&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;";
  const std::string input =
      "<p:MigrateVirtualSystemToHost_INPUT xmlns:p=\"" + migrationService + "\">"
      "<p:ComputerSystem><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address>"
      "<a:ReferenceParameters><w:ResourceURI>" + std::string(kWmi) + "Msvm_ComputerSystem</w:ResourceURI><w:SelectorSet>"
      "<w:Selector Name=\"CreationClassName\">Msvm_ComputerSystem</w:Selector>"
      "<w:Selector Name=\"Name\">5E3A0001-1001-4001-8001-A00000000001</w:Selector></w:SelectorSet></a:ReferenceParameters></p:ComputerSystem>"
      "<p:DestinationHost>HV-NODE3</p:DestinationHost><p:MigrationSettingData>" + settings + "</p:MigrationSettingData>"
      "</p:MigrateVirtualSystemToHost_INPUT>";
  const std::string keys = selector("SystemCreationClassName", "Msvm_ComputerSystem") + selector("SystemName", "HV-NODE1") +
                           selector("CreationClassName", "Msvm_VirtualSystemMigrationService") + selector("Name", "migrationwmi");
  HttpReply started = post(envelope(migrationService + "/MigrateVirtualSystemToHost", migrationService, input, keys));
  BOOST_TEST_REQUIRE(started.status == 200, started.body);
  // libvirt's XPath: p:<M>_OUTPUT/p:Job/a:ReferenceParameters/w:SelectorSet/w:Selector[@Name='InstanceID']
  BOOST_TEST(started.body.find("<p:Job><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address>"
                               "<a:ReferenceParameters><w:ResourceURI>" + std::string(kWmi) + "Msvm_MigrationJob</w:ResourceURI>"
                               "<w:SelectorSet><w:Selector Name=\"InstanceID\">Microsoft:NEW</w:Selector>"
                               "<w:Selector Name=\"__cimnamespace\">root/HyperVCluster/v2</w:Selector>") != std::string::npos);
  BOOST_TEST(started.body.find("<p:ReturnValue>4096</p:ReturnValue>") != std::string::npos);
  // The same embedded instance wrapped in CDATA, as libvirt sends it.
  std::string cdata = input;
  const std::string unescaped = "<INSTANCE CLASSNAME=\"Msvm_VirtualSystemMigrationSettingData\"><PROPERTY NAME=\"MigrationType\" TYPE=\"uint16\"><VALUE>32768</VALUE></PROPERTY></INSTANCE>";
  cdata.replace(cdata.find(settings), settings.size(), "<![CDATA[" + unescaped + "]]>");
  BOOST_TEST(post(envelope(migrationService + "/MigrateVirtualSystemToHost", migrationService, cdata, keys)).status == 200);
  std::string broken = input;
  broken.replace(broken.find(settings), settings.size(), "not an instance");
  HttpReply refused = post(envelope(migrationService + "/MigrateVirtualSystemToHost", migrationService, broken, keys));
  BOOST_TEST(refused.body.find("w:InvalidParameter") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(values_round_trip_through_xml, ServiceFixture) {
  const XmlContext ctx{repository, "root/HyperVCluster/v2", UriStyle::Dmtf, true};  // NULL arrays written, as IsNullArray
  auto embedded = std::make_shared<cimom::Instance>("Msvm_VirtualSystemMigrationSettingData");
  embedded->set("MigrationType", cimom::Value::unsignedInt(cimom::CimType::UInt16, 32771));
  const cimom::Value values[] = {
      cimom::Value::boolean(false),
      cimom::Value::signedInt(cimom::CimType::SInt8, -31),
      cimom::Value::unsignedInt(cimom::CimType::UInt64, 18446744073709551615ull),
      cimom::Value::real(cimom::CimType::Real64, 0.1),
      cimom::Value::string("<tag> & \"quotes\" \xC3\xA9"),
      cimom::Value::string(""),
      cimom::Value::datetime(*cimom::DateTime::parseDmtf("20261122080000.123456+060")),
      cimom::Value::datetime(cimom::DateTime::interval(86'400'000'001)),
      cimom::Value::array(cimom::CimType::UInt16, {uint64_t{2}, uint64_t{17}}),
      cimom::Value::reference(cimom::ObjectPath("root/HyperVCluster/v2", "Msvm_MigrationJob", {{"InstanceID", cimom::Value::string("x")}})),
      cimom::Value::fromScalar(cimom::CimType::Instance, cimom::InstancePtr(embedded)),
      cimom::Value::null(cimom::CimType::String),
      cimom::Value::null(cimom::CimType::UInt16, true),
  };
  for (const cimom::Value& value : values) {
    XmlDoc doc(xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")));
    xmlNode* root = xmlNewNode(nullptr, reinterpret_cast<const xmlChar*>("root"));
    xmlDocSetRootElement(doc.get(), root);
    writeValue(root, nullptr, "V", value, ctx);
    std::string error;
    XmlDoc reparsed = parseUntrusted(serialize(doc.get()), error);  // through text, as on the wire
    BOOST_TEST_REQUIRE(reparsed != nullptr, error);
    cimom::TypeSpec type{value.type() == cimom::CimType::Instance ? cimom::CimType::String : value.type(), value.isArray(), std::nullopt, {}};
    cimom::Value back = readValue(childElements(xmlDocGetRootElement(reparsed.get())), type, ctx, "V",
                                  value.type() == cimom::CimType::Instance);
    if (value.type() == cimom::CimType::Instance) {
      BOOST_TEST(back.asInstance()->get("MigrationType")->asUnsigned() == 32771u);
    } else {
      BOOST_TEST((back == value), value.toText() << " came back as " << back.toText());
    }
  }
}

// What MI clients and .NET send for an EmbeddedInstance IN parameter: the parameter element
// typed as the instance with its properties as children, and CIM-XML text whose declaration
// says utf-16 although the envelope's encoding decoded it already.
BOOST_FIXTURE_TEST_CASE(embedded_instances_in_the_forms_clients_send, ServiceFixture) {
  const XmlContext ctx{repository, "root/HyperVCluster/v2", UriStyle::Dmtf};
  const cimom::TypeSpec type{cimom::CimType::String, false, std::nullopt, {}};
  auto read = [&](const std::string& element) {
    std::string error;
    XmlDoc doc = parseUntrusted("<root xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                                "xmlns:p=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/Msvm_VirtualSystemMigrationService\" "
                                "xmlns:q=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/Msvm_VirtualSystemMigrationSettingData\">" +
                                    element + "</root>",
                                error);
    BOOST_TEST_REQUIRE(doc != nullptr, error);
    return readValue(childElements(xmlDocGetRootElement(doc.get())), type, ctx, "MigrationSettingData", true);
  };
  const cimom::Value typed = read(
      "<p:MigrationSettingData xsi:type=\"q:Msvm_VirtualSystemMigrationSettingData_Type\">"
      "<q:MigrationType xsi:type=\"cim:cimUnsignedShort\" xmlns:cim=\"http://schemas.dmtf.org/wbem/wscim/1/common\">32771</q:MigrationType>"
      "<q:Bandwidth xsi:nil=\"true\"/></p:MigrationSettingData>");
  BOOST_TEST(typed.asInstance()->className() == "Msvm_VirtualSystemMigrationSettingData");
  BOOST_TEST(typed.asInstance()->get("MigrationType")->asUnsigned() == 32771u);
  BOOST_CHECK_THROW(read("<p:MigrationSettingData xsi:type=\"q:Msvm_NoSuchClass_Type\"/>"), WsmanFault);
  BOOST_CHECK_THROW(read("<p:MigrationSettingData xsi:type=\"q:Msvm_VirtualSystemMigrationSettingData_Type\">"
                         "<q:NoSuchProperty>1</q:NoSuchProperty></p:MigrationSettingData>"),
                    WsmanFault);
  const cimom::Value declared = read(
      "<p:MigrationSettingData>&lt;?xml version=\"1.0\" encoding=\"utf-16\"?&gt;"
      "&lt;INSTANCE CLASSNAME=\"Msvm_VirtualSystemMigrationSettingData\"&gt;&lt;PROPERTY NAME=\"MigrationType\" "
      "TYPE=\"uint16\"&gt;&lt;VALUE&gt;32768&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;</p:MigrationSettingData>");
  BOOST_TEST(declared.asInstance()->get("MigrationType")->asUnsigned() == 32768u);
}

// WinRM writes a WMI instance's properties ASCII-sorted (wire reference §5.1).
BOOST_FIXTURE_TEST_CASE(instances_are_written_in_winrm_property_order, ServiceFixture) {
  const std::string xml = post(envelope(ns::kTransferGet, std::string(kWmi) + "Msvm_MigrationJob", "", selector("InstanceID", kRunningJob))).body;
  std::vector<std::string> names;
  for (std::size_t at = xml.find("<p:Msvm_MigrationJob"); (at = xml.find("<p:", at + 1)) != std::string::npos;) {
    const std::size_t end = xml.find_first_of(" >/", at);
    names.push_back(xml.substr(at + 3, end - at - 3));
  }
  BOOST_TEST_REQUIRE(names.size() > 20u);
  BOOST_TEST(std::is_sorted(names.begin(), names.end()));
}

// msftwinrm:UsePreciseArrays (wire reference §5.2): a NULL array is said, not left out, in a
// Get and in every Pull of an enumeration opened with it.
BOOST_FIXTURE_TEST_CASE(precise_arrays_say_null_arrays, ServiceFixture) {
  const std::string precise =
      "<w:OptionSet><w:Option Name=\"msftwinrm:UsePreciseArrays\" Type=\"xs:boolean\">true</w:Option></w:OptionSet>";
  const std::string uri = std::string(kWmi) + "Msvm_MigrationJob";
  const std::string plain = post(envelope(ns::kTransferGet, uri, "", selector("InstanceID", kRunningJob))).body;
  BOOST_TEST(plain.find("NewResourceSettingData") == std::string::npos);
  const std::string said = post(envelope(ns::kTransferGet, uri, "", selector("InstanceID", kRunningJob), precise)).body;
  BOOST_TEST(said.find("<p:NewResourceSettingData xmlns:msftwinrm=\"http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd\" "
                       "msftwinrm:IsNullArray=\"true\" xsi:nil=\"true\"/>") != std::string::npos,
             said);
  // "false" is the default.
  const std::string off = "<w:OptionSet><w:Option Name=\"msftwinrm:UsePreciseArrays\">false</w:Option></w:OptionSet>";
  BOOST_TEST(post(envelope(ns::kTransferGet, uri, "", selector("InstanceID", kRunningJob), off)).body.find("IsNullArray") ==
             std::string::npos);
  HttpReply opened = post(envelope(ns::kEnumerate, uri, "<n:Enumerate/>", "", precise));
  const std::string context = firstText(opened.body, "EnumerationContext");
  BOOST_TEST_REQUIRE(!context.empty());
  HttpReply pulled = post(envelope(ns::kPull, uri, "<n:Pull><n:EnumerationContext>" + context + "</n:EnumerationContext></n:Pull>"));
  BOOST_TEST(pulled.body.find("msftwinrm:IsNullArray=\"true\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
