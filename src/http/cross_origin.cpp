#include "http/cross_origin.h"

#include <algorithm>

namespace cimdouble::http {

bool OriginPolicy::admits(std::string_view origin) const {
  return origin.empty() || std::find(allowed_.begin(), allowed_.end(), origin) != allowed_.end();
}

std::string OriginPolicy::responseHeaders(std::string_view origin) const {
  if (origin.empty() || !admits(origin)) return {};
  // The origin itself, never "*": credentials are only ever shared with a named origin.
  return "Access-Control-Allow-Origin: " + std::string(origin) + "\r\nAccess-Control-Allow-Credentials: true\r\nVary: Origin";
}

std::string OriginPolicy::preflightHeaders(std::string_view origin) const {
  if (origin.empty() || !admits(origin)) return {};
  return "Access-Control-Allow-Methods: GET, POST\r\nAccess-Control-Allow-Headers: Authorization, Content-Type"
         "\r\nAccess-Control-Max-Age: 600";
}

}  // namespace cimdouble::http
