#include "http/accounts.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>

namespace cimdouble::http {
namespace {

std::string sha256(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), length);
}

// RFC 4648 §4, strictly: the standard alphabet, padding only at the end, no whitespace.
std::optional<std::string> decodeBase64(std::string_view text) {
  static const std::array<int, 256> kValues = [] {
    std::array<int, 256> values{};
    values.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i) values[static_cast<unsigned char>(alphabet[i])] = i;
    return values;
  }();
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  unsigned bits = 0;
  int count = 0;
  for (std::size_t i = 0; i < text.size() - padding; ++i) {
    const int value = kValues[static_cast<unsigned char>(text[i])];
    if (value < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned>(value);
    if (++count == 4) {
      out += static_cast<char>((bits >> 16) & 0xFF);
      out += static_cast<char>((bits >> 8) & 0xFF);
      out += static_cast<char>(bits & 0xFF);
      bits = 0;
      count = 0;
    }
  }
  if (count == 3) {
    out += static_cast<char>((bits >> 10) & 0xFF);
    out += static_cast<char>((bits >> 2) & 0xFF);
  } else if (count == 2) {
    out += static_cast<char>((bits >> 4) & 0xFF);
  } else if (count == 1) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

std::optional<Credentials> decodeBasic(std::string_view authorization) {
  constexpr std::string_view kScheme = "basic ";
  if (authorization.size() < kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    const char c = authorization[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c) != kScheme[i]) return std::nullopt;
  }
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  std::optional<std::string> decoded = decodeBase64(token);
  if (!decoded) return std::nullopt;
  const std::size_t colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return Credentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

Accounts::Accounts(const std::vector<Credentials>& accounts) {
  for (const Credentials& c : accounts) digests_[c.user].push_back(sha256(c.user + ":" + c.password));
}

bool Accounts::accept(const std::string& user, const std::string& password) const {
  static const std::string kNobody = sha256("\n");  // no account's digest: "user:password" has a ':'
  const std::string given = sha256(user + ":" + password);
  const auto found = digests_.find(user);
  if (found == digests_.end()) {
    // The same work as for a known name; the answer is no whatever the comparison says.
    volatile int ignored = CRYPTO_memcmp(given.data(), kNobody.data(), given.size());
    (void)ignored;
    return false;
  }
  bool ok = false;
  for (const std::string& expected : found->second) ok |= CRYPTO_memcmp(given.data(), expected.data(), given.size()) == 0;
  return ok;
}

}  // namespace cimdouble::http
