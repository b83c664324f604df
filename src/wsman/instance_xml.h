// CIM instances and values as WS-CIM XML (DSP0230, with WinRM's habits; wire reference §5):
// writing instances, EPRs and method outputs, and reading property and parameter values that
// clients send (Put bodies, Invoke inputs).
#pragma once

#include <string>
#include <vector>

#include "cimom/class_repository.h"
#include "cimom/instance.h"
#include "cimom/instance_store.h"
#include "wsman/resource_uri.h"
#include "xml/xml.h"

namespace cimdouble::wsman {

// WS-Man reads and writes its documents with src/xml.
using namespace cimdouble::xml;


struct XmlContext {
  const cimom::ClassRepository& repository;
  std::string nameSpace;
  UriStyle style;
  bool preciseArrays = false;  // msftwinrm:UsePreciseArrays: a NULL array is msftwinrm:IsNullArray, not left out
};

// <p:Class xmlns:p="classURI" xsi:type="p:Class_Type">...properties in schema order...</p:Class>
xmlNode* writeInstance(xmlNode* parent, const XmlContext& ctx, const cimom::Instance& instance);

// Address + ReferenceParameters(ResourceURI, SelectorSet with the keys and __cimnamespace),
// written as children of `parent` (the form method outputs and reference properties use).
void writeEprContent(xmlNode* parent, const XmlContext& ctx, const cimom::ObjectPath& path);
// The same wrapped in <a:EndpointReference> (EnumerateEPR items, Create responses).
xmlNode* writeEndpointReference(xmlNode* parent, const XmlContext& ctx, const cimom::ObjectPath& path);

// Writes `value` as the content of element `name` in namespace `ns` under `parent`: one
// element per array entry, xsi:nil for a NULL scalar, nothing for a NULL or empty array.
void writeValue(xmlNode* parent, xmlNs* ns, const std::string& name, const cimom::Value& value, const XmlContext& ctx);

// Reads the value of an element sent for a property or parameter of type `type` (a list of
// sibling elements for arrays). Throws WsmanFault (InvalidParameter / InvalidRepresentation
// as `fault`) naming `what` when the text does not fit the type.
cimom::Value readValue(const std::vector<xmlNode*>& elements, const cimom::TypeSpec& type, const XmlContext& ctx,
                       const std::string& what, bool embeddedInstance);

// An EPR (Address + ReferenceParameters, possibly inside wsa:EndpointReference) as an object path.
cimom::ObjectPath readEndpointReference(const xmlNode* node, const XmlContext& ctx);

}  // namespace cimdouble::wsman
