// HTTP Negotiate authentication (RFC 4559) as WinRM speaks it (wsman-wire §1.4, MS-WSMV 2.2.9.1),
// through GSSAPI (MIT Kerberos) with the gss-ntlmssp mechanism, as OMI does on Linux: raw
// NTLMSSP tokens (requests-ntlm, go-ntlmssp) and SPNEGO ones (Windows) go to
// gss_accept_sec_context, and sealed message bodies through gss_wrap / gss_unwrap. Nothing of
// NTLM or SPNEGO is written here.
#pragma once

#include <gssapi/gssapi.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/accounts.h"

namespace cimdouble::http {

// An NTLM signature (MS-NLMP 2.2.2.9.1): what gss_wrap puts before the sealed bytes.
inline constexpr std::size_t kNtlmSignatureBytes = 16;

// The accounts gss-ntlmssp checks NTLM logins against: its NTLM_USER_FILE (a line per account
// and domain, with the account's NT hash in Samba's smbpasswd form, or its password in
// Heimdal's "DOMAIN:USER:PASSWORD" where OpenSSL has no MD4), written in a private directory of
// the process's temporary directory (mode 0700, the file 0600) and removed when the process
// exits. Every server of the process adds its accounts; a name or password holding ':' or a
// line break cannot be written there, so that account logs in with Basic only. An account without a domain is a local account of
// each of `localDomains` ("", "." and the hosts' names).
void publishNtlmAccounts(const std::vector<Credentials>& accounts, const std::vector<std::string>& localDomains);
// The NetBIOS name the server's NTLM challenges give as their target (a standalone host's own
// name: clients such as go-ntlmssp log in to that domain when they are given none). Set once,
// before the first handshake; NETBIOS_COMPUTER_NAME / NETBIOS_DOMAIN_NAME in the environment win.
void setNtlmTargetName(const std::string& name);

// Kerberos: the acceptor's keytab (its HTTP/<node name> principals), for every server of the
// process; set once, before the first handshake. "" when it is usable, else why not.
std::string useKerberosKeytab(const std::string& path);

// A sealed message as MS-WSMV 2.2.9.1 carries it: the signature (NTLM's 16-byte one, or
// Kerberos' wrap token header), then the sealed bytes.
struct SealedMessage {
  std::string signature;
  std::string data;
};

// One connection's Negotiate context (the handshake is connection-bound, RFC 4559 §4.4).
class NegotiateSession {
 public:
  struct Step {
    enum class Kind { Continue, Complete, Refused } kind = Kind::Refused;
    std::string token;   // to send back in WWW-Authenticate: Negotiate (none: nothing to send)
    std::string reason;  // why a token was refused, for the journal (never sent)
    bool wrongBinding = false;  // refused for a channel binding that is not the connection's
  };

  NegotiateSession() = default;
  ~NegotiateSession();
  NegotiateSession(const NegotiateSession&) = delete;
  NegotiateSession& operator=(const NegotiateSession&) = delete;

  // The next leg of the handshake, with the client's token (bytes, not base64). A new
  // handshake on an established connection starts over. `channelBinding` (over HTTPS, RFC
  // 5929's "tls-server-end-point:" and the certificate's hash) is checked when the client's
  // token carries one, and a client that sends none is accepted (WinRM's CbtHardeningLevel
  // Relaxed).
  Step accept(std::string_view token, std::string_view channelBinding = {});
  bool established() const { return established_; }
  // The authenticated account as the accounts name it ("user", or "DOMAIN\user" when the
  // account was given with its domain); "" before the handshake completes.
  const std::string& user() const { return user_; }
  // The account an established Kerberos principal turned out to be (accounts.h).
  void setUser(std::string user) { user_ = std::move(user); }
  // Which mechanism the handshake chose: Kerberos, or NTLM.
  bool kerberos() const { return kerberos_; }
  // Sealing (gss_wrap_iov for Kerberos, gss_wrap for NTLM, whose token is its signature and
  // the sealed bytes); nullopt when the context cannot seal, or the message is not sealed
  // with it.
  std::optional<SealedMessage> wrap(std::string_view plain);
  std::optional<std::string> unwrap(const SealedMessage& sealed);

 private:
  void reset();

  gss_ctx_id_t context_ = GSS_C_NO_CONTEXT;
  bool established_ = false;
  bool kerberos_ = false;
  std::string user_;
};

}  // namespace cimdouble::http
