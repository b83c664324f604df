// The CIMOM's query engine: WQL SELECT, ASSOCIATORS OF and REFERENCES OF, and the two DSP0227
// filters (selector filter, association filter) mapped onto the same machinery. What the
// WS-Man layer runs for an Enumerate with a Filter.
//
// Polymorphism is WMI's: a query on a class returns instances of it and of every subclass
// (CIM_ConcreteJob finds Msvm_MigrationJob), never of siblings (Msvm_ConcreteJob does not).
// A WHERE clause that pins every key with '=' is answered by one lookup, not a scan: polling
// one job among 10,000 costs what it costs among 10.
#pragma once

#include <string_view>
#include <vector>

#include "cimom/class_repository.h"
#include "cimom/instance_store.h"
#include "cimom/object_path.h"
#include "cimom/result.h"
#include "cimom/wql/ast.h"

namespace cimdouble::cimom {

// What an association query returns: instances, or class declarations for ClassDefsOnly and
// SchemaOnly.
struct QueryResult {
  std::vector<InstancePtr> instances;
  std::vector<ClassPtr> classes;
};

class QueryEngine {
 public:
  QueryEngine(const ClassRepository& repository, const InstanceStore& store) : repository_(repository), store_(store) {}

  // Parses and runs any WQL query. Errors: InvalidQuery (syntax, unknown property, type
  // mismatch: the message names the position), InvalidClass, InvalidNamespace, NotFound (the
  // object of ASSOCIATORS OF / REFERENCES OF does not exist).
  Result<QueryResult> execute(std::string_view nameSpace, std::string_view wql) const;

  Result<std::vector<InstancePtr>> select(std::string_view nameSpace, const WqlQuery& query) const;
  Result<QueryResult> associators(std::string_view nameSpace, const ObjectPath& source,
                                  const AssociationFilter& filter) const;
  Result<QueryResult> references(std::string_view nameSpace, const ObjectPath& source,
                                 const AssociationFilter& filter) const;

  // DSP0227 SelectorFilter: instances of `className` (and subclasses) whose properties equal
  // the selectors' values. Unknown property names are InvalidQuery.
  Result<std::vector<InstancePtr>> selectorFilter(std::string_view nameSpace, std::string_view className,
                                                  const std::vector<KeyBinding>& selectors) const;

 private:
  struct Link {
    InstancePtr association;
    std::string sourceRole;
  };
  // The instance an association query starts from (some keys may do, when they name one).
  Result<InstancePtr> sourceOf(std::string_view nameSpace, const ObjectPath& sourcePath) const;
  Result<std::vector<Link>> linksOf(std::string_view nameSpace, const ObjectPath& source,
                                    const AssociationFilter& filter, bool assocClassIsResultClass) const;
  Result<QueryResult> schemaAssociators(std::string_view nameSpace, const ObjectPath& source,
                                        const AssociationFilter& filter, bool references) const;

  const ClassRepository& repository_;
  const InstanceStore& store_;
};

}  // namespace cimdouble::cimom
