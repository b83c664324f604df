// The built-in schema and default cluster with a job engine on a manual clock.
#pragma once

#include "app/startup_fixture.h"
#include "cimom/method_dispatcher.h"
#include "jobs/job_engine.h"
#include "jobs/providers.h"

namespace cimdouble::jobs::testing {

inline constexpr const char* kNs = "root/HyperVCluster/v2";
inline constexpr int64_t kStart = 1'795'000'000'000'000;  // 2026-11-18T...Z
inline constexpr int64_t kSecond = 1'000'000;

struct JobWorld {
  cimom::ClassRepository repository;
  app::StartupFixture startup;
  cimom::InstanceStore store{repository};
  cimom::MethodDispatcher methods;
  time::ManualClock clock{kStart};
  time::IdSource ids{42};
  BehaviorTable behaviors;
  std::unique_ptr<JobEngine> engine;

  explicit JobWorld(BehaviorTable table = {}) : behaviors(std::move(table)) {
    if (!app::loadStartupFixture({}, {}, repository, startup).empty()) {
      throw std::runtime_error("the built-in schema or default fixture does not load");
    }
    store.restore(*startup.fixture.instances);
    engine = std::make_unique<JobEngine>(repository, store, clock, ids, behaviors);
    engine->setStagedJobs(startup.fixture.stagedJobs);
    registerAllProviders(methods, *engine, store);
  }

  void advance(int64_t micros) {
    clock.advance(micros);
    engine->refresh();
  }

  cimom::ObjectPath vm(const std::string& guid) const {
    return cimom::ObjectPath(kNs, "Msvm_ComputerSystem",
                             {{"CreationClassName", cimom::Value::string("Msvm_ComputerSystem")}, {"Name", cimom::Value::string(guid)}});
  }

  cimom::InstancePtr get(const cimom::ObjectPath& path) {
    auto i = store.get(path);
    return i ? *i : nullptr;
  }

  uint64_t number(const cimom::ObjectPath& path, const char* property) {
    return get(path)->get(property)->asUnsigned();
  }

  // Invokes a method as the WS-Man layer would.
  cimom::MethodResult invoke(const cimom::ObjectPath& target, const std::string& method, std::vector<cimom::PropertyValue> in) {
    cimom::MethodCall call;
    call.nameSpace = kNs;
    call.instance = get(target);
    call.targetClass = repository.findClass(kNs, call.instance->className());
    call.method = call.targetClass->method(method);
    call.target = call.instance->path(*call.targetClass);
    call.target.setNameSpace(kNs);
    call.in = std::move(in);
    auto result = methods.invoke(call);
    if (!result) throw std::runtime_error(result.error().message);
    return *result;
  }

  JobSpec spec(const std::string& kind = kLiveMigration) {
    JobSpec s;
    s.nameSpace = kNs;
    s.className = "Msvm_MigrationJob";
    s.kind = kind;
    s.caption = "Virtual Machine Migration";
    return s;
  }
};

}  // namespace cimdouble::jobs::testing
