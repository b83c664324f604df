// Just enough of a WS-Man client for the embedding test: one HTTP/1.1 POST with Basic
// credentials over a POSIX socket, and envelopes shaped as pywinrm sends them
// (tests/integration/wsman_messages.py). Deliberately not cimdouble's own client: the request
// must reach the double the way a tool's would.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <string>

namespace wire {

inline const std::string kWmi = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/";
inline const std::string kTransfer = "http://schemas.xmlsoap.org/ws/2004/09/transfer/";

struct Answer {
  int status = 0;  // 0: no answer (the connection failed or closed first)
  std::string body;
};

inline std::string base64(const std::string& in) {
  static const char* kDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) n |= static_cast<unsigned char>(in[i + 2]);
    out += kDigits[(n >> 18) & 63];
    out += kDigits[(n >> 12) & 63];
    out += i + 1 < in.size() ? kDigits[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kDigits[n & 63] : '=';
  }
  return out;
}

// The chunks of a chunked body, joined.
inline std::string unchunk(const std::string& body) {
  std::string out;
  std::size_t at = 0;
  while (at < body.size()) {
    const std::size_t lineEnd = body.find("\r\n", at);
    if (lineEnd == std::string::npos) break;
    const std::size_t size = std::stoul(body.substr(at, lineEnd - at), nullptr, 16);
    if (size == 0) break;
    out += body.substr(lineEnd + 2, size);
    at = lineEnd + 2 + size + 2;
  }
  return out;
}

// POST `envelope` to /wsman on 127.0.0.1:port; "Connection: close", so the answer ends at EOF.
inline Answer post(int port, const std::string& user, const std::string& password, const std::string& envelope) {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  Answer answer;
  if (s < 0 || ::connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    if (s >= 0) ::close(s);
    return answer;
  }
  const std::string request = "POST /wsman HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                              "\r\nAuthorization: Basic " + base64(user + ":" + password) +
                              "\r\nContent-Type: application/soap+xml;charset=UTF-8\r\nContent-Length: " +
                              std::to_string(envelope.size()) + "\r\nConnection: close\r\n\r\n" + envelope;
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n = ::send(s, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string raw;
  char buffer[8192];
  for (ssize_t n; (n = ::recv(s, buffer, sizeof buffer, 0)) > 0;) raw.append(buffer, static_cast<std::size_t>(n));
  ::close(s);
  const std::size_t headersEnd = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.", 0) != 0 || headersEnd == std::string::npos) return answer;
  answer.status = std::stoi(raw.substr(9, 3));
  answer.body = raw.substr(headersEnd + 4);
  const std::string headers = raw.substr(0, headersEnd);
  if (headers.find("chunked") != std::string::npos) answer.body = unchunk(answer.body);
  return answer;
}

inline std::string selectorSet(const std::map<std::string, std::string>& selectors) {
  std::string xml = "<w:SelectorSet>";
  for (const auto& [name, value] : selectors) xml += "<w:Selector Name=\"" + name + "\">" + value + "</w:Selector>";
  return xml + "</w:SelectorSet>";
}

inline std::string envelope(const std::string& action, const std::string& resourceUri,
                            const std::map<std::string, std::string>& selectors, const std::string& body = {}) {
  return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
         "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
         "xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\"><s:Header>"
         "<a:To>http://windows-host:5985/wsman</a:To>"
         "<w:ResourceURI s:mustUnderstand=\"true\">" + resourceUri + "</w:ResourceURI>"
         "<a:ReplyTo><a:Address s:mustUnderstand=\"true\">"
         "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>"
         "<a:Action s:mustUnderstand=\"true\">" + action + "</a:Action>"
         "<w:MaxEnvelopeSize s:mustUnderstand=\"true\">153600</w:MaxEnvelopeSize>"
         "<a:MessageID>uuid:5B4B8D27-6C2E-4C3A-9F0E-1A2B3C4D5E6F</a:MessageID>"
         "<w:OperationTimeout>PT20S</w:OperationTimeout>" + selectorSet(selectors) +
         "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
}

// The text of the first element whose name ends in `localName` ("ReturnValue" matches
// <p:ReturnValue>), or of the selector named `localName` when `selector` is set.
inline std::string textOf(const std::string& xml, const std::string& localName, bool selector = false) {
  const std::string open = selector ? "Name=\"" + localName + "\">" : ":" + localName + ">";
  const std::size_t at = xml.find(open);
  if (at == std::string::npos) return {};
  const std::size_t start = at + open.size();
  return xml.substr(start, xml.find('<', start) - start);
}

}  // namespace wire
