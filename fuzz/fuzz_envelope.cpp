// libFuzzer target: the WS-Man service on the default cluster, fed whole request bodies.
// The first byte picks the declared charset (UTF-8, UTF-16 or none), the rest is the body.
// Every input must get an answer (a response or a fault), never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "app/sandbox.h"
#include "app/startup_fixture.h"

namespace {

struct World {
  cimdouble::cimom::ClassRepository repository;
  cimdouble::app::StartupFixture startup;
  std::unique_ptr<cimdouble::app::Sandbox> sandbox;
  int runs = 0;

  World() {
    if (!cimdouble::app::loadStartupFixture({}, {}, repository, startup).empty()) std::abort();
    cimdouble::app::SandboxOptions options;
    options.service.winrm.maxConcurrentOperationsPerUser = 1000;
    sandbox = std::make_unique<cimdouble::app::Sandbox>(repository, startup.schema, startup.fixture, options);
    sandbox->clock().pause();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World world;
  if (size == 0) return 0;
  static const char* kTypes[] = {"application/soap+xml;charset=UTF-8", "application/soap+xml;charset=UTF-16",
                                 "application/soap+xml"};
  cimdouble::wsman::HttpExchange exchange;
  exchange.contentType = kTypes[data[0] % 3];
  exchange.body = std::string_view(reinterpret_cast<const char*>(data + 1), size - 1);
  exchange.user = "fuzz";
  exchange.authenticated = true;
  (void)world.sandbox->service().handle(exchange);
  // Jobs the inputs start accumulate; a reset now and then keeps the world small.
  if (++world.runs % 1000 == 0) world.sandbox->control().handle("POST", "reset", "");
  return 0;
}
