#include "wsman/operations.h"
#include "wsman/wsman_names.h"

namespace cimdouble::wsman {

// Identify (DSP0226 §11): answered with no WS-Addressing headers. The unauthenticated form
// reports the fixed version PowerShell's Test-WSMan expects.
std::string identify(const ServiceOptions& options, const std::string& relatesTo, bool authenticated) {
  ResponseEnvelope response("", relatesTo);
  xmlNode* body = response.body();
  xmlNode* identifyResponse = addElement(body, nullptr, "IdentifyResponse");
  xmlNs* wsmid = declareNs(identifyResponse, ns::kIdentity, "wsmid");
  xmlSetNs(identifyResponse, wsmid);
  addText(identifyResponse, wsmid, "ProtocolVersion", ns::kWsman);
  addText(identifyResponse, wsmid, "ProductVendor", options.productVendor);
  addText(identifyResponse, wsmid, "ProductVersion", authenticated ? options.productVersion : "OS: 0.0.0 SP: 0.0 Stack: 3.0");
  return response.serialize();
}

}  // namespace cimdouble::wsman
