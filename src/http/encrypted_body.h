// WinRM's message encryption over HTTP (MS-WSMV 2.2.9.1): a body of Content-Type
// multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary="Encrypted Boundary"
// holds two parts: the first names the original content (its type and length), the second
// the sealed bytes, as a little-endian uint32 signature length, the signature, the sealed data.
// Kerberos' protocol is application/HTTP-Kerberos-session-encrypted (Windows' Negotiate
// clients name SPNEGO's whichever mechanism they chose). A message split in chunks
// (multipart/x-multi-encrypted, MS-WSMV 2.2.9.1.3: what Windows sends past 16 KiB) holds such
// a pair of parts per chunk, with one closing boundary after the last.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cimdouble::http {

inline constexpr std::string_view kSpnegoEncrypted = "application/HTTP-SPNEGO-session-encrypted";
inline constexpr std::string_view kKerberosEncrypted = "application/HTTP-Kerberos-session-encrypted";
// The chunk size of multipart/x-multi-encrypted bodies.
inline constexpr std::size_t kEncryptedChunkBytes = 16384;

struct EncryptedChunk {
  std::string signature;
  std::string sealed;
  std::size_t originalLength = 0;  // of this chunk's plain text
};

struct EncryptedBody {
  std::string protocol;      // kSpnegoEncrypted or kKerberosEncrypted
  bool multi = false;        // multipart/x-multi-encrypted
  std::string originalType;  // "application/soap+xml;charset=UTF-8"
  std::vector<EncryptedChunk> chunks;  // one, unless `multi`
};

// Whether a Content-Type says the body is encrypted (any protocol, any parameters).
bool isEncryptedType(std::string_view contentType);
// The parts of an encrypted body; nullopt with `error` set when the type names another
// protocol or boundary, or the body does not have its parts in the documented form.
std::optional<EncryptedBody> parseEncryptedBody(std::string_view contentType, std::string_view body, std::string& error);
// The body of an encrypted answer, and its Content-Type.
std::string encryptedBody(const EncryptedBody& message);
std::string encryptedContentType(std::string_view protocol, bool multi);

}  // namespace cimdouble::http
