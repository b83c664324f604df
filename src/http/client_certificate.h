// Client certificate authentication over HTTPS, as WinRM's certificate mapping does it
// (winrm/config/service/certmapping): a certificate issued by the mapping's CA whose subject,
// or the UPN in its subjectAltName, is the mapping's authenticates as the mapping's account.
// The client says it wants this with `Authorization:
// http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/mutual` (DSP0226 §C.3.5).
#pragma once

#include <openssl/x509.h>

#include <string>
#include <string_view>
#include <vector>

namespace cimdouble::http {

inline constexpr std::string_view kMutualTlsProfile = "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/mutual";

struct CertificateMapping {
  std::string user;       // the account the certificate authenticates as
  std::string subject;    // its subject, as OpenSSL shows it in RFC 2253 form ("CN=alice,O=CI")
  std::string upn;        // or the UPN in its subjectAltName (otherName 1.3.6.1.4.1.311.20.2.3)
  std::string issuerPem;  // the CA certificate(s) that must have signed it (PEM)
};

// Who `certificate` is: the account of the first mapping it matches and whose CA verifies it
// (on the server's clock; an expired certificate matches none); "" with `why` set to a
// reason for the journal when none does.
std::string mappedUser(X509* certificate, const std::vector<CertificateMapping>& mappings, std::string& why);

// The parts a mapping is matched on, for messages: RFC 2253 subject, and the UPN ("" for none).
std::string subjectOf(X509* certificate);
std::string upnOf(X509* certificate);

}  // namespace cimdouble::http
