#include "http/encrypted_body.h"

#include <cctype>
#include <cstdint>

namespace cimdouble::http {
namespace {

constexpr std::string_view kBoundary = "--Encrypted Boundary";

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) return false;
  }
  return true;
}

std::size_t findNoCase(std::string_view text, std::string_view what) {
  for (std::size_t i = 0; i + what.size() <= text.size(); ++i) {
    if (startsWithNoCase(text.substr(i), what)) return i;
  }
  return std::string_view::npos;
}

// The value of a parameter of a header value (`name=value` or `name="value"`), "" for none.
std::string parameter(std::string_view header, std::string_view name) {
  for (std::size_t from = 0;;) {
    const std::size_t found = findNoCase(header.substr(from), name);
    if (found == std::string_view::npos) return "";
    const std::size_t at = from + found;  // where it is in the whole header, not in the rest
    std::string_view rest = header.substr(at + name.size());
    if (!rest.empty() && rest.front() == '=') {
      rest.remove_prefix(1);
      if (!rest.empty() && rest.front() == '"') {
        rest.remove_prefix(1);
        return std::string(rest.substr(0, rest.find('"')));
      }
      return std::string(rest.substr(0, rest.find(';')));
    }
    from = at + name.size();
  }
}

// A part's header line "\tName: value\r\n" at `at`; moves `at` past it.
std::optional<std::string_view> headerLine(std::string_view body, std::size_t& at, std::string_view name) {
  std::size_t start = at;
  while (start < body.size() && (body[start] == '\t' || body[start] == ' ')) ++start;
  if (!startsWithNoCase(body.substr(start), name)) return std::nullopt;
  const std::size_t end = body.find("\r\n", start);
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view value = body.substr(start + name.size(), end - start - name.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  at = end + 2;
  return value;
}

bool expect(std::string_view body, std::size_t& at, std::string_view text) {
  if (body.substr(at, text.size()) != text) return false;
  at += text.size();
  return true;
}

}  // namespace

bool isEncryptedType(std::string_view contentType) {
  return startsWithNoCase(contentType, "multipart/encrypted") || startsWithNoCase(contentType, "multipart/x-multi-encrypted");
}

namespace {

uint32_t littleEndian32(std::string_view bytes) {
  return static_cast<uint32_t>(static_cast<unsigned char>(bytes[0])) |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[3])) << 24;
}

// One chunk's two parts from `at`, up to (not including) the boundary that follows them; the
// last chunk's sealed bytes run to the closing boundary at `end`, the others' are as long as
// their OriginalContent says (sealed bytes may hold anything, a boundary too).
std::optional<EncryptedChunk> readChunk(std::string_view body, std::size_t& at, std::size_t end, const std::string& protocol,
                                        std::string& originalType, std::string& error) {
  if (!expect(body, at, kBoundary) || !expect(body, at, "\r\n")) {
    error = "the encrypted body's parts do not start with their boundary";
    return std::nullopt;
  }
  auto named = headerLine(body, at, "Content-Type:");
  auto original = headerLine(body, at, "OriginalContent:");
  if (!named || *named != protocol || !original) {
    error = "the first part of the encrypted body does not name the protocol and the original content";
    return std::nullopt;
  }
  // "type=application/soap+xml;charset=UTF-8;Length=1234"
  const std::string length = parameter(*original, "Length");
  const std::size_t typeAt = findNoCase(*original, "type=");
  const std::size_t lengthAt = findNoCase(*original, ";Length=");
  if (length.empty() || length.find_first_not_of("0123456789") != std::string::npos || length.size() > 9 ||
      typeAt == std::string_view::npos || lengthAt == std::string_view::npos || lengthAt < typeAt) {
    error = "the encrypted body's OriginalContent has no type and Length";
    return std::nullopt;
  }
  const std::string type(original->substr(typeAt + 5, lengthAt - typeAt - 5));
  if (!originalType.empty() && type != originalType) {
    error = "the chunks of the encrypted body name different original types";
    return std::nullopt;
  }
  originalType = type;
  EncryptedChunk chunk;
  chunk.originalLength = std::stoul(length);
  if (!expect(body, at, kBoundary) || !expect(body, at, "\r\n") ||
      !headerLine(body, at, "Content-Type: application/octet-stream")) {
    error = "the second part of the encrypted body is not application/octet-stream";
    return std::nullopt;
  }
  if (end < at + 4) {
    error = "the encrypted body has no signature";
    return std::nullopt;
  }
  const uint32_t signatureLength = littleEndian32(body.substr(at, 4));
  if (signatureLength > end - at - 4) {
    error = "the encrypted body's signature is longer than the body";
    return std::nullopt;
  }
  chunk.signature = std::string(body.substr(at + 4, signatureLength));
  at += 4 + signatureLength;
  std::size_t sealedEnd = end;
  if (at + chunk.originalLength < end && body.substr(at + chunk.originalLength, kBoundary.size()) == kBoundary) {
    sealedEnd = at + chunk.originalLength;  // a chunk followed by another
  }
  chunk.sealed = std::string(body.substr(at, sealedEnd - at));
  at = sealedEnd;
  // Kerberos may pad what it seals (RC4: up to a block); NTLM and AES seal byte for byte.
  if (chunk.sealed.size() < chunk.originalLength || chunk.sealed.size() > chunk.originalLength + 16) {
    error = "the encrypted body's length differs from its OriginalContent Length";
    return std::nullopt;
  }
  return chunk;
}

}  // namespace

