// Base64 (RFC 4648 §4) for the Authorization and WWW-Authenticate tokens: decoding strictly
// (the standard alphabet, padding only at the end, no whitespace), encoding with OpenSSL.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cimdouble::http {

std::optional<std::string> decodeBase64(std::string_view text);
std::string encodeBase64(std::string_view bytes);

}  // namespace cimdouble::http
