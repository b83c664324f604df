// `cimdouble schema show NAMESPACE CLASS`: prints a resolved class of the built-in schema:
// its superclass chain, class qualifiers, every property (inherited ones too) with type,
// qualifiers, default and ValueMap/Values, and every method with its parameters.
#pragma once

#include <ostream>
#include <string>

#include "cimom/class_decl.h"

namespace cimdouble::app {

int runSchemaShow(const std::string& nameSpace, const std::string& className);
void printClass(std::ostream& out, const cimom::ClassDecl& cls);

}  // namespace cimdouble::app
