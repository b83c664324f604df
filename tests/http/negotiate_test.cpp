// The Negotiate acceptor on tokens real clients send (gss-ntlmssp behind it).
#include <boost/test/unit_test.hpp>

#include "http/negotiate.h"

using namespace cimdouble::http;

namespace {

std::string hex(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) out += static_cast<char>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_negotiate_message_without_its_version_gets_a_challenge) {
  // npm's ntlm-client: 39 bytes, domain "CONTOSO", no Version (MS-NLMP 2.2.1.1 makes it optional).
  NegotiateSession session;
  const NegotiateSession::Step step =
      session.accept(hex("4e544c4d53535000010000000682080007000700200000000000000000000000434f4e544f534f"));
  BOOST_TEST(static_cast<int>(step.kind) == static_cast<int>(NegotiateSession::Step::Kind::Continue), step.reason);
  BOOST_TEST(step.token.substr(0, 9) == std::string("NTLMSSP\0\2", 9));
  BOOST_TEST(!session.established());
}

BOOST_AUTO_TEST_CASE(garbage_is_refused_with_a_reason_and_the_session_starts_over) {
  NegotiateSession session;
  const NegotiateSession::Step step = session.accept("\x60\x03\x06\x01\x00");
  BOOST_TEST(static_cast<int>(step.kind) == static_cast<int>(NegotiateSession::Step::Kind::Refused));
  BOOST_TEST(!step.reason.empty());
  BOOST_TEST(!step.wrongBinding);
  BOOST_TEST(!session.established());
  BOOST_TEST(session.user().empty());
}
