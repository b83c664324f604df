#include "http/tls_certificate.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace cimdouble::http {
namespace {

std::string fingerprint(X509* cert) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  X509_digest(cert, EVP_sha256(), digest, &length);
  std::string out;
  char hex[4];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(hex, sizeof hex, i ? ":%02X" : "%02X", digest[i]);
    out += hex;
  }
  return out;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string writePem(const std::string& workDir, const std::string& text) {
  const std::string path = workDir + "/cimdouble-server.pem";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
  return path;
}

}  // namespace

TlsCertificate loadCertificate(const std::string& certFile, const std::string& keyFile, const std::string& workDir) {
  const std::string cert = readFile(certFile);
  const std::string key = readFile(keyFile);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(cert.data(), static_cast<int>(cert.size())), BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> x509(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
  if (!x509) throw std::runtime_error(certFile + " holds no PEM certificate");
  return TlsCertificate{writePem(workDir, key + "\n" + cert), fingerprint(x509.get())};
}

TlsCertificate makeSelfSignedCertificate(const std::string& host, const std::string& workDir) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  if (!key) throw std::runtime_error("cannot generate a key");
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 60L * 60 * 24 * 365);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(host.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  const std::string san = "DNS:" + host + ",DNS:localhost,IP:127.0.0.1";
  if (X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, san.c_str())) {
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (!X509_sign(cert.get(), key.get(), EVP_sha256())) throw std::runtime_error("cannot sign the certificate");
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  PEM_write_bio_X509(bio.get(), cert.get());
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return TlsCertificate{writePem(workDir, std::string(data, static_cast<std::size_t>(length))), fingerprint(cert.get())};
}

std::string tlsServerEndPoint(X509* certificate) {
  int digestNid = NID_undef;
  if (!certificate || X509_get_signature_info(certificate, &digestNid, nullptr, nullptr, nullptr) != 1) return {};
  const EVP_MD* md = digestNid == NID_md5 || digestNid == NID_sha1 ? EVP_sha256() : EVP_get_digestbynid(digestNid);
  if (!md) return {};
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(certificate, md, digest, &length) != 1) return {};
  return "tls-server-end-point:" + std::string(reinterpret_cast<const char*>(digest), length);
}

}  // namespace cimdouble::http
