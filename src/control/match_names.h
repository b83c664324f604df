// The names fault rules and journal queries match on (action, class, method), checked
// against what the server serves: a misspelt "Gett" is refused with the valid names rather
// than accepted as a rule that never fires or a query that never matches.
#pragma once

#include <string>
#include <string_view>

#include "cimom/class_repository.h"

namespace cimdouble::control {

// Each returns "" when the name is one the server can see, else a message naming the valid
// (or nearest) ones. Names compare case-insensitively, as the matching does.
std::string checkActionName(std::string_view action, bool journal);  // journal: also "(empty)", "(unreadable)"
// Whether an action names a CIM-XML request: "cimxml:" and its method ("cimxml:GetInstance").
bool isCimXmlAction(std::string_view action);
std::string checkClassName(const cimom::ClassRepository& repository, std::string_view className);
std::string checkMethodName(const cimom::ClassRepository& repository, std::string_view className, std::string_view method);

}  // namespace cimdouble::control
