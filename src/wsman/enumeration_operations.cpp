// WS-Enumeration Enumerate, Pull, Release (wire reference §7), with WQL, selector and
// association filters run by the CIMOM's query engine.
#include <algorithm>

#include "cimom/case_insensitive.h"
#include "wsman/operations.h"
#include "wsman/wsman_names.h"

namespace cimdouble::wsman {
namespace {

uint64_t readCount(const xmlNode* node, uint64_t absent, const char* what) {
  if (!node) return absent;
  auto value = cimom::parseScalar(cimom::CimType::UInt32, textOf(node));
  if (!value || std::get<uint64_t>(*value) == 0) {
    throw WsmanFault(Fault::UnsupportedFeature, std::string(what) + " must be a positive whole number.", what);
  }
  return std::get<uint64_t>(*value);
}

// DSP0227 association filter: <b:AssociatedInstances> or <b:AssociationInstances>.
std::vector<cimom::InstancePtr> associationFilter(OperationContext& ctx, const xmlNode* filter, const XmlContext& xml,
                                                  std::string& nameSpace) {
  xmlNode* associated = childElement(filter, ns::kCimBinding, "AssociatedInstances");
  xmlNode* association = childElement(filter, ns::kCimBinding, "AssociationInstances");
  xmlNode* spec = associated ? associated : association;
  if (!spec) {
    throw WsmanFault(Fault::CannotProcessFilter,
                     "An association filter needs b:AssociatedInstances or b:AssociationInstances.");
  }
  xmlNode* object = childElement(spec, ns::kCimBinding, "Object");
  if (!object) throw WsmanFault(Fault::CannotProcessFilter, "The association filter has no b:Object.");
  cimom::ObjectPath source = readEndpointReference(object, xml);
  // OMI takes the namespace from the Object EPR; the answering node's view stays.
  nameSpace = cimom::onServer(ctx.server, source.nameSpace().empty() ? nameSpace : source.nameSpace());
  source.setNameSpace(nameSpace);
  cimom::AssociationFilter f;
  f.assocClass = trimWhitespace(textOf(childElement(spec, ns::kCimBinding, "AssociationClassName")));
  f.role = trimWhitespace(textOf(childElement(spec, ns::kCimBinding, "Role")));
  f.resultClass = trimWhitespace(textOf(childElement(spec, ns::kCimBinding, "ResultClassName")));
  f.resultRole = trimWhitespace(textOf(childElement(spec, ns::kCimBinding, "ResultRole")));
  auto result = associated ? ctx.engine.associators(nameSpace, source, f) : ctx.engine.references(nameSpace, source, f);
  if (!result) {
    if (result.error().status == cimom::CimStatus::NotFound) throwForCimError(result.error());
    throw WsmanFault(Fault::CannotProcessFilter, result.error().message + ".");
  }
  std::vector<cimom::InstancePtr> instances = std::move(result->instances);
  std::vector<std::string> include;
  for (xmlNode* p : childElements(spec, ns::kCimBinding, "IncludeResultProperty")) include.push_back(trimWhitespace(textOf(p)));
  if (include.empty()) return instances;
  for (cimom::InstancePtr& instance : instances) {
    auto projected = std::make_shared<cimom::Instance>(instance->className(), instance->nameSpace());
    cimom::ClassPtr cls = ctx.repository.findClass(nameSpace, instance->className());
    for (const auto& p : instance->properties()) {
      bool keep = cls && cls->property(p.name) && cls->property(p.name)->isKey();
      for (const std::string& name : include) keep = keep || cimom::iequals(name, p.name);
      if (keep) projected->set(p.name, p.value);
    }
    instance = projected;
  }
  return instances;
}

std::vector<cimom::InstancePtr> runFilter(OperationContext& ctx, const ResourceTarget& target, const xmlNode* filter,
                                          std::string& nameSpace) {
  const std::string dialect = attribute(filter, "Dialect");
  const XmlContext xml = xmlContext(ctx, target);
  if (dialect.empty() || dialect == ns::kWqlDialect) {
    auto result = ctx.engine.execute(nameSpace, trimWhitespace(textOf(filter)));
    if (!result) {
      if (result.error().status == cimom::CimStatus::InvalidNamespace) throwForCimError(result.error());
      throw WsmanFault(Fault::CannotProcessFilter, result.error().message + ".");
    }
    if (!result->classes.empty()) {
      // ClassDefsOnly / SchemaOnly answer with classes, which enumeration items cannot carry.
      throw WsmanFault(Fault::CannotProcessFilter, "ClassDefsOnly and SchemaOnly queries are not supported over WS-Enumeration.");
    }
    return std::move(result->instances);
  }
  if (dialect == ns::kSelectorDialect) {
    if (target.className.empty()) throw WsmanFault(Fault::CannotProcessFilter, "A selector filter needs a class resource URI.");
    std::vector<cimom::KeyBinding> selectors;
    for (xmlNode* s : childElements(childElement(filter, ns::kWsman, "SelectorSet"), ns::kWsman, "Selector")) {
      selectors.push_back({attribute(s, "Name"), cimom::Value::string(textOf(s))});
    }
    auto result = ctx.engine.selectorFilter(nameSpace, target.className, selectors);
    if (!result) throw WsmanFault(Fault::CannotProcessFilter, result.error().message + ".");
    return std::move(result).value();
  }
  if (dialect == ns::kAssociationDialect) return associationFilter(ctx, filter, xml, nameSpace);
  throw WsmanFault(Fault::FilterDialectRequestedUnavailable, "The filter dialect " + dialect + " is not supported.");
}

cimom::ObjectPath pathOf(OperationContext& ctx, const std::string& nameSpace, const cimom::Instance& instance) {
  // An associator from another namespace (root/interop's profile leads to the host of
  // root/virtualization/v2) is named in its own namespace, in the same node's view.
  const bool foreign = !instance.nameSpace().empty() &&
                       ctx.repository.instanceNamespace(instance.nameSpace()) != ctx.repository.instanceNamespace(nameSpace);
  const std::string in = foreign ? cimom::onServer(cimom::splitServer(nameSpace).server, instance.nameSpace()) : nameSpace;
  cimom::ClassPtr cls = ctx.repository.findClass(in, instance.className());
  cimom::ObjectPath path = cls ? instance.path(*cls) : cimom::ObjectPath({}, instance.className());
  path.setNameSpace(in);
  return path;
}

void writeItem(OperationContext& ctx, xmlNode* items, const EnumerationState& state, const cimom::Instance& instance) {
  const XmlContext xml{ctx.repository, ctx.repository.displayName(state.nameSpace), state.style, state.preciseArrays};
  switch (state.mode) {
    case EnumerationMode::Objects: writeInstance(items, xml, instance); break;
    case EnumerationMode::EndpointReferences: writeEndpointReference(items, xml, pathOf(ctx, state.nameSpace, instance)); break;
    case EnumerationMode::ObjectsAndEndpointReferences: {
      xmlNs* w = xmlSearchNsByHref(items->doc, items, reinterpret_cast<const xmlChar*>(ns::kWsman));
      xmlNode* item = addElement(items, w, "Item");
      writeInstance(item, xml, instance);
      writeEndpointReference(item, xml, pathOf(ctx, state.nameSpace, instance));
      break;
    }
  }
}

// Writes up to `maxElements` items from `state` into `items`, keeping the envelope under
// `maxEnvelopeSize`. Returns how many were written.
std::size_t deliver(OperationContext& ctx, xmlNode* items, EnumerationState& state, uint64_t maxElements,
                    uint64_t maxEnvelopeSize) {
  // Room for the envelope around the items (headers, context id, end marker).
  const uint64_t budget = maxEnvelopeSize > 4096 ? maxEnvelopeSize - 4096 : 0;
  uint64_t used = 0;
  std::size_t written = 0;
  maxElements = std::min(maxElements, ctx.options.winrm.maxBatchItems);  // WinRM's MaxBatchItems
  while (state.next < state.items.size() && written < maxElements) {
    writeItem(ctx, items, state, *state.items[state.next]);
    xmlNode* last = xmlGetLastChild(items);
    const uint64_t size = serializedSizeBound(last);  // serializing each item twice halved the rate
    if (used + size > budget) {
      xmlUnlinkNode(last);
      xmlFreeNode(last);
      if (written == 0) {
        throw WsmanFault(Fault::EncodingLimit,
                         "The next item does not fit in the MaxEnvelopeSize of " + std::to_string(maxEnvelopeSize) + " octets.",
                         "MaxEnvelopeSize");
      }
      break;
    }
    used += size;
    ++state.next;
    ++written;
  }
  return written;
}

void addTotalEstimate(ResponseEnvelope& response, const Request& request, const EnumerationState& state) {
  if (!request.requestTotalItemsCountEstimate) return;
  addText(response.header(), response.wsman(), "TotalItemsCountEstimate", std::to_string(state.items.size()));
}

}  // namespace

std::string enumerate(OperationContext& ctx, const Request& request) {
  ResourceTarget target = resolveTarget(ctx, request);
  xmlNode* body = request.bodyElement();
  if (!isElement(body, ns::kEnumeration, "Enumerate")) {
    throw WsmanFault(Fault::SchemaValidationError, "The Enumerate request has no n:Enumerate body.");
  }
  if (childElement(body, ns::kEnumeration, "Expires")) {
    throw WsmanFault(Fault::UnsupportedFeature, "Enumeration expiration times are not supported.", "ExpirationTime");
  }
  if (!ctx.repository.hasNamespace(target.nameSpace)) {
    throw WsmanFault(Fault::DestinationUnreachable, "The namespace " + std::string(cimom::splitServer(target.nameSpace).nameSpace) + " does not exist.",
                     "InvalidResourceURI")
        .withCimStatus(static_cast<uint32_t>(cimom::CimStatus::InvalidNamespace));
  }
  EnumerationState state;
  state.user = ctx.user;
  state.style = target.style;
  state.nameSpace = target.nameSpace;
  state.preciseArrays = ctx.preciseArrays;
  const std::string mode = trimWhitespace(textOf(childElement(body, ns::kWsman, "EnumerationMode")));
  if (mode == "EnumerateEPR") state.mode = EnumerationMode::EndpointReferences;
  else if (mode == "EnumerateObjectAndEPR") state.mode = EnumerationMode::ObjectsAndEndpointReferences;
  else if (!mode.empty()) throw WsmanFault(Fault::UnsupportedFeature, "Unknown EnumerationMode " + mode + ".", "EnumerationMode");

  xmlNode* filter = childElement(body, ns::kWsman, "Filter");
  if (!filter) filter = childElement(body, ns::kEnumeration, "Filter");
  cimom::ClassPtr cls;
  if (filter) {
    if (!target.className.empty()) cls = requireClass(ctx, target);
    state.items = runFilter(ctx, target, filter, state.nameSpace);
  } else {
    cls = requireClass(ctx, target);
    auto all = ctx.store.enumerate(target.nameSpace, cls->name, true);
    if (!all) throwForCimError(all.error());
    state.items = std::move(all).value();
  }

  const std::string polymorphism = trimWhitespace(textOf(childElement(body, ns::kCimBinding, "PolymorphismMode")));
  if (!polymorphism.empty() && polymorphism != "IncludeSubClassProperties") {
    if (polymorphism != "ExcludeSubClassProperties" && polymorphism != "None") {
      throw WsmanFault(Fault::PolymorphismModeNotSupported, "Unknown PolymorphismMode " + polymorphism + ".");
    }
    if (!cls) throw WsmanFault(Fault::PolymorphismModeNotSupported, "PolymorphismMode needs a class resource URI.");
    std::vector<cimom::InstancePtr> kept;
    for (const cimom::InstancePtr& instance : state.items) {
      if (polymorphism == "None") {
        if (cimom::iequals(instance->className(), cls->name)) kept.push_back(instance);
        continue;
      }
      // ExcludeSubClassProperties: the actual class, but only the requested class's properties.
      auto reduced = std::make_shared<cimom::Instance>(instance->className(), instance->nameSpace());
      for (const auto& p : instance->properties()) {
        if (cls->property(p.name)) reduced->set(p.name, p.value);
      }
      kept.push_back(reduced);
    }
    state.items = std::move(kept);
  }

  ResponseEnvelope response(std::string(ns::kEnumerate) + "Response", request.messageId);
  addTotalEstimate(response, request, state);
  xmlNode* enumerateResponse = addElement(response.body(), response.enumeration(), "EnumerateResponse");
  if (childElement(body, ns::kWsman, "OptimizeEnumeration")) {
    const uint64_t maxElements = readCount(childElement(body, ns::kWsman, "MaxElements"), 1, "MaxElements");
    xmlNode* contextNode = addElement(enumerateResponse, response.enumeration(), "EnumerationContext");
    xmlNode* items = addElement(enumerateResponse, response.wsman(), "Items");
    deliver(ctx, items, state, maxElements, request.maxEnvelopeSize);
    if (state.next >= state.items.size()) {
      // Everything fits: no context stays open, and the response says so (DSP0226 §8.2.3).
      xmlUnlinkNode(contextNode);
      xmlFreeNode(contextNode);
      addElement(enumerateResponse, response.wsman(), "EndOfSequence");
      return response.serialize();
    }
    auto id = ctx.enumerations.open(std::move(state));
    if (!id) throw operationQuotaFault(ctx.options.winrm.maxConcurrentOperationsPerUser);
    xmlNodeAddContent(contextNode, reinterpret_cast<const xmlChar*>(id->c_str()));
    return response.serialize();
  }
  auto id = ctx.enumerations.open(std::move(state));
  if (!id) throw operationQuotaFault(ctx.options.winrm.maxConcurrentOperationsPerUser);
  addText(enumerateResponse, response.enumeration(), "EnumerationContext", *id);
  return response.serialize();
}

std::string pull(OperationContext& ctx, const Request& request) {
  xmlNode* body = request.bodyElement();
  if (!isElement(body, ns::kEnumeration, "Pull")) throw WsmanFault(Fault::SchemaValidationError, "The Pull request has no n:Pull body.");
  const std::string id = trimWhitespace(textOf(childElement(body, ns::kEnumeration, "EnumerationContext")));
  if (xmlNode* maxTime = childElement(body, ns::kEnumeration, "MaxTime")) {
    auto duration = cimom::DateTime::parseXsDuration(trimWhitespace(textOf(maxTime)));
    if (!duration || duration->micros() == 0) {
      throw WsmanFault(Fault::InvalidExpirationTime, "MaxTime must be a positive xs:duration.");
    }
  }
  const uint64_t maxElements = readCount(childElement(body, ns::kEnumeration, "MaxElements"), 1, "MaxElements");
  auto state = ctx.enumerations.take(id, ctx.user);
  if (!state) {
    throw WsmanFault(Fault::InvalidEnumerationContext,
                     "The enumeration context " + id + " is not valid: it is unknown, finished, released or expired.");
  }
  ResponseEnvelope response(std::string(ns::kPull) + "Response", request.messageId);
  addTotalEstimate(response, request, *state);
  xmlNode* pullResponse = addElement(response.body(), response.enumeration(), "PullResponse");
  xmlNode* contextNode = addText(pullResponse, response.enumeration(), "EnumerationContext", id);
  xmlNode* items = addElement(pullResponse, response.enumeration(), "Items");
  try {
    deliver(ctx, items, *state, maxElements, request.maxEnvelopeSize);
  } catch (const WsmanFault&) {
    ctx.enumerations.putBack(id, std::move(*state));  // the client may retry with a larger envelope
    throw;
  }
  if (state->next >= state->items.size()) {
    xmlUnlinkNode(contextNode);
    xmlFreeNode(contextNode);
    addElement(pullResponse, response.enumeration(), "EndOfSequence");
  } else {
    ctx.enumerations.putBack(id, std::move(*state));
  }
  return response.serialize();
}

std::string release(OperationContext& ctx, const Request& request) {
  xmlNode* body = request.bodyElement();
  if (!isElement(body, ns::kEnumeration, "Release")) {
    throw WsmanFault(Fault::SchemaValidationError, "The Release request has no n:Release body.");
  }
  const std::string id = trimWhitespace(textOf(childElement(body, ns::kEnumeration, "EnumerationContext")));
  if (!ctx.enumerations.release(id, ctx.user)) {
    throw WsmanFault(Fault::InvalidEnumerationContext, "The enumeration context " + id + " is not valid.");
  }
  ResponseEnvelope response(std::string(ns::kRelease) + "Response", request.messageId);
  return response.serialize();
}

}  // namespace cimdouble::wsman
