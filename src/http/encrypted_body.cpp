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

bool isEncryptedType(std::string_view contentType) { return startsWithNoCase(contentType, "multipart/encrypted"); }

std::optional<EncryptedBody> parseEncryptedBody(std::string_view contentType, std::string_view body, std::string& error) {
  if (parameter(contentType, "protocol") != kSpnegoEncrypted) {
    error = "the encrypted body's protocol is not " + std::string(kSpnegoEncrypted);
    return std::nullopt;
  }
  if (parameter(contentType, "boundary") != kBoundary.substr(2)) {
    error = "the encrypted body's boundary is not \"Encrypted Boundary\"";
    return std::nullopt;
  }
  std::size_t at = 0;
  EncryptedBody out;
  if (!expect(body, at, kBoundary) || !expect(body, at, "\r\n")) {
    error = "the encrypted body does not start with its boundary";
    return std::nullopt;
  }
  auto protocol = headerLine(body, at, "Content-Type:");
  auto original = headerLine(body, at, "OriginalContent:");
  if (!protocol || *protocol != kSpnegoEncrypted || !original) {
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
  out.originalType = std::string(original->substr(typeAt + 5, lengthAt - typeAt - 5));
  out.originalLength = std::stoul(length);
  if (!expect(body, at, kBoundary) || !expect(body, at, "\r\n") || !headerLine(body, at, "Content-Type: application/octet-stream")) {
    error = "the second part of the encrypted body is not application/octet-stream";
    return std::nullopt;
  }
  // The sealed bytes run to the closing boundary at the very end: they may hold anything.
  std::string_view rest = body.substr(at);
  const std::string closing = std::string(kBoundary) + "--";
  std::size_t end = rest.size();
  if (rest.size() >= 2 && rest.substr(rest.size() - 2) == "\r\n") end -= 2;
  if (end < closing.size() || rest.substr(end - closing.size(), closing.size()) != closing) {
    error = "the encrypted body does not end with its closing boundary";
    return std::nullopt;
  }
  rest = rest.substr(0, end - closing.size());
  if (rest.size() < 4) {
    error = "the encrypted body has no signature";
    return std::nullopt;
  }
  const uint32_t signatureLength = static_cast<uint32_t>(static_cast<unsigned char>(rest[0])) |
                                   static_cast<uint32_t>(static_cast<unsigned char>(rest[1])) << 8 |
                                   static_cast<uint32_t>(static_cast<unsigned char>(rest[2])) << 16 |
                                   static_cast<uint32_t>(static_cast<unsigned char>(rest[3])) << 24;
  if (signatureLength > rest.size() - 4) {
    error = "the encrypted body's signature is longer than the body";
    return std::nullopt;
  }
  out.signature = std::string(rest.substr(4, signatureLength));
  out.sealed = std::string(rest.substr(4 + signatureLength));
  if (out.sealed.size() != out.originalLength) {
    error = "the encrypted body's length differs from its OriginalContent Length";
    return std::nullopt;
  }
  return out;
}

std::string encryptedBody(std::string_view originalType, std::size_t originalLength, std::string_view signature,
                          std::string_view sealed) {
  std::string out;
  out.reserve(sealed.size() + signature.size() + 256);
  out.append(kBoundary).append("\r\n\tContent-Type: ").append(kSpnegoEncrypted).append("\r\n\tOriginalContent: type=");
  out.append(originalType).append(";Length=").append(std::to_string(originalLength)).append("\r\n");
  out.append(kBoundary).append("\r\n\tContent-Type: application/octet-stream\r\n");
  const uint32_t n = static_cast<uint32_t>(signature.size());
  for (int i = 0; i < 4; ++i) out += static_cast<char>((n >> (8 * i)) & 0xFF);
  out.append(signature).append(sealed).append(kBoundary).append("--\r\n");
  return out;
}

std::string encryptedContentType() {
  return "multipart/encrypted;protocol=\"" + std::string(kSpnegoEncrypted) + "\";boundary=\"Encrypted Boundary\"";
}

}  // namespace cimdouble::http
