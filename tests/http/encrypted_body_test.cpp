// MS-WSMV 2.2.9.1 bodies: what is written reads back; what is malformed is refused with why.
#include <boost/test/unit_test.hpp>

#include "http/encrypted_body.h"

using namespace cimdouble::http;

namespace {

EncryptedBody message(std::string_view protocol, bool multi, std::vector<std::string> plains) {
  EncryptedBody body;
  body.protocol = std::string(protocol);
  body.multi = multi;
  body.originalType = "application/soap+xml;charset=UTF-8";
  for (std::string& plain : plains) {
    EncryptedChunk chunk;
    chunk.signature = std::string(16, 'S');
    chunk.originalLength = plain.size();
    chunk.sealed = std::move(plain);
    body.chunks.push_back(std::move(chunk));
  }
  return body;
}

std::optional<EncryptedBody> reread(const EncryptedBody& body, std::string& error) {
  return parseEncryptedBody(encryptedContentType(body.protocol, body.multi), encryptedBody(body), error);
}

}  // namespace

BOOST_AUTO_TEST_CASE(one_message_in_each_protocol_reads_back) {
  for (std::string_view protocol : {kSpnegoEncrypted, kKerberosEncrypted}) {
    std::string error;
    // Sealed bytes may hold anything, the boundary among them.
    const auto parsed = reread(message(protocol, false, {"--Encrypted Boundary\r\n\0bytes"}), error);
    BOOST_REQUIRE_MESSAGE(parsed, error);
    BOOST_TEST(parsed->protocol == protocol);
    BOOST_TEST(!parsed->multi);
    BOOST_REQUIRE_EQUAL(parsed->chunks.size(), 1u);
    BOOST_TEST(parsed->chunks[0].sealed == "--Encrypted Boundary\r\n\0bytes");
    BOOST_TEST(parsed->chunks[0].signature == std::string(16, 'S'));
    BOOST_TEST(parsed->originalType == "application/soap+xml;charset=UTF-8");
  }
}

BOOST_AUTO_TEST_CASE(chunks_of_a_multi_encrypted_message_read_back_in_order) {
  std::string error;
  const std::string first(kEncryptedChunkBytes, 'a');
  const auto parsed = reread(message(kSpnegoEncrypted, true, {first, "--Encrypted Boundary middle", "last"}), error);
  BOOST_REQUIRE_MESSAGE(parsed, error);
  BOOST_TEST(parsed->multi);
  BOOST_REQUIRE_EQUAL(parsed->chunks.size(), 3u);
  BOOST_TEST(parsed->chunks[0].sealed == first);
  BOOST_TEST(parsed->chunks[1].sealed == "--Encrypted Boundary middle");
  BOOST_TEST(parsed->chunks[2].sealed == "last");
}

BOOST_AUTO_TEST_CASE(kerberos_padding_is_taken) {
  EncryptedBody body = message(kKerberosEncrypted, false, {"plain"});
  body.chunks[0].sealed += '\x01';  // RC4's one byte of padding
  std::string error;
  BOOST_TEST(reread(body, error).has_value(), error);
}

BOOST_AUTO_TEST_CASE(malformed_bodies_are_refused_with_a_reason) {
  const EncryptedBody good = message(kSpnegoEncrypted, false, {"plain"});
  const std::string type = encryptedContentType(kSpnegoEncrypted, false);
  const std::string text = encryptedBody(good);
  std::string error;
  BOOST_TEST(!parseEncryptedBody("multipart/encrypted;protocol=\"application/HTTP-CredSSP-session-encrypted\";"
                                 "boundary=\"Encrypted Boundary\"", text, error));
  BOOST_TEST(error.find("protocol") != std::string::npos);
  BOOST_TEST(!parseEncryptedBody(type, text.substr(0, text.size() / 2), error));
  BOOST_TEST(error.find("closing boundary") != std::string::npos);
  EncryptedBody shorter = good;
  shorter.chunks[0].originalLength = 9;
  BOOST_TEST(!parseEncryptedBody(type, encryptedBody(shorter), error));
  BOOST_TEST(error.find("Length") != std::string::npos);
  // Two messages in a body that says it holds one.
  EncryptedBody two = message(kSpnegoEncrypted, true, {"one", "two"});
  BOOST_TEST(!parseEncryptedBody(type, encryptedBody(two), error));
  BOOST_TEST(!parseEncryptedBody(type, "", error));
}
