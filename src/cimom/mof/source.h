// Where MOF text comes from: files on disk (`cimdouble mof check`), or the schema compiled
// into the binary (`cimdouble serve` needs no mof/ folder at run time).
#pragma once

#include <map>
#include <optional>
#include <string>

namespace cimdouble::cimom {

class MofSource {
 public:
  virtual ~MofSource() = default;
  // The text of `path`, or nullopt when it cannot be read.
  virtual std::optional<std::string> read(const std::string& path) const = 0;
  // The path an "#pragma include" of `name` in `includingFile` refers to: relative names are
  // taken from the including file's folder.
  static std::string resolveInclude(const std::string& includingFile, const std::string& name);
};

class FileMofSource : public MofSource {
 public:
  std::optional<std::string> read(const std::string& path) const override;
};

class EmbeddedMofSource : public MofSource {
 public:
  explicit EmbeddedMofSource(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  std::optional<std::string> read(const std::string& path) const override;

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace cimdouble::cimom
