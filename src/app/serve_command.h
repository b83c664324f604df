// `cimdouble serve`: the WS-Man endpoint on the built-in default fixture (or --fixture).
// When ready it prints one line per listener, exactly (wsman: --url-prefix)
//   cimdouble: listening on http://HOST:PORT/wsman
//   cimdouble: listening on https://HOST:PORT/wsman
// and, with --node-listeners, one more per node after them:
//   cimdouble: node HV-NODE2 listening on http://HOST:PORT/wsman
// so harnesses can read the (possibly ephemeral) ports. SIGTERM and SIGINT stop it cleanly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cimdouble::app {

struct ServeOptions {
  std::string http = "127.0.0.1:5985";   // empty: no HTTP listener
  std::string https = "127.0.0.1:5986";  // empty: no HTTPS listener
  // CIM-XML (DSP0200) at /cimom on listeners of its own, as storage arrays serve it.
  std::string cimXmlHttp = "127.0.0.1:5988";   // empty: none
  std::string cimXmlHttps = "127.0.0.1:5989";  // empty: none
  std::string certFile;
  std::string keyFile;
  std::vector<std::string> users;  // NAME:PASSWORD
  std::string fixture;             // YAML/JSON (or MOF) fixture file; empty: the built-in default
  bool noUnauthenticatedIdentify = false;
  std::string cimErrorFaults = "mi";  // mi | always | never: who gets MSFT_WmiError fault details
  // WinRM service settings, NAME=VALUE (wsman/winrm_settings.h), over the start-up fixture's `winrm:`.
  std::vector<std::string> winrmSettings;
  double timeScale = 1.0;         // job time runs this many times faster than wall time
  std::optional<uint64_t> seed;   // repeatable job InstanceIDs and GUIDs
  std::string behaviorsFile;      // extra job behaviour rules (app/fixture/fixture_behaviors.h)
  bool isolateByUser = false;     // one sandbox (state, clock, journal, faults) per user
  int idleTimeoutSeconds = 30;    // a keep-alive connection idle this long is closed; also each read
  int requestTimeoutSeconds = 60; // a whole request must arrive within this (slow clients)
  std::size_t journalLimit = 10000;  // requests the journal keeps (the latest)
  // Where `POST fixture?path=` (and a posted fixture's `mof:`) may read; empty: the
  // directory of `fixture`, or nowhere with the built-in default (app/fixture/confined_files.h).
  std::vector<std::string> fixtureDirs;
  std::vector<std::string> allowOrigins;  // web origins the control plane answers (CORS); none by default
  // The schemes offered (WinRM's Auth settings), comma-separated; "": Negotiate and Basic, and
  // Kerberos with a keytab, Certificate with the fixture's certificate mappings.
  std::string auth;
  std::string keytab;              // Kerberos: the keytab of the nodes' HTTP/<node name> principals
  bool requireEncryption = false;  // WinRM's AllowUnencrypted=false
  // A listener of its own for each node of the start-up fixture, on the --http address from
  // this port on (consecutive; 0: each ephemeral); each printed as
  //   cimdouble: node HV-NODE2 listening on http://HOST:PORT/wsman
  std::optional<int> nodeListenersPort;
  // WinRM's URLPrefix: WS-Man is served at /PREFIX (and /PREFIX/); the ready lines name it.
  std::string urlPrefix = "wsman";
};

int runServe(const ServeOptions& options);

}  // namespace cimdouble::app
