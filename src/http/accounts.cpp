#include "http/accounts.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "http/base64.h"

namespace cimdouble::http {
namespace {

std::string sha256(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), length);
}

std::string lower(std::string text) {
  for (char& c : text) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return text;
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
  for (const Credentials& c : accounts) {
    digests_[c.user].push_back(sha256(c.user + ":" + c.password));
    byLowerName_.emplace(lower(c.user), c.user);
  }
}

std::optional<std::string> Accounts::principal(const std::string& name) const {
  const std::size_t at = name.rfind('@');
  const std::string user = name.substr(0, at);
  std::vector<std::string> forms{name};
  if (at != std::string::npos) forms.push_back(name.substr(at + 1) + "\\" + user);
  forms.push_back(user);
  for (const std::string& form : forms) {
    if (const auto found = byLowerName_.find(lower(form)); found != byLowerName_.end()) return found->second;
  }
  return std::nullopt;
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
