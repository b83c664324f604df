// Which web pages may call the server from a browser (CORS, the Fetch standard §3.2). None by
// default: a page the developer visits must not drive a double on their machine. A request
// that carries an Origin not named by `serve --allow-origin` is refused with 403 before it
// reaches a front end (browsers send Origin with every cross-origin request and every POST;
// WS-Man clients, curl and test harnesses send none), and no response ever carries
// Access-Control-* headers for it. gSOAP's own CORS answers (Allow-Origin "*" with
// credentials) are switched off: the listener never shows it the Origin header.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cimdouble::http {

class OriginPolicy {
 public:
  explicit OriginPolicy(std::vector<std::string> allowed) : allowed_(std::move(allowed)) {}

  // An empty origin (no Origin header) is always admitted: it is not a browser's request.
  bool admits(std::string_view origin) const;
  // The header lines (joined by CRLF, none after the last) an admitted origin's answer carries; "" without one.
  std::string responseHeaders(std::string_view origin) const;
  // The header lines an admitted origin's preflight (OPTIONS with
  // Access-Control-Request-Method) carries besides responseHeaders.
  std::string preflightHeaders(std::string_view origin) const;

 private:
  std::vector<std::string> allowed_;  // exact, as the browser sends them: "https://ui.example:8443"
};

}  // namespace cimdouble::http
