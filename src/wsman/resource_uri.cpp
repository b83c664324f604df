#include "wsman/resource_uri.h"

#include "cimom/case_insensitive.h"
#include "wsman/fault.h"
#include "wsman/wsman_names.h"

namespace cimdouble::wsman {
namespace {

bool startsWithIgnoringCase(const std::string& text, const std::string& prefix) {
  return text.size() >= prefix.size() && cimom::iequals(std::string_view(text).substr(0, prefix.size()), prefix);
}

std::string slashes(std::string ns) {
  for (char& c : ns) {
    if (c == '\\') c = '/';
  }
  while (!ns.empty() && ns.back() == '/') ns.pop_back();
  while (!ns.empty() && ns.front() == '/') ns.erase(0, 1);
  return ns;
}

}  // namespace

ResourceTarget resolveResourceUri(const Request& request, const std::string& defaultNamespace) {
  const std::string& uri = request.resourceUri;
  if (uri.empty()) {
    throw WsmanFault(Fault::DestinationUnreachable, "The request has no ResourceURI.", "InvalidResourceURI");
  }
  ResourceTarget target;
  const Selector* nsSelector = request.selector("__cimnamespace");
  if (startsWithIgnoringCase(uri, ns::kWmiPrefix)) {
    target.style = UriStyle::Wmi;
    const std::string rest = uri.substr(std::string(ns::kWmiPrefix).size());
    const std::size_t slash = rest.rfind('/');
    if (slash == std::string::npos || slash == 0) {
      throw WsmanFault(Fault::DestinationUnreachable, "The resource URI " + uri + " names no namespace and class.",
                       "InvalidResourceURI");
    }
    target.nameSpace = slashes(rest.substr(0, slash));
    target.className = rest.substr(slash + 1);
  } else if (startsWithIgnoringCase(uri, ns::kDmtfClassPrefix) || startsWithIgnoringCase(uri, ns::kMsDmtfClassPrefix) ||
             cimom::iequals(uri, ns::kAllClasses) || cimom::iequals(uri, ns::kCimXmlSchema)) {
    target.style = UriStyle::Dmtf;
    target.cimXmlSchema = cimom::iequals(uri, ns::kCimXmlSchema);
    target.className = uri.substr(uri.rfind('/') + 1);
    target.nameSpace = defaultNamespace;
  } else {
    throw WsmanFault(Fault::DestinationUnreachable,
                     "The WS-Management service cannot process the request because the resource URI " + uri +
                         " is not of a supported form.",
                     "InvalidResourceURI");
  }
  if (nsSelector) target.nameSpace = slashes(nsSelector->value);
  if (target.className == "*") target.className.clear();
  for (char c : target.className) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
      throw WsmanFault(Fault::DestinationUnreachable, "The resource URI " + uri + " does not end in a class name.",
                       "InvalidResourceURI");
    }
  }
  return target;
}

std::string classResourceUri(UriStyle style, const std::string& nameSpace, const std::string& className) {
  if (style == UriStyle::Wmi) return std::string(ns::kWmiPrefix) + slashes(nameSpace) + "/" + className;
  return std::string(ns::kDmtfClassPrefix) + className;
}

}  // namespace cimdouble::wsman
