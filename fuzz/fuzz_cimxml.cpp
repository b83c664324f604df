// libFuzzer target: the CIM-XML service on the default cluster. An input is the CIMMethod
// header, a line break, the CIMObject header, a line break, and the body; every input gets an
// answer (a response, an ERROR element or a CIMError header), never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <string>

#include "default_cluster.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static cimdouble::fuzz::DefaultCluster world;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t first = input.find('\n');
  const std::size_t second = first == std::string_view::npos ? first : input.find('\n', first + 1);
  if (second == std::string_view::npos) return 0;
  cimdouble::cimxml::CimXmlExchange exchange;
  exchange.contentType = "application/xml; charset=\"utf-8\"";
  exchange.headers.operation = "MethodCall";
  exchange.headers.method = std::string(input.substr(0, first));
  exchange.headers.object = std::string(input.substr(first + 1, second - first - 1));
  exchange.headers.protocolVersion = "1.0";
  exchange.body = input.substr(second + 1);
  exchange.user = "fuzz";
  exchange.authenticated = true;
  (void)world.sandbox->cimXml().handle(exchange);
  world.ran(1000);
  return 0;
}
