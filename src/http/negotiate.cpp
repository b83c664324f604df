#include "http/negotiate.h"

#include <gssapi/gssapi_krb5.h>

#if defined(__SANITIZE_ADDRESS__)
#define CIMDOUBLE_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CIMDOUBLE_LSAN 1
#endif
#endif
#if CIMDOUBLE_LSAN
#include <sanitizer/lsan_interface.h>
#endif
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <algorithm>
#include <set>
#include <cstdint>

namespace cimdouble::http {
namespace {

// The user file, shared by the servers of the process.
struct NtlmUserFile {
  std::mutex mutex;
  std::string directory;
  std::string path;
  // Lines naming a domain come first: gss-ntlmssp takes the first line that matches, and a
  // line without one matches every domain (and hashes the login with none).
  std::set<std::string> qualified;
  std::set<std::string> unqualified;

  ~NtlmUserFile() { removeAll(); }

  void removeAll() {
    if (path.empty()) return;
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    std::filesystem::remove(directory, ignored);
    path.clear();
  }
};

NtlmUserFile& userFile() {
  static NtlmUserFile file;
  return file;
}

void removeAtExit() { userFile().removeAll(); }

// "DOMAIN\user" and "user@domain" are the two forms Windows gives a domain account.
std::pair<std::string, std::string> domainAndUser(const std::string& account) {
  if (const std::size_t slash = account.find('\\'); slash != std::string::npos) {
    return {account.substr(0, slash), account.substr(slash + 1)};
  }
  if (const std::size_t at = account.rfind('@'); at != std::string::npos) return {account.substr(at + 1), account.substr(0, at)};
  return {"", account};
}

bool writable(const std::string& field) { return field.find_first_of(":\r\n") == std::string::npos; }

// UTF-8 to UTF-16LE, the form NTLM hashes a password in; nullopt for bytes that are not UTF-8.
std::optional<std::string> utf16le(const std::string& text) {
  std::string out;
  auto unit = [&out](uint32_t u) {
    out += static_cast<char>(u & 0xFF);
    out += static_cast<char>((u >> 8) & 0xFF);
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : 4;
    if (extra == 4 || i + extra >= text.size() + (extra == 0 ? 1 : 0)) return std::nullopt;
    uint32_t code = extra == 0 ? c : c & (0x3Fu >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next >> 6) != 0x2) return std::nullopt;
      code = (code << 6) | (next & 0x3Fu);
    }
    i += extra + 1;
    if (code >= 0x10000) {
      code -= 0x10000;
      unit(0xD800 + (code >> 10));
      unit(0xDC00 + (code & 0x3FF));
    } else {
      unit(code);
    }
  }
  return out;
}

