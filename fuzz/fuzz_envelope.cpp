// libFuzzer target: the WS-Man service on the default cluster, fed whole request bodies.
// The first byte picks the declared charset (UTF-8, UTF-16 or none), the rest is the body.
// Every input must get an answer (a response or a fault), never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <string>

#include "default_cluster.h"

namespace {

cimdouble::app::SandboxOptions fuzzOptions() {
  cimdouble::app::SandboxOptions options;
  options.service.winrm.maxConcurrentOperationsPerUser = 1000;
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static cimdouble::fuzz::DefaultCluster world(fuzzOptions());
  if (size == 0) return 0;
  static const char* kTypes[] = {"application/soap+xml;charset=UTF-8", "application/soap+xml;charset=UTF-16",
                                 "application/soap+xml"};
  cimdouble::wsman::HttpExchange exchange;
  exchange.contentType = kTypes[data[0] % 3];
  exchange.body = std::string_view(reinterpret_cast<const char*>(data + 1), size - 1);
  exchange.user = "fuzz";
  exchange.authenticated = true;
  (void)world.sandbox->service().handle(exchange);
  world.ran(1000);
  return 0;
}
