#include "http/client_certificate.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <strings.h>

#include <memory>

namespace cimdouble::http {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Store = std::unique_ptr<X509_STORE, Deleter<X509_STORE, X509_STORE_free>>;
using StoreContext = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX, X509_STORE_CTX_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

// Whether one of the CA certificates in `pem` issued `certificate` (a chain of one: WinRM maps
// certificates by their issuer).
bool issuedBy(X509* certificate, const std::string& pem) {
  Store store(X509_STORE_new());
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!store || !bio) return false;
  int added = 0;
  while (X509* ca = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    added += X509_STORE_add_cert(store.get(), ca);
    X509_free(ca);
  }
  if (added == 0) return false;
  StoreContext context(X509_STORE_CTX_new());
  if (!context || X509_STORE_CTX_init(context.get(), store.get(), certificate, nullptr) != 1) return false;
  // A client certificate: its purpose is client authentication where it says.
  X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_CLIENT);
  return X509_verify_cert(context.get()) == 1;
}

bool sameText(const std::string& a, const std::string& b) { return a.size() == b.size() && strcasecmp(a.c_str(), b.c_str()) == 0; }

}  // namespace

std::string subjectOf(X509* certificate) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253) < 0) return {};
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data ? data : "", length > 0 ? static_cast<std::size_t>(length) : 0);
}

std::string upnOf(X509* certificate) {
  std::string upn;
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
  if (!names) return upn;
  for (int i = 0; i < sk_GENERAL_NAME_num(names) && upn.empty(); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type != GEN_OTHERNAME || OBJ_obj2nid(name->d.otherName->type_id) != NID_ms_upn) continue;
    const ASN1_TYPE* value = name->d.otherName->value;
    if (value->type == V_ASN1_UTF8STRING) {
      upn.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value->value.utf8string)),
                 static_cast<std::size_t>(ASN1_STRING_length(value->value.utf8string)));
    }
  }
  GENERAL_NAMES_free(names);
  return upn;
}

std::string mappedUser(X509* certificate, const std::vector<CertificateMapping>& mappings, std::string& why) {
  const std::string subject = subjectOf(certificate);
  const std::string upn = upnOf(certificate);
  bool matched = false;
  for (const CertificateMapping& m : mappings) {
    const bool match = (!m.subject.empty() && sameText(m.subject, subject)) ||
                       (!m.upn.empty() && !upn.empty() && sameText(m.upn, upn));
    if (!match) continue;
    matched = true;
    if (issuedBy(certificate, m.issuerPem)) return m.user;
  }
  why = matched ? "the certificate of '" + subject + "' was not issued by its mapping's CA, or is not valid now"
                : "no certificate mapping names '" + subject + "'" + (upn.empty() ? "" : " or UPN '" + upn + "'");
  return {};
}

}  // namespace cimdouble::http
