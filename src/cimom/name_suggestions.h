// "Did you mean": the known names closest to a misspelt one (class names, methods, commands),
// by edit distance, case-insensitively as CIM compares names.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cimdouble::cimom {

// Levenshtein distance, ignoring ASCII case.
std::size_t editDistance(std::string_view a, std::string_view b);

// Up to `most` of `candidates` within a third of `given`'s length (at least 2 edits), closest
// first; empty when nothing is near.
std::vector<std::string> closestNames(std::string_view given, const std::vector<std::string>& candidates,
                                      std::size_t most = 5);

// "'A', 'B' or 'C'", for messages.
std::string joinNames(const std::vector<std::string>& names, const char* lastSeparator = " or ");

}  // namespace cimdouble::cimom
