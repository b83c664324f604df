// URI percent-encoding (RFC 3986 §2.1), as query strings and DSP0200's CIMObject header carry
// text: "%2F" is '/', a '%' without two hex digits stays as it is.
#pragma once

#include <string>
#include <string_view>

namespace cimdouble::http {

// `plusIsSpace`: a query string's form encoding (application/x-www-form-urlencoded), where
// '+' stands for a space; elsewhere '+' is itself.
std::string percentDecode(std::string_view text, bool plusIsSpace);

}  // namespace cimdouble::http
