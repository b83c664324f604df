// A WsmanService on the built-in schema and default cluster, with a manual clock: the whole
// protocol without sockets.
#pragma once

#include <memory>
#include <string>

#include "app/startup_fixture.h"
#include "cimom/method_dispatcher.h"
#include "cimom/query_engine.h"
#include "time/clock.h"
#include "wsman/wsman_service.h"
#include "xml/xml.h"

namespace cimdouble::wsman::testing {

inline constexpr const char* kRunningJob = "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01";
inline constexpr const char* kWmi = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/HyperVCluster/v2/";

inline std::string envelope(const std::string& action, const std::string& resourceUri, const std::string& body = {},
                            const std::string& selectors = {}, const std::string& extraHeaders = {}) {
  return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
         "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
         "xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "
         "xmlns:n=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\"><s:Header>"
         "<a:Action s:mustUnderstand=\"true\">" + action + "</a:Action>"
         "<w:ResourceURI s:mustUnderstand=\"true\">" + resourceUri + "</w:ResourceURI>"
         "<a:MessageID>uuid:00000000-0000-0000-0000-000000000001</a:MessageID>" +
         (selectors.empty() ? "" : "<w:SelectorSet>" + selectors + "</w:SelectorSet>") + extraHeaders +
         "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
}

inline std::string selector(const std::string& name, const std::string& value) {
  return "<w:Selector Name=\"" + name + "\">" + value + "</w:Selector>";
}

struct ServiceFixture {
  cimom::ClassRepository repository;
  app::StartupFixture startup;
  cimom::InstanceStore store{repository};
  cimom::QueryEngine engine{repository, store};
  cimom::MethodDispatcher methods;
  time::ManualClock clock{1'795'000'000'000'000};
  time::ManualClock networkClock{1'795'000'000'000'000};  // enumeration contexts' real-time stand-in
  std::unique_ptr<WsmanService> service;

  explicit ServiceFixture(ServiceOptions options = {}) {
    if (!app::loadStartupFixture({}, {}, repository, startup).empty()) {
      throw std::runtime_error("the built-in schema or default fixture does not load");
    }
    store.restore(*startup.fixture.instances);
    service = std::make_unique<WsmanService>(repository, store, engine, methods, clock, options, &networkClock);
  }

  HttpReply post(const std::string& body, const std::string& contentType = "application/soap+xml;charset=UTF-8") {
    HttpExchange exchange;
    exchange.body = body;
    exchange.contentType = contentType;
    exchange.user = "tester";
    exchange.authenticated = true;
    return service->handle(exchange);
  }
};

// Text of the first element with this local name anywhere in `xml` (or "" if none).
inline std::string firstText(const std::string& xml, const std::string& name) {
  const std::size_t open = xml.find(":" + name + ">");
  if (open == std::string::npos) return {};
  const std::size_t start = open + name.size() + 2;
  return xml.substr(start, xml.find("</", start) - start);
}

}  // namespace cimdouble::wsman::testing
