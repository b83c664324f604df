// The Negotiate parsers: an input is a Content-Type line and a body. The body is read as an
// MS-WSMV 2.2.9.1 encrypted body (an answer built from what parsed must parse back the same),
// and as a base64 Negotiate token handed to a fresh connection's GSSAPI context (gss-ntlmssp's
// parser behind ours, as a hostile client reaches it).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/base64.h"
#include "http/encrypted_body.h"
#include "http/negotiate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cimdouble::http;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view type = newline == std::string_view::npos ? std::string_view() : input.substr(0, newline);
  const std::string_view body = newline == std::string_view::npos ? input : input.substr(newline + 1);
  std::string error;
  if (std::optional<EncryptedBody> parts = parseEncryptedBody(type, body, error)) {
    const std::string rebuilt = encryptedBody(*parts);
    std::optional<EncryptedBody> again =
        parseEncryptedBody(encryptedContentType(parts->protocol, parts->multi), rebuilt, error);
    bool same = again && again->originalType == parts->originalType && again->chunks.size() == parts->chunks.size();
    for (std::size_t i = 0; same && i < parts->chunks.size(); ++i) {
      same = again->chunks[i].sealed == parts->chunks[i].sealed && again->chunks[i].signature == parts->chunks[i].signature;
    }
    if (!same) std::abort();  // what we write, we must read
  }
  if (std::optional<std::string> token = decodeBase64(body); token && !token->empty()) {
    NegotiateSession session;
    (void)session.accept(*token);
  }
  return 0;
}
