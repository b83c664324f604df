// WQL parser: text to WqlQuery. Keywords are case-insensitive; strings take either quote
// style with backslash escapes; numbers are decimal, 0x hexadecimal or real. A syntax error is
// a CimError with status InvalidQuery whose message names the 1-based position and what was
// expected ("WQL syntax error at position 23: expected FROM, found 'FORM'").
#pragma once

#include <string_view>

#include "cimom/result.h"
#include "cimom/wql/ast.h"

namespace cimdouble::cimom {

Result<WqlQuery> parseWql(std::string_view text);

}  // namespace cimdouble::cimom
