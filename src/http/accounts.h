// The accounts a server accepts with Basic authentication (RFC 7617), fixed when it starts:
// from the command line and the start-up fixture, never from a request. Found by name, so a
// login costs the same with 3 accounts or 10,000.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cimdouble::http {

struct Credentials {
  std::string user;
  std::string password;
};

// More accounts than this are refused at start-up (`serve` says so): a test double needs a
// few per CI worker, and every account is kept in memory.
inline constexpr std::size_t kMaxAccounts = 10000;

// The user and password of an `Authorization: Basic ...` value, as bytes: a NUL or anything
// else inside the password is part of it. nullopt: not Basic, not base64, or no ':'.
std::optional<Credentials> decodeBasic(std::string_view authorization);

class Accounts {
 public:
  explicit Accounts(const std::vector<Credentials>& accounts);

  // Whether `user` has exactly this password (lengths and bytes). A name given twice accepts
  // either password. The password's digest is compared in constant time, and an unknown
  // name is compared against a digest too, so the timing says little about either.
  bool accept(const std::string& user, const std::string& password) const;
  // The account a Kerberos principal ("user@REALM") is: the one named so, or "REALM\user",
  // or, failing both, plain "user" (a local account, as a domain's user maps to it); realms
  // and names compare without case, as Windows compares them. nullopt: none.
  std::optional<std::string> principal(const std::string& name) const;

 private:
  std::unordered_map<std::string, std::vector<std::string>> digests_;  // user -> sha256(user:password)
  std::unordered_map<std::string, std::string> byLowerName_;            // lower-case name -> user
};

}  // namespace cimdouble::http
