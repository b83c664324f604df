// WQL LIKE patterns: % any run of characters, _ any one character, [abc] / [a-f] one of a set,
// [^abc] one not in the set; [%] matches a literal %. Case-insensitive, as WMI compares strings.
#pragma once

#include <string_view>

namespace cimdouble::cimom {

bool likeMatches(std::string_view value, std::string_view pattern);

}  // namespace cimdouble::cimom