std::optional<EncryptedBody> parseEncryptedBody(std::string_view contentType, std::string_view body, std::string& error) {
  EncryptedBody out;
  out.protocol = parameter(contentType, "protocol");
  out.multi = startsWithNoCase(contentType, "multipart/x-multi-encrypted");
  if (out.protocol != kSpnegoEncrypted && out.protocol != kKerberosEncrypted) {
    error = "the encrypted body's protocol is neither " + std::string(kSpnegoEncrypted) + " nor " +
            std::string(kKerberosEncrypted);
    return std::nullopt;
  }
  if (parameter(contentType, "boundary") != kBoundary.substr(2)) {
    error = "the encrypted body's boundary is not \"Encrypted Boundary\"";
    return std::nullopt;
  }
  // The closing boundary is at the very end (a CRLF after it or not).
  const std::string closing = std::string(kBoundary) + "--";
  std::size_t end = body.size();
  if (end >= 2 && body.substr(end - 2) == "\r\n") end -= 2;
  if (end < closing.size() || body.substr(end - closing.size(), closing.size()) != closing) {
    error = "the encrypted body does not end with its closing boundary";
    return std::nullopt;
  }
  end -= closing.size();
  // A chunk per 16 KiB of a message of at most the transport's cap: a bound on the loop.
  for (std::size_t at = 0; at < end;) {
    std::optional<EncryptedChunk> chunk = readChunk(body, at, end, out.protocol, out.originalType, error);
    if (!chunk) return std::nullopt;
    out.chunks.push_back(std::move(*chunk));
    if (!out.multi && at != end) {
      error = "a multipart/encrypted body holds one sealed message";
      return std::nullopt;
    }
  }
  if (out.chunks.empty()) {
    error = "the encrypted body has no parts";
    return std::nullopt;
  }
  return out;
}

std::string encryptedBody(const EncryptedBody& message) {
  std::string out;
  std::size_t size = 64;
  for (const EncryptedChunk& chunk : message.chunks) size += chunk.sealed.size() + chunk.signature.size() + 256;
  out.reserve(size);
  for (const EncryptedChunk& chunk : message.chunks) {
    out.append(kBoundary).append("\r\n\tContent-Type: ").append(message.protocol).append("\r\n\tOriginalContent: type=");
    out.append(message.originalType).append(";Length=").append(std::to_string(chunk.originalLength)).append("\r\n");
    out.append(kBoundary).append("\r\n\tContent-Type: application/octet-stream\r\n");
    const uint32_t n = static_cast<uint32_t>(chunk.signature.size());
    for (int i = 0; i < 4; ++i) out += static_cast<char>((n >> (8 * i)) & 0xFF);
    out.append(chunk.signature).append(chunk.sealed);
  }
  out.append(kBoundary).append("--\r\n");
  return out;
}

std::string encryptedContentType(std::string_view protocol, bool multi) {
  return std::string(multi ? "multipart/x-multi-encrypted" : "multipart/encrypted") + ";protocol=\"" +
         std::string(protocol) + "\";boundary=\"Encrypted Boundary\"";
}

}  // namespace cimdouble::http
