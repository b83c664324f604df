#include "http/winrm_headers.h"

#include <ctime>

#include "stdsoap2.h"

namespace cimdouble::http {

namespace {

constexpr const char* kWinrmServer = "Microsoft-HTTPAPI/2.0";

bool named(const char* key, const char* name) { return soap_tag_cmp(key, name) == 0; }

// RFC 9110 §5.6.7 IMF-fixdate, in real time: the network's clock, not the double's job clock.
void httpDate(char (&out)[32]) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S GMT", &utc);
}

}  // namespace

int writeWinrmHeader(struct soap* s, const char* key, const char* value, bool emptyBody, HeaderWriter write) {
  // key without value: one of our extra header lines (http_extra_header), or the end of the
  // head (both null); passed on as they are.
  if (key == nullptr || value == nullptr) return write(s, key, value);
  if (named(key, "Server")) {
    if (int error = write(s, "Server", kWinrmServer)) return error;
    char date[32];
    httpDate(date);
    return write(s, "Date", date);
  }
  if (named(key, "X-Frame-Options") || named(key, "Keep-Alive")) return SOAP_OK;
  if (named(key, "Content-Type") && emptyBody) return SOAP_OK;
  return write(s, key, value);
}

}  // namespace cimdouble::http
