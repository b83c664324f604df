#include "cimom/query_engine.h"

#include <set>

#include "cimom/case_insensitive.h"
#include "cimom/wql/parser.h"
#include "cimom/wql/select.h"

namespace cimdouble::cimom {
namespace {

bool hasQualifier(const ClassDecl& cls, const std::string& name) {
  return name.empty() || findQualifier(cls.qualifiers, name) != nullptr;
}

InstancePtr keysOnly(const InstancePtr& instance, const ClassDecl& cls) {
  auto out = std::make_shared<Instance>(instance->className(), instance->nameSpace());
  for (const PropertyDecl* key : cls.keyProperties()) {
    if (const Value* v = instance->get(key->name)) out->set(key->name, *v);
  }
  return out;
}

}  // namespace

Result<QueryResult> QueryEngine::execute(std::string_view nameSpace, std::string_view wql) const {
  auto query = parseWql(wql);
  if (!query) return query.error();
  if (query->kind == WqlQuery::Kind::Select) {
    auto instances = select(nameSpace, *query);
    if (!instances) return instances.error();
    return QueryResult{std::move(instances).value(), {}};
  }
  auto source = ObjectPath::parse(query->objectPath);
  if (!source) {
    return makeError(CimStatus::InvalidQuery, "WQL error at position " + std::to_string(query->objectPathPosition) +
                                                  ": " + source.error().message);
  }
  if (source->nameSpace().empty()) source->setNameSpace(std::string(nameSpace));
  return query->kind == WqlQuery::Kind::Associators ? associators(nameSpace, *source, query->association)
                                                    : references(nameSpace, *source, query->association);
}

Result<std::vector<InstancePtr>> QueryEngine::select(std::string_view nameSpace, const WqlQuery& query) const {
  auto bound = BoundSelect::bind(query, repository_, nameSpace);
  if (!bound) return bound.error();
  std::vector<InstancePtr> candidates;
  if (bound->keyPath()) {
    auto one = store_.get(*bound->keyPath());
    if (one) candidates.push_back(std::move(one).value());
    else if (one.error().status != CimStatus::NotFound) return one.error();
  } else {
    auto all = store_.enumerate(nameSpace, bound->queryClass()->name, true);
    if (!all) return all.error();
    candidates = std::move(all).value();
  }
  std::vector<InstancePtr> out;
  for (const InstancePtr& instance : candidates) {
    if (bound->matches(*instance)) out.push_back(bound->project(instance));
  }
  return out;
}

Result<InstancePtr> QueryEngine::sourceOf(std::string_view nameSpace, const ObjectPath& sourcePath) const {
  auto found = store_.get(sourcePath);
  if (found || found.error().status != CimStatus::InvalidParameter || sourcePath.keys().empty()) return found;
  // A path with some of the keys ({Win32_ComputerSystem.Name='HV-NODE1'}, where WMI's class
  // has fewer keys than its CIM parent) names the one instance those keys match.
  auto matches = selectorFilter(nameSpace, sourcePath.className(), sourcePath.keys());
  if (!matches || matches->size() != 1) return found;
  return matches->front();
}

Result<std::vector<QueryEngine::Link>> QueryEngine::linksOf(std::string_view nameSpace, const ObjectPath& sourcePath,
                                                            const AssociationFilter& filter,
                                                            bool assocClassIsResultClass) const {
  auto found = sourceOf(nameSpace, sourcePath);  // the source must exist (WMI: "Not found")
  if (!found) return found.error();
  const InstancePtr& source = *found;
  // References name an instance by its keys, possibly through a superclass: compare keys.
  const std::string sourceKeys = source->path(*repository_.findClass(nameSpace, source->className())).canonicalKeys();
  const std::string& assocFilter = assocClassIsResultClass ? filter.resultClass : filter.assocClass;
  std::vector<Link> links;
  for (const ClassPtr& assoc : repository_.classes(nameSpace)) {
    if (!assoc->isAssociation()) continue;
    if (!assocFilter.empty() && !repository_.isA(nameSpace, assoc->name, assocFilter)) continue;
    if (!hasQualifier(*assoc, filter.requiredAssocQualifier)) continue;
    if (assocClassIsResultClass && !hasQualifier(*assoc, filter.requiredQualifier)) continue;
    auto instances = store_.enumerate(nameSpace, assoc->name, false);
    if (!instances) return instances.error();
    for (const InstancePtr& link : *instances) {
      for (const PropertyDecl& ref : assoc->properties) {
        if (ref.type.type != CimType::Reference) continue;
        if (!filter.role.empty() && !iequals(filter.role, ref.name)) continue;
        const Value* v = link->get(ref.name);
        if (!v || v->isNull()) continue;
        const ObjectPath& target = v->asReference();
        // The reference names the source when the keys agree and the classes are related
        // (a reference may name the instance through a superclass, or its own class).
        if (target.canonicalKeys() != sourceKeys) continue;
        if (!repository_.isA(nameSpace, source->className(), target.className()) &&
            !repository_.isA(nameSpace, target.className(), source->className())) {
          continue;
        }
        // Namespaces that share their instances name the same ones (instance_store.h).
        if (!target.nameSpace().empty() &&
            repository_.instanceNamespace(target.nameSpace()) != repository_.instanceNamespace(nameSpace)) {
          continue;
        }
        links.push_back({link, ref.name});
      }
    }
  }
  return links;
}

Result<QueryResult> QueryEngine::associators(std::string_view nameSpace, const ObjectPath& source,
                                             const AssociationFilter& filter) const {
  if (filter.schemaOnly || source.keys().empty()) return schemaAssociators(nameSpace, source, filter, false);
  auto links = linksOf(nameSpace, source, filter, false);
  if (!links) return links.error();
  QueryResult result;
  std::set<std::string> seen;
  std::set<std::string> seenClasses;
  for (const Link& link : *links) {
    ClassPtr assoc = repository_.findClass(nameSpace, link.association->className());
    for (const PropertyDecl& ref : assoc->properties) {
      if (ref.type.type != CimType::Reference || iequals(ref.name, link.sourceRole)) continue;
      if (!filter.resultRole.empty() && !iequals(filter.resultRole, ref.name)) continue;
      const Value* v = link.association->get(ref.name);
      if (!v || v->isNull()) continue;
      ObjectPath targetPath = v->asReference();
      if (targetPath.nameSpace().empty()) {
        targetPath.setNameSpace(std::string(nameSpace));
      } else if (splitServer(targetPath.nameSpace()).server.empty() &&
                 repository_.instanceNamespace(targetPath.nameSpace()) != repository_.instanceNamespace(nameSpace)) {
        // A reference into another namespace (root/interop's profiles name the hosts of
        // root/virtualization/v2) is followed in the same server's view.
        targetPath.setNameSpace(onServer(splitServer(nameSpace).server, targetPath.nameSpace()));
      }
      auto target = store_.get(targetPath);
      if (!target) continue;  // a dangling reference is not an associator
      const std::string& targetNamespace = targetPath.nameSpace();
      ClassPtr targetClass = repository_.findClass(targetNamespace, (*target)->className());
      if (!targetClass) continue;
      if (!filter.resultClass.empty() && !repository_.isA(targetNamespace, targetClass->name, filter.resultClass)) continue;
      if (!hasQualifier(*targetClass, filter.requiredQualifier)) continue;
      if (filter.classDefsOnly) {
        if (seenClasses.insert(toLowerAscii(targetClass->name)).second) result.classes.push_back(targetClass);
        continue;
      }
      if (!seen.insert((*target)->path(*targetClass).canonical()).second) continue;
      InstancePtr found = *target;
      const std::string asked(splitServer(targetNamespace).nameSpace);
      if (repository_.instanceNamespace(targetNamespace) != repository_.instanceNamespace(nameSpace) &&
          found->nameSpace() != asked) {
        // Across namespaces, the instance is the one of the namespace the reference names
        // (root/HyperVCluster/v2 shares root/virtualization/v2's store but is its own namespace).
        auto named = std::make_shared<Instance>(*found);
        named->setNameSpace(asked);
        found = named;
      }
      result.instances.push_back(filter.keysOnly ? keysOnly(found, *targetClass) : found);
    }
  }
  return result;
}

Result<QueryResult> QueryEngine::references(std::string_view nameSpace, const ObjectPath& source,
                                            const AssociationFilter& filter) const {
  if (filter.schemaOnly || source.keys().empty()) return schemaAssociators(nameSpace, source, filter, true);
  auto links = linksOf(nameSpace, source, filter, true);
  if (!links) return links.error();
  QueryResult result;
  std::set<std::string> seen;
  for (const Link& link : *links) {
    ClassPtr assoc = repository_.findClass(nameSpace, link.association->className());
    if (filter.classDefsOnly) {
      if (seen.insert(toLowerAscii(assoc->name)).second) result.classes.push_back(assoc);
      continue;
    }
    if (!seen.insert(link.association->path(*assoc).canonical()).second) continue;
    result.instances.push_back(filter.keysOnly ? keysOnly(link.association, *assoc) : link.association);
  }
  return result;
}

// Schema queries (SchemaOnly, or a class path without keys): which classes the associations
// of the schema connect the source class to, by their reference declarations.
Result<QueryResult> QueryEngine::schemaAssociators(std::string_view nameSpace, const ObjectPath& source,
                                                   const AssociationFilter& filter, bool references) const {
  ClassPtr sourceClass = repository_.findClass(nameSpace, source.className());
  if (!sourceClass) {
    return makeError(CimStatus::InvalidClass, "no class '" + source.className() + "' in namespace " +
                                                  repository_.displayName(nameSpace));
  }
  QueryResult result;
  std::set<std::string> seen;
  auto add = [&](const ClassPtr& cls) {
    if (cls && seen.insert(toLowerAscii(cls->name)).second) result.classes.push_back(cls);
  };
  for (const ClassPtr& assoc : repository_.classes(nameSpace)) {
    if (!assoc->isAssociation()) continue;
    const std::string& assocFilter = references ? filter.resultClass : filter.assocClass;
    if (!assocFilter.empty() && !repository_.isA(nameSpace, assoc->name, assocFilter)) continue;
    for (const PropertyDecl& ref : assoc->properties) {
      if (ref.type.type != CimType::Reference) continue;
      if (!filter.role.empty() && !iequals(filter.role, ref.name)) continue;
      if (!repository_.isA(nameSpace, sourceClass->name, ref.type.referenceClass)) continue;
      if (references) {
        add(assoc);
        continue;
      }
      for (const PropertyDecl& other : assoc->properties) {
        if (other.type.type != CimType::Reference || iequals(other.name, ref.name)) continue;
        if (!filter.resultRole.empty() && !iequals(filter.resultRole, other.name)) continue;
        ClassPtr target = repository_.findClass(nameSpace, other.type.referenceClass);
        if (!target) continue;
        if (!filter.resultClass.empty() && !repository_.isA(nameSpace, target->name, filter.resultClass)) continue;
        add(target);
      }
    }
  }
  return result;
}

Result<std::vector<InstancePtr>> QueryEngine::selectorFilter(std::string_view nameSpace, std::string_view className,
                                                             const std::vector<KeyBinding>& selectors) const {
  // Built as the WQL "SELECT * FROM Class WHERE A = 'x' AND B = 'y'" so it gets the same typing
  // rules and the same key lookup.
  WqlQuery query;
  query.className = std::string(className);
  for (const KeyBinding& selector : selectors) {
    auto compare = std::make_unique<WqlExpr>();
    compare->kind = WqlExpr::Kind::Compare;
    compare->op = WqlCompare::Equal;
    compare->left.kind = WqlOperand::Kind::Property;
    compare->left.property = selector.name;
    compare->right.kind = WqlOperand::Kind::Literal;
    if (selector.value.isNull()) {
      compare->kind = WqlExpr::Kind::IsNull;
    } else {
      compare->right.literal.kind = WqlLiteral::Kind::String;
      compare->right.literal.text = selector.value.type() == CimType::Reference
                                        ? selector.value.asReference().toString()
                                        : scalarToText(selector.value.type(), selector.value.scalar());
    }
    if (!query.where) {
      query.where = std::move(compare);
    } else {
      auto both = std::make_unique<WqlExpr>();
      both->kind = WqlExpr::Kind::And;
      both->children.push_back(std::move(query.where));
      both->children.push_back(std::move(compare));
      query.where = std::move(both);
    }
  }
  return select(nameSpace, query);
}

}  // namespace cimdouble::cimom