// The NT hash of a password (MS-NLMP 3.3.1: MD4 of its UTF-16LE form) in hex, by OpenSSL's
// legacy provider in a library context of its own (the process's defaults stay as they are);
// nullopt when the provider is not installed. Given the hash, gss-ntlmssp does not compute it
// at each login: its own MD4 path (NTOWFv1 on a password line) leaks an EVP_MD per login.
std::optional<std::string> ntHash(const std::string& password) {
  static OSSL_LIB_CTX* const legacy = [] {
    OSSL_LIB_CTX* ctx = OSSL_LIB_CTX_new();
    if (ctx && !OSSL_PROVIDER_load(ctx, "legacy")) {
      OSSL_LIB_CTX_free(ctx);
      ctx = nullptr;
    }
    return ctx;
  }();
  const std::optional<std::string> bytes = utf16le(password);
  if (!legacy || !bytes) return std::nullopt;
  EVP_MD* md4 = EVP_MD_fetch(legacy, "MD4", nullptr);
  if (!md4) return std::nullopt;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const bool ok = EVP_Digest(bytes->data(), bytes->size(), digest, &length, md4, nullptr) == 1;
  EVP_MD_free(md4);
  if (!ok) return std::nullopt;
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

// One account's line: Samba's smbpasswd form with the NT hash ("DOMAIN\user:0:LM:NT:[U]:LCT-0:",
// the LM hash unused at gss-ntlmssp's default LM compatibility level), else Heimdal's
// "DOMAIN:user:password".
std::string userLine(const std::string& domain, const std::string& user, const std::string& password) {
  if (std::optional<std::string> hash = ntHash(password)) {
    return (domain.empty() ? user : domain + "\\" + user) + ":0:" + std::string(32, 'X') + ":" + *hash +
           ":[U          ]:LCT-00000000:";
  }
  return domain + ":" + user + ":" + password;
}

std::string gssText(OM_uint32 status, int type) {
  std::string out;
  OM_uint32 minor = 0;
  OM_uint32 context = 0;
  do {
    gss_buffer_desc text{0, nullptr};
    gss_display_status(&minor, status, type, GSS_C_NO_OID, &context, &text);
    if (text.length) out += (out.empty() ? "" : "; ") + std::string(static_cast<const char*>(text.value), text.length);
    gss_release_buffer(&minor, &text);
  } while (context != 0);
  return out;
}

// Two NTLM messages Windows accepts and gss-ntlmssp 1.2.0 refuses as undecodable, as npm's
// ntlm-client sends them, made into what gss-ntlmssp reads the same way Windows does. Nothing
// else of a message is looked at or changed.
// - A NEGOTIATE message (MS-NLMP 2.2.1.1) without the optional Version: shorter than the 40
//   bytes gss-ntlmssp wants. Zeros are appended (a Version of zeros, which a server ignores).
//   Clients that sign the handshake with a MIC send the Version, so none is broken by this.
// - An AUTHENTICATE message (2.2.1.3) that sets NTLMSSP_NEGOTIATE_VERSION, copied from the
//   challenge, without carrying the Version: its payload starts right after the 64-byte
//   header. Windows reads the fields where their offsets say; gss-ntlmssp takes the flag to
//   mean 8 more header bytes and refuses every field as overlapping them. Only the flag is
//   cleared, which neither the NTLMv2 response nor (absent here: it would follow the Version)
//   a MIC covers.
void normalizeNtlmMessage(std::string& token) {
  constexpr std::size_t kNegotiateWithVersion = 40;
  if (token.size() >= 12 && token.compare(0, 8, std::string("NTLMSSP\0", 8)) == 0 && token[8] == 1 &&
      token.size() < kNegotiateWithVersion) {
    token.resize(kNegotiateWithVersion, '\0');
    return;
  }
  constexpr std::size_t kHeader = 64;           // signature, type, six fields, flags
  constexpr uint32_t kNegotiateVersion = 0x02000000;
  constexpr std::size_t kFlagsAt = 60;
  if (token.size() < kHeader || token.compare(0, 8, std::string("NTLMSSP\0", 8)) != 0 || token[8] != 3) return;
  auto u32 = [&token](std::size_t at) {
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(token[at + i]);
    return v;
  };
  auto u16 = [&token](std::size_t at) {
    return static_cast<uint32_t>(static_cast<unsigned char>(token[at]) | static_cast<unsigned char>(token[at + 1]) << 8);
  };
  if (!(u32(kFlagsAt) & kNegotiateVersion)) return;
  uint32_t first = UINT32_MAX;  // the lowest offset of a field that has bytes
  for (std::size_t field = 12; field < kFlagsAt; field += 8) {
    if (u16(field) != 0) first = std::min(first, u32(field + 4));
  }
  if (first >= kHeader + 8) return;  // the Version is there
  token[kFlagsAt + 3] = static_cast<char>(static_cast<unsigned char>(token[kFlagsAt + 3]) & ~(kNegotiateVersion >> 24));
}

// The acceptor's credential, for every mechanism, acquired once for the process. With
// GSS_C_NO_CREDENTIAL, SPNEGO acquires one at each handshake, and gss-ntlmssp 1.2.0 loses 32
// bytes in each acquisition (LeakSanitizer, with Windows-style SPNEGO tokens): this loses them
// once for the process instead of once per connection, and tells LeakSanitizer so. The keytab
// and the NTLM user file are in place before the first handshake (useKerberosKeytab,
// publishNtlmAccounts).
gss_cred_id_t acceptorCredential() {
  static const gss_cred_id_t credential = [] {
    gss_cred_id_t acquired = GSS_C_NO_CREDENTIAL;
    OM_uint32 minor = 0;
#if CIMDOUBLE_LSAN
    __lsan::ScopedDisabler acquisitionLosesMemory;
#endif
    if (gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, GSS_C_NO_OID_SET, GSS_C_ACCEPT, &acquired, nullptr,
                         nullptr) != GSS_S_COMPLETE) {
      acquired = GSS_C_NO_CREDENTIAL;  // each handshake then acquires its own
    }
    return acquired;
  }();
  return credential;
}

}  // namespace

