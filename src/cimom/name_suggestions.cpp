#include "cimom/name_suggestions.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace cimdouble::cimom {

std::size_t editDistance(std::string_view a, std::string_view b) {
  const auto same = [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  };
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string> closestNames(std::string_view given, const std::vector<std::string>& candidates,
                                      std::size_t most) {
  const std::size_t limit = std::max<std::size_t>(2, given.size() / 3);
  std::vector<std::pair<std::size_t, const std::string*>> near;
  for (const std::string& candidate : candidates) {
    if (const std::size_t d = editDistance(given, candidate); d <= limit) near.emplace_back(d, &candidate);
  }
  std::stable_sort(near.begin(), near.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> names;
  for (std::size_t i = 0; i < near.size() && i < most; ++i) names.push_back(*near[i].second);
  return names;
}

std::string joinNames(const std::vector<std::string>& names, const char* lastSeparator) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? lastSeparator : ", ";
    out += "'" + names[i] + "'";
  }
  return out;
}

}  // namespace cimdouble::cimom
