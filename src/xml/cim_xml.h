// DSP0201 CIM-XML: the text form of embedded instances (Msvm_Error from GetErrorEx, setting
// data passed to MigrateVirtualSystemToHost) and of class declarations (the MI client's
// GetClass, the CIM-XML front end's). On the WS-Man wire these travel as escaped text inside
// an ordinary element.
#pragma once

#include <libxml/tree.h>

#include <string>
#include <string_view>
#include <vector>

#include "cimom/class_repository.h"
#include "cimom/instance.h"

namespace cimdouble::xml {

// DSP0201's name of a CIM type, as TYPE and PARAMTYPE attributes give it ("reference", and
// "string" for embedded instances).
const char* cimXmlTypeName(cimom::CimType type);

// How a reference property's value is written in VALUE.REFERENCE: as WMI embeds instances in
// WS-Man (an INSTANCEPATH holding the text path), or as DSP0201 structures it (a
// LOCALINSTANCEPATH or INSTANCEPATH of NAMESPACE and KEYBINDING elements), as CIM-XML wants.
enum class ReferenceForm { Text, Structured };

// <INSTANCE CLASSNAME="X"><PROPERTY NAME TYPE><VALUE>..</VALUE></PROPERTY>...</INSTANCE>;
// NULL properties are PROPERTY elements without VALUE; datetimes in DMTF form. `propertyList`
// (when given) keeps only the properties it names.
xmlNode* addInstance(xmlNode* parent, const cimom::Instance& instance, ReferenceForm references,
                     const std::vector<std::string>* propertyList = nullptr);
// The same as text, with WMI's text references (for embedded instances on the WS-Man wire).
std::string instanceToCimXml(const cimom::Instance& instance);

// DSP0201 paths: LOCALNAMESPACEPATH (a NAMESPACE per segment), INSTANCENAME (KEYBINDINGs with
// KEYVALUE or VALUE.REFERENCE), and an instance path as complete as `path` is: INSTANCEPATH
// with its HOST (the path's server, else `host`), LOCALINSTANCEPATH without one, or just the
// INSTANCENAME for a path without a namespace.
void addLocalNamespacePath(xmlNode* parent, std::string_view nameSpace);
void addInstanceName(xmlNode* parent, const cimom::ObjectPath& path);
void addInstancePath(xmlNode* parent, const cimom::ObjectPath& path, std::string_view host);

// Reading them back: the namespace a LOCALNAMESPACEPATH names ("root/cimv2"); an INSTANCENAME
// in `nameSpace` (keys typed as their KEYVALUEs say; the store types them against the class);
// the instance a LOCALINSTANCEPATH, INSTANCEPATH or bare INSTANCENAME names (`nameSpace`
// for the last). InvalidParameter for what names no instance.
std::string readNamespacePath(const xmlNode* localNamespacePath);
cimom::Result<cimom::ObjectPath> readInstanceName(const xmlNode* instanceName, const std::string& nameSpace);
cimom::Result<cimom::ObjectPath> readInstancePath(const xmlNode* path, const std::string& nameSpace);

// Parses an INSTANCE document (escaped text or CDATA as clients send it), typed against the
// class when the namespace has it, otherwise by the TYPE attributes. Malformed input is
// InvalidParameter (TypeMismatch for a value of the wrong type), naming `what`.
cimom::Result<cimom::Instance> instanceFromCimXml(std::string_view text, const cimom::ClassRepository& repository,
                                                  const std::string& nameSpace, const std::string& what);

// What of a class declaration is written (DSP0200's GetClass parameters): qualifiers, the
// CLASSORIGIN of properties and methods, only what the class itself declares (LocalOnly),
// only the properties a PropertyList names.
struct ClassParts {
  bool derivation = true;  // WMI's DERIVATION attribute (the superclass chain); DSP0201 has none
  bool qualifiers = true;
  bool classOrigin = true;
  bool localOnly = false;
  const std::vector<std::string>* propertyList = nullptr;
};

// <CLASS NAME SUPERCLASS DERIVATION><QUALIFIER/>...<PROPERTY/>...<METHOD/>...</CLASS>
xmlNode* addClass(xmlNode* parent, const cimom::ClassDecl& cls, const ClassParts& parts);
std::string classToCimXml(const cimom::ClassDecl& cls);

}  // namespace cimdouble::xml
