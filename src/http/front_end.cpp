#include "http/front_end.h"

#include <strings.h>

namespace cimdouble::http {

std::string_view Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  }
  return {};
}

}  // namespace cimdouble::http
