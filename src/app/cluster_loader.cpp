#include "app/cluster_loader.h"

#include <map>

#include "app/built_in_schema.h"
#include "cimom/mof_compiler.h"

namespace cimdouble::embedded {
const std::map<std::string, std::string>& fixtureFiles();
}

namespace cimdouble::app {

cimom::Diagnostics loadDefaultCluster(cimom::ClassRepository& repository, cimom::InstanceStore& store) {
  return compileEmbedded(embedded::fixtureFiles(), kDefaultClusterEntry, repository, store);
}

cimom::Diagnostics loadFixtureFile(const std::string& path, cimom::ClassRepository& repository,
                                   cimom::InstanceStore& store) {
  cimom::FileMofSource source;
  cimom::MofCompileOptions options;
  options.defaultNamespace = "root/HyperVCluster/v2";
  cimom::MofCompiler compiler(repository, store, source, options);
  compiler.compileFile(path);
  return compiler.diagnostics();
}

}  // namespace cimdouble::app
