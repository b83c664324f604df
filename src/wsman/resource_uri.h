// Which namespace and class a request addresses (§4 of the wire reference):
//   http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/<Class> + __cimnamespace selector (MI client)
//   http://schemas.microsoft.com/wbem/wsman/1/wmi/<ns path>/<Class>               (winrm, pywinrm, libvirt)
//   http://schemas.dmtf.org/wbem/wscim/1/*  or .../wmi/<ns>/*  with a filter      (any class)
// Responses address classes in the same style the request used.
#pragma once

#include <string>

#include "wsman/request.h"

namespace cimdouble::wsman {

enum class UriStyle { Dmtf, Wmi };

struct ResourceTarget {
  std::string nameSpace;  // as the client wrote it, '\' turned into '/'
  std::string className;  // empty when the URI ends in '*'
  UriStyle style = UriStyle::Dmtf;
  bool cimXmlSchema = false;  // the MI client's GetClass URI
};

// Throws DestinationUnreachable for a URI of no known form.
ResourceTarget resolveResourceUri(const Request& request, const std::string& defaultNamespace);

// The resource URI of a class in a style, e.g. for EPRs and instance element namespaces.
std::string classResourceUri(UriStyle style, const std::string& nameSpace, const std::string& className);

}  // namespace cimdouble::wsman
