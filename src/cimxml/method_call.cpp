// Extrinsic method calls (DSP0200 1.4 §5.3.3): METHODCALL on a LOCALINSTANCEPATH (an instance
// method) or a LOCALCLASSPATH (a static one), PARAMVALUEs typed by the method's declaration;
// the answer is RETURNVALUE and a PARAMVALUE per OUT parameter the method set (a job's
// reference among them when it returned 4096, DSP1033).
#include "cimom/case_insensitive.h"
#include "cimom/class_decl.h"
#include "cimxml/operations.h"
#include "xml/cim_xml.h"

namespace cimdouble::cimxml {
namespace {

using cimom::CimStatus;
using cimom::CimType;

cimom::ObjectPath readReference(const xmlNode* reference, const std::string& nameSpace, const std::string& what) {
  std::vector<xmlNode*> inner = xml::childElements(reference);
  if (inner.empty()) fail(CimStatus::InvalidParameter, what + ": an empty VALUE.REFERENCE");
  auto path = xml::readInstancePath(inner.front(), nameSpace);
  if (!path) fail(CimStatus::InvalidParameter, what + ": " + path.error().message);
  return std::move(path).value();
}

cimom::Value parsed(cimom::Result<cimom::Value> value, const std::string& what) {
  if (!value) fail(CimStatus::InvalidParameter, what + ": " + value.error().message);
  return std::move(value).value();
}

}  // namespace

cimom::Value readParameterValue(const OperationContext& ctx, const xmlNode* parameter, const cimom::TypeSpec& type,
                                bool embeddedInstance, const std::string& nameSpace, const std::string& what) {
  if (type.type == CimType::Reference) {
    if (type.array) {
      xmlNode* array = xml::childElement(parameter, nullptr, "VALUE.REFARRAY");
      if (!array) return cimom::Value::null(CimType::Reference, true);
      std::vector<cimom::Scalar> paths;
      for (xmlNode* ref : xml::childElements(array, nullptr, "VALUE.REFERENCE")) {
        paths.emplace_back(std::make_shared<const cimom::ObjectPath>(readReference(ref, nameSpace, what)));
      }
      return cimom::Value::array(CimType::Reference, std::move(paths));
    }
    xmlNode* ref = xml::childElement(parameter, nullptr, "VALUE.REFERENCE");
    return ref ? cimom::Value::reference(readReference(ref, nameSpace, what)) : cimom::Value::null(CimType::Reference);
  }
  if (embeddedInstance || type.type == CimType::Instance) {
    // An embedded instance: escaped INSTANCE text in a VALUE (DSP0201 3.1.6), or an INSTANCE.
    auto read = [&](const std::string& text) -> cimom::Scalar {
      auto instance = xml::instanceFromCimXml(text, ctx.repository, nameSpace, what);
      if (!instance) fail(instance.error());
      return cimom::InstancePtr(std::make_shared<cimom::Instance>(std::move(instance).value()));
    };
    std::vector<cimom::Scalar> instances;
    if (xmlNode* array = xml::childElement(parameter, nullptr, "VALUE.ARRAY")) {
      for (xmlNode* v : xml::childElements(array, nullptr, "VALUE")) instances.push_back(read(xml::textOf(v)));
    } else if (xmlNode* v = xml::childElement(parameter, nullptr, "VALUE")) {
      instances.push_back(read(xml::textOf(v)));
    } else if (xmlNode* instance = xml::childElement(parameter, nullptr, "INSTANCE")) {
      instances.push_back(read(xml::serializeNode(instance)));
    }
    if (instances.empty()) return cimom::Value::null(type.type, type.array);
    if (type.type == CimType::String) {
      // A string parameter with EmbeddedInstance: the store keeps the text WMI's way.
      std::vector<cimom::Scalar> texts;
      for (const cimom::Scalar& s : instances) texts.emplace_back(xml::instanceToCimXml(*std::get<cimom::InstancePtr>(s)));
      return type.array ? cimom::Value::array(CimType::String, std::move(texts))
                        : cimom::Value::string(std::get<std::string>(texts.front()));
    }
    return type.array ? cimom::Value::array(CimType::Instance, std::move(instances))
                      : cimom::Value::instance(std::get<cimom::InstancePtr>(instances.front()));
  }
  if (xmlNode* array = xml::childElement(parameter, nullptr, "VALUE.ARRAY")) {
    std::vector<std::string> texts;
    for (xmlNode* v : xml::childElements(array, nullptr, "VALUE")) {
      texts.push_back(type.type == CimType::String ? xml::textOf(v) : xml::trimWhitespace(xml::textOf(v)));
    }
    return parsed(cimom::parseArray(type.type, texts), what);
  }
  xmlNode* v = xml::childElement(parameter, nullptr, "VALUE");
  if (!v) return cimom::Value::null(type.type, type.array);
  cimom::Value value =
      parsed(cimom::parseValue(type.type, type.type == CimType::String ? xml::textOf(v) : xml::trimWhitespace(xml::textOf(v))), what);
  return type.array ? cimom::Value::array(type.type, {value.scalar()}) : value;
}

void writeValue(xmlNode* parent, const cimom::Value& value, const std::string& host) {
  if (value.isNull()) return;
  auto text = [&value](const cimom::Scalar& s) {
    if (value.type() == CimType::Instance) {
      const auto& embedded = std::get<cimom::InstancePtr>(s);
      return embedded ? xml::instanceToCimXml(*embedded) : std::string();
    }
    return cimom::scalarToText(value.type(), s);
  };
  if (value.type() == CimType::Reference) {
    if (value.isArray()) {
      xmlNode* array = xml::addElement(parent, nullptr, "VALUE.REFARRAY");
      for (const cimom::Scalar& s : value.elements()) {
        xml::addInstancePath(xml::addElement(array, nullptr, "VALUE.REFERENCE"),
                             *std::get<std::shared_ptr<const cimom::ObjectPath>>(s), host);
      }
    } else {
      xml::addInstancePath(xml::addElement(parent, nullptr, "VALUE.REFERENCE"), value.asReference(), host);
    }
    return;
  }
  if (value.isArray()) {
    xmlNode* array = xml::addElement(parent, nullptr, "VALUE.ARRAY");
    for (const cimom::Scalar& s : value.elements()) xml::addText(array, nullptr, "VALUE", text(s));
  } else {
    xml::addText(parent, nullptr, "VALUE", text(value.scalar()));
  }
}

void runExtrinsic(const OperationContext& ctx, const Request& request, ResponseWriter& response) {
  const std::string view = viewOf(ctx, request.nameSpace);
  if (!ctx.repository.hasNamespace(view)) fail(CimStatus::InvalidNamespace, "no namespace " + request.nameSpace);
  cimom::ClassPtr cls = ctx.repository.findClass(view, request.target.className());
  if (!cls) fail(CimStatus::InvalidClass, "no class " + request.target.className() + " in " + request.nameSpace);
  const cimom::MethodDecl* method = cls->method(request.method);
  if (!method) fail(CimStatus::MethodNotFound, cls->name + " has no method " + request.method);
  cimom::MethodCall call;
  call.nameSpace = view;
  call.method = method;
  const bool addressesInstance = !request.target.keys().empty();
  if (method->isStatic() == addressesInstance) {
    fail(CimStatus::InvalidParameter, method->isStatic() ? method->name + " is static: call it on the class (LOCALCLASSPATH)"
                                                         : method->name + " is an instance method: call it on an instance (LOCALINSTANCEPATH)");
  }
  if (addressesInstance) {
    cimom::ObjectPath target = request.target;
    target.setNameSpace(view);
    call.instance = valueOr(ctx.store.get(target));
    call.targetClass = ctx.repository.findClass(view, call.instance->className());
    call.method = call.targetClass->method(method->name);
    call.target = call.instance->path(*call.targetClass);
    call.target.setNameSpace(view);
  } else {
    call.targetClass = cls;
    call.target = cimom::ObjectPath(view, cls->name);
  }
  for (const auto& [name, node] : request.parameters) {
    const cimom::ParameterDecl* param = call.method->parameter(name);
    if (!param || !param->isIn()) fail(CimStatus::InvalidParameter, method->name + " has no input parameter " + name);
    call.in.push_back({param->name, readParameterValue(ctx, node, param->type,
                                                       cimom::stringQualifier(param->qualifiers, "EmbeddedInstance").has_value(),
                                                       view, method->name + "." + param->name)});
  }
  const cimom::MethodResult result = valueOr(ctx.methods.invoke(call));
  xmlNode* returned = xml::addElement(response.response(), nullptr, "RETURNVALUE");
  xml::setAttribute(returned, "PARAMTYPE", xml::cimXmlTypeName(call.method->returnType));
  writeValue(returned, result.returnValue, ctx.host);
  for (const cimom::ParameterDecl& param : call.method->parameters) {
    if (!param.isOut()) continue;
    for (const cimom::PropertyValue& out : result.out) {
      if (!cimom::iequals(out.name, param.name) || out.value.isNull()) continue;
      xmlNode* node = xml::addElement(response.response(), nullptr, "PARAMVALUE");
      xml::setAttribute(node, "NAME", param.name);
      xml::setAttribute(node, "PARAMTYPE", xml::cimXmlTypeName(param.type.type));
      if (cimom::stringQualifier(param.qualifiers, "EmbeddedInstance") || param.type.type == CimType::Instance) {
        xml::setAttribute(node, "EmbeddedObject", "instance");
      }
      writeValue(node, out.value, ctx.host);
    }
  }
}

}  // namespace cimdouble::cimxml
