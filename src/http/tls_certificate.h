// The server certificate for HTTPS: the one given on the command line, or a self-signed one
// made at start with OpenSSL. gSOAP wants key and certificate in one PEM file, so both cases
// end in such a file.
#pragma once

#include <openssl/x509.h>

#include <string>

namespace cimdouble::http {

struct TlsCertificate {
  std::string pemPath;            // key + certificate, for soap_ssl_server_context
  std::string sha256Fingerprint;  // "AB:CD:..." of the certificate
};

// From --cert FILE --key FILE. Throws std::runtime_error when they cannot be read.
TlsCertificate loadCertificate(const std::string& certFile, const std::string& keyFile, const std::string& workDir);
// A new self-signed certificate for `host` (CN and subjectAltName, plus 127.0.0.1 and localhost).
TlsCertificate makeSelfSignedCertificate(const std::string& host, const std::string& workDir);

// The channel binding of a server certificate (RFC 5929 §4, tls-server-end-point) as GSSAPI
// takes it: "tls-server-end-point:" and the hash of the certificate's DER, by the hash its
// signature uses (SHA-256 for MD5 or SHA-1). "" when its signature names no single hash
// (Ed25519): clients send no binding then.
std::string tlsServerEndPoint(X509* certificate);

}  // namespace cimdouble::http