void publishNtlmAccounts(const std::vector<Credentials>& accounts, const std::vector<std::string>& localDomains) {
  NtlmUserFile& file = userFile();
  std::lock_guard lock(file.mutex);
  for (const Credentials& c : accounts) {
    auto [domain, user] = domainAndUser(c.user);
    if (!writable(domain) || !writable(user) || !writable(c.password) || user.empty() ||
        user.find('\\') != std::string::npos) {
      continue;
    }
    // A local account answers to no domain, to ".", and to the names of the hosts, as a
    // standalone Windows server's accounts do (NTLMv2 hashes the domain the client names, so
    // each needs its line).
    const std::vector<std::string> domains = domain.empty() ? localDomains : std::vector<std::string>{domain};
    for (const std::string& d : domains) {
      if (!writable(d)) continue;
      (d.empty() ? file.unqualified : file.qualified).insert(userLine(d, user, c.password));
    }
  }
  if (file.path.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/cimdouble-ntlm-XXXXXX";
    if (!mkdtemp(pattern.data())) return;  // no NTLM then: Negotiate logins are refused
    file.directory = pattern;
    file.path = pattern + "/users";
    std::atexit(removeAtExit);
    // Set once, before the first handshake: gss-ntlmssp reads it at each login.
    setenv("NTLM_USER_FILE", file.path.c_str(), 1);
  }
  const std::string next = file.path + ".new";
  {
    const mode_t before = umask(077);
    std::ofstream out(next, std::ios::trunc);
    umask(before);
    for (const std::string& line : file.qualified) out << line << '\n';
    for (const std::string& line : file.unqualified) out << line << '\n';
  }
  chmod(next.c_str(), 0600);
  std::rename(next.c_str(), file.path.c_str());
}

std::string useKerberosKeytab(const std::string& path) {
  std::ifstream probe(path, std::ios::binary);
  char version[2] = {0, 0};
  // A keytab file starts with 0x05 0x01 or 0x05 0x02 (MIT's keytab format).
  if (!probe.read(version, 2)) return "cannot read the keytab " + path;
  if (version[0] != 5 || (version[1] != 1 && version[1] != 2)) return path + " is not a keytab (MIT format)";
  const std::string absolute = std::filesystem::absolute(path).string();
  if (krb5_gss_register_acceptor_identity(absolute.c_str()) != GSS_S_COMPLETE) {
    return "GSSAPI did not take the keytab " + path;
  }
  return {};
}

void setNtlmTargetName(const std::string& name) {
  if (name.empty() || !writable(name)) return;
  setenv("NETBIOS_COMPUTER_NAME", name.c_str(), 0);
  setenv("NETBIOS_DOMAIN_NAME", name.c_str(), 0);
}

NegotiateSession::~NegotiateSession() { reset(); }

void NegotiateSession::reset() {
  if (context_ != GSS_C_NO_CONTEXT) {
    OM_uint32 minor = 0;
    gss_delete_sec_context(&minor, &context_, GSS_C_NO_BUFFER);
  }
  context_ = GSS_C_NO_CONTEXT;
  established_ = false;
  kerberos_ = false;
  user_.clear();
}

NegotiateSession::Step NegotiateSession::accept(std::string_view token, std::string_view channelBinding) {
  if (established_) reset();
  std::string message(token);
  normalizeNtlmMessage(message);
  gss_buffer_desc in{message.size(), message.data()};
  gss_buffer_desc out{0, nullptr};
  gss_name_t source = GSS_C_NO_NAME;
  gss_OID mech = GSS_C_NO_OID;
  OM_uint32 minor = 0;
  OM_uint32 flags = 0;
  // RFC 5929 §4 as GSSAPI takes it (RFC 2744 §3.11): only the application data, no addresses.
  gss_channel_bindings_struct bindings{};
  bindings.initiator_addrtype = GSS_C_AF_UNSPEC;
  bindings.acceptor_addrtype = GSS_C_AF_UNSPEC;
  bindings.application_data = {channelBinding.size(), const_cast<char*>(channelBinding.data())};
  const OM_uint32 major =
      gss_accept_sec_context(&minor, &context_, acceptorCredential(), &in,
                             channelBinding.empty() ? GSS_C_NO_CHANNEL_BINDINGS : &bindings, &source, &mech, &out,
                             &flags, nullptr, nullptr);
  Step step;
  if (out.length) step.token.assign(static_cast<const char*>(out.value), out.length);
  OM_uint32 ignored = 0;
  gss_release_buffer(&ignored, &out);
  if (major == GSS_S_CONTINUE_NEEDED) {
    step.kind = Step::Kind::Continue;
  } else if (GSS_ERROR(major)) {
    step.kind = Step::Kind::Refused;
    step.reason = gssText(major, GSS_C_GSS_CODE) + " (" + gssText(minor, GSS_C_MECH_CODE) + ")";
    // Kerberos says so; gss-ntlmssp calls a binding that differs a defective token, with EACCES.
    step.wrongBinding = GSS_ROUTINE_ERROR(major) == GSS_S_BAD_BINDINGS ||
                        (!channelBinding.empty() && GSS_ROUTINE_ERROR(major) == GSS_S_DEFECTIVE_TOKEN && minor == EACCES);
    step.token.clear();
    reset();
  } else {
    gss_buffer_desc name{0, nullptr};
    if (gss_display_name(&ignored, source, &name, nullptr) == GSS_S_COMPLETE && name.length) {
      std::string shown(static_cast<const char*>(name.value), name.length);
      while (!shown.empty() && shown.back() == '\0') shown.pop_back();  // gss-ntlmssp counts the terminator
      // gss-ntlmssp shows "DOMAIN\user" (empty domain: "\user" or "user"); Kerberos "user@REALM".
      auto [domain, user] = domainAndUser(shown);
      user_ = domain.empty() || domain == "." ? user : shown;
    }
    gss_release_buffer(&ignored, &name);
    // SPNEGO names the mechanism it negotiated; the old Microsoft Kerberos OID is Kerberos too.
    static const gss_OID_desc kMicrosoftKrb5{9, const_cast<char*>("\x2a\x86\x48\x82\xf7\x12\x01\x02\x02")};
    kerberos_ = mech != GSS_C_NO_OID && (gss_oid_equal(mech, gss_mech_krb5) || gss_oid_equal(mech, &kMicrosoftKrb5));
    established_ = !user_.empty();
    step.kind = established_ ? Step::Kind::Complete : Step::Kind::Refused;
    if (!established_) {
      step.reason = "the mechanism named no user";
      reset();
    }
  }
  if (source != GSS_C_NO_NAME) gss_release_name(&ignored, &source);
  return step;
}

