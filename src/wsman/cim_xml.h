// DSP0201 CIM-XML: the text form of embedded instances (Msvm_Error from GetErrorEx, setting
// data passed to MigrateVirtualSystemToHost) and of class declarations (the MI client's
// GetClass). On the WS-Man wire these travel as escaped text inside an ordinary element.
#pragma once

#include <string>
#include <string_view>

#include "cimom/class_repository.h"
#include "cimom/instance.h"

namespace cimdouble::wsman {

// <INSTANCE CLASSNAME="X"><PROPERTY NAME TYPE><VALUE>..</VALUE></PROPERTY>...</INSTANCE>;
// NULL properties are PROPERTY elements without VALUE; datetimes in DMTF form.
std::string instanceToCimXml(const cimom::Instance& instance);

// Parses an INSTANCE document (escaped text or CDATA as clients send it), typed against the
// class when the namespace has it, otherwise by the TYPE attributes. Throws WsmanFault
// (InvalidParameter) naming `what` on malformed input.
cimom::Instance instanceFromCimXml(std::string_view text, const cimom::ClassRepository& repository,
                                   const std::string& nameSpace, const std::string& what);

// <CLASS NAME SUPERCLASS DERIVATION><QUALIFIER/>...<PROPERTY/>...<METHOD/>...</CLASS>
std::string classToCimXml(const cimom::ClassDecl& cls);

}  // namespace cimdouble::wsman
