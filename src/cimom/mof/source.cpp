#include "cimom/mof/source.h"

#include <fstream>
#include <sstream>

namespace cimdouble::cimom {

std::string MofSource::resolveInclude(const std::string& includingFile, const std::string& name) {
  if (!name.empty() && name[0] == '/') return name;
  std::string normalized = name;
  for (char& c : normalized) {
    if (c == '\\') c = '/';
  }
  const std::size_t slash = includingFile.rfind('/');
  if (slash == std::string::npos) return normalized;
  return includingFile.substr(0, slash + 1) + normalized;
}

std::optional<std::string> FileMofSource::read(const std::string& path) const {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

std::optional<std::string> EmbeddedMofSource::read(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

}  // namespace cimdouble::cimom
