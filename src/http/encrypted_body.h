// WinRM's message encryption over HTTP (MS-WSMV 2.2.9.1): a body of Content-Type
// multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary="Encrypted Boundary"
// holds two parts: the first names the original content (its type and length), the second
// the sealed bytes, as a little-endian uint32 signature length, the signature, the sealed data.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cimdouble::http {

inline constexpr std::string_view kSpnegoEncrypted = "application/HTTP-SPNEGO-session-encrypted";

struct EncryptedBody {
  std::string originalType;      // "application/soap+xml;charset=UTF-8"
  std::size_t originalLength = 0;
  std::string signature;
  std::string sealed;
};

// Whether a Content-Type says the body is encrypted (any protocol, any parameters).
bool isEncryptedType(std::string_view contentType);
// The parts of an encrypted body; nullopt with `error` set when the type names another
// protocol or boundary, or the body does not have the two parts in the documented form.
std::optional<EncryptedBody> parseEncryptedBody(std::string_view contentType, std::string_view body, std::string& error);
// The body of an encrypted answer, and its Content-Type.
std::string encryptedBody(std::string_view originalType, std::size_t originalLength, std::string_view signature,
                          std::string_view sealed);
std::string encryptedContentType();

}  // namespace cimdouble::http