std::optional<SealedMessage> NegotiateSession::wrap(std::string_view plain) {
  if (!established_) return std::nullopt;
  OM_uint32 minor = 0;
  int sealed = 0;
  if (kerberos_) {
    // MS-WSMV 2.2.9.1.2: the wrap token's header is the signature, the data and its padding
    // (none for AES) the sealed bytes, as Windows' EncryptMessage lays them out.
    std::string data(plain);
    gss_iov_buffer_desc iov[3] = {};
    iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER | GSS_IOV_BUFFER_FLAG_ALLOCATE;
    iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
    iov[1].buffer = {data.size(), data.data()};
    iov[2].type = GSS_IOV_BUFFER_TYPE_PADDING | GSS_IOV_BUFFER_FLAG_ALLOCATE;
    const OM_uint32 major = gss_wrap_iov(&minor, context_, 1, GSS_C_QOP_DEFAULT, &sealed, iov, 3);
    std::optional<SealedMessage> out;
    if (major == GSS_S_COMPLETE && sealed) {
      out = SealedMessage{std::string(static_cast<const char*>(iov[0].buffer.value), iov[0].buffer.length),
                          std::move(data)};
      out->data.append(static_cast<const char*>(iov[2].buffer.value), iov[2].buffer.length);
    }
    gss_release_iov_buffer(&minor, iov, 3);
    return out;
  }
  gss_buffer_desc in{plain.size(), const_cast<char*>(plain.data())};
  gss_buffer_desc out{0, nullptr};
  if (gss_wrap(&minor, context_, 1, GSS_C_QOP_DEFAULT, &in, &sealed, &out) != GSS_S_COMPLETE || !sealed ||
      out.length < kNtlmSignatureBytes) {
    gss_release_buffer(&minor, &out);
    return std::nullopt;
  }
  const std::string_view token(static_cast<const char*>(out.value), out.length);
  SealedMessage message{std::string(token.substr(0, kNtlmSignatureBytes)), std::string(token.substr(kNtlmSignatureBytes))};
  gss_release_buffer(&minor, &out);
  return message;
}

std::optional<std::string> NegotiateSession::unwrap(const SealedMessage& sealed) {
  if (!established_) return std::nullopt;
  OM_uint32 minor = 0;
  int confidential = 0;
  gss_qop_t qop = 0;
  if (kerberos_) {
    std::string header = sealed.signature;
    std::string data = sealed.data;
    gss_iov_buffer_desc iov[2] = {};
    iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
    iov[0].buffer = {header.size(), header.data()};
    iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
    iov[1].buffer = {data.size(), data.data()};
    if (gss_unwrap_iov(&minor, context_, &confidential, &qop, iov, 2) != GSS_S_COMPLETE || !confidential) {
      return std::nullopt;
    }
    return std::string(static_cast<const char*>(iov[1].buffer.value), iov[1].buffer.length);
  }
  const std::string token = sealed.signature + sealed.data;
  gss_buffer_desc in{token.size(), const_cast<char*>(token.data())};
  gss_buffer_desc out{0, nullptr};
  if (gss_unwrap(&minor, context_, &in, &out, &confidential, &qop) != GSS_S_COMPLETE || !confidential) {
    gss_release_buffer(&minor, &out);
    return std::nullopt;
  }
  std::string plain(static_cast<const char*>(out.value), out.length);
  gss_release_buffer(&minor, &out);
  return plain;
}

}  // namespace cimdouble::http
