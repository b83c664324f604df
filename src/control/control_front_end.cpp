#include "control/control_front_end.h"

#include <cctype>
#include <cstring>

#include <nlohmann/json.hpp>

#include "control/control_reply.h"

namespace cimdouble::control {

namespace {

// The media type alone, lower case: "Application/JSON; charset=utf-8" -> "application/json".
std::string mediaType(const std::string& contentType) {
  std::string type = contentType.substr(0, contentType.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.erase(type.begin());
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

// A POST changes state, so it must carry a media type that a cross-site HTML form or a
// "simple" fetch cannot send (the Fetch standard's CORS-safelisted types are
// application/x-www-form-urlencoded, multipart/form-data and text/plain): a page in the
// developer's browser then needs a preflight, which only --allow-origin passes. JSON
// everywhere; a fixture may also come as YAML or MOF.
bool acceptedMediaType(const std::string& route, const std::string& type) {
  if (type == "application/json") return true;
  if (route != "fixture" && route.rfind("fixture?", 0) != 0) return false;
  for (const char* fixtureType : {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "application/x-mof",
                                  "text/x-mof"}) {
    if (type == fixtureType) return true;
  }
  return false;
}

// GET ready, exactly (no query): the one call without credentials.
bool isReadyProbe(const http::Request& request) {
  return request.method == "GET" && request.path == std::string(kControlPrefix) + "ready";
}

}  // namespace

bool ControlFrontEnd::admitsAnonymous(const http::Request& request) const { return isReadyProbe(request); }

http::Reply ControlFrontEnd::handle(const http::Request& request) {
  if (isReadyProbe(request)) {
    // Answered here, not by a sandbox: an anonymous caller has none, and learns nothing else.
    http::Reply ready;
    ready.contentType = "application/json";
    ready.body = "{\"ready\": true}\n";
    return ready;
  }
  const std::string path(request.path.substr(std::strlen(kControlPrefix)));
  if (request.method == "POST" && !acceptedMediaType(path, mediaType(request.contentType))) {
    http::Reply refused;
    refused.status = 415;
    refused.contentType = "application/json";
    refused.body = jsonText(json{{"error", "a POST to the control plane takes Content-Type: application/json "
                                           "(a fixture also application/yaml or text/x-mof), not '" +
                                               request.contentType + "'"}});
    return refused;
  }
  ControlReply reply = router_(request.user).handle(std::string(request.method), path, std::string(request.body));
  http::Reply out;
  out.status = reply.status;
  out.body = std::move(reply.body);
  out.contentType = std::move(reply.contentType);
  return out;
}

}  // namespace cimdouble::control
