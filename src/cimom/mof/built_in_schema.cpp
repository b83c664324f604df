#include "cimom/mof/built_in_schema.h"

#include <map>
#include <string>

#include "cimom/mof/compiler.h"

namespace cimdouble::embedded {
const std::map<std::string, std::string>& schemaFiles();
}

namespace cimdouble::cimom {

cimom::Diagnostics compileEmbedded(const std::map<std::string, std::string>& files, const std::string& entry,
                                   cimom::ClassRepository& repository, cimom::InstanceStore& store) {
  cimom::EmbeddedMofSource source(files);
  cimom::MofCompiler compiler(repository, store, source);
  compiler.compileFile(entry);
  return compiler.diagnostics();
}

namespace {

// How the built-in schema's namespaces keep instances (ClassRepository::setInstanceScope), as
// a Hyper-V cluster shows them: every node answers root/virtualization/v2 and root/cimv2 for
// itself (and root/interop, whose profile registration names the node's own host), and root/HyperVCluster/v2 (the Failover Clustering Hyper-V provider) is the same
// state seen cluster-wide (fixtures/README.md, "Views").
struct InstanceScope {
  const char* nameSpace;
  bool perServer;
  const char* sharesInstancesWith;
  bool keysPerServer;  // each node's own Windows: Win32_Processor.DeviceID='CPU0' on every one
};
constexpr InstanceScope kInstanceScopes[] = {
    {"root/virtualization/v2", true, "", false},
    {"root/cimv2", true, "", true},
    {"root/interop", true, "", false},
    {"root/HyperVCluster/v2", false, "root/virtualization/v2", false},
};

}  // namespace

cimom::Diagnostics loadBuiltInSchema(cimom::ClassRepository& repository, cimom::InstanceStore& store) {
  cimom::Diagnostics problems = compileEmbedded(embedded::schemaFiles(), kBuiltInSchemaEntry, repository, store);
  for (const InstanceScope& scope : kInstanceScopes) {
    if (cimom::Status set = repository.setInstanceScope(scope.nameSpace, scope.perServer, scope.sharesInstancesWith,
                                                            scope.keysPerServer);
        !set) {
      problems.push_back({{kBuiltInSchemaEntry, 0, 0}, set.error().message});
    }
  }
  return problems;
}

}  // namespace cimdouble::cimom
