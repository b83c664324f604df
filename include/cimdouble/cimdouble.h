// cimdouble in-process: a WS-Management test double of a Hyper-V host, started inside a C++
// test the way pywbem_mock or moto's in-process mode are. A `Double` serves WS-Man on a
// loopback port (HTTP, Basic authentication) from a fixture, and steers the same things the
// control plane under /cimdouble/v1/ does (clock, reset, fixture, journal, faults; README.md
// sections 2-5) as C++ calls.
//
//   find_package(cimdouble REQUIRED)            # or add_subdirectory(path/to/cimdouble)
//   target_link_libraries(my_test PRIVATE cimdouble::cimdouble)
//
// Only standard types cross this header; the double's internals stay in the library.
// Every call may be made from any thread, while requests are being served.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cimdouble {

// What every call throws when the double refuses or cannot do it; what() is the server's own
// message (a fixture's problems one per line, as "file:line:col: message").
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Options {
  // The cluster to stage: a fixture file (YAML, JSON, or MOF instances), or a fixture's text
  // (YAML or JSON); both empty: the built-in default cluster (fixtures/default.yaml).
  std::string fixtureFile;
  std::string fixtureText;
  std::optional<std::uint64_t> seed;  // job InstanceIDs and GUIDs repeat run to run
  double timeScale = 1.0;             // job time runs this many times faster than real time
  bool paused = false;                // start with the clock paused: time moves only by advance()
  // Accepted with Basic authentication, besides the users the fixture declares.
  std::string user = "cimdouble";
  std::string password = "cimdouble";
  std::string host = "127.0.0.1";
  int port = 0;  // 0: an ephemeral port (see port())
};

// One WS-Man request as the double received it (the control plane's GET journal).
struct JournalEntry {
  std::uint64_t sequence = 0;  // 1, 2, ... in the order received
  std::string time;            // xs:dateTime on the double's clock
  std::string user;
  std::string action;  // the short name: Identify, Get, Put, Enumerate, Pull, Release, Invoke, ...
  std::string resourceUri;
  std::string nameSpace;
  std::string className;
  std::string method;  // Invoke only
  std::map<std::string, std::string> selectors;
  std::map<std::string, std::string> parameters;  // Invoke: IN parameters as sent (text)
  std::string filterDialect;
  std::string filter;
  int httpStatus = 0;  // 0: no answer was sent (a dropped connection, a lost answer)
  std::string fault;   // the fault subcode ("w:InvalidSelectors"); empty on success
};

// Which journal entries a call means: every non-empty field must equal the entry's
// (case-insensitively); selectors and parameters must be present with those values.
struct JournalQuery {
  std::string user;
  std::string action;
  std::string resourceUri;
  std::string nameSpace;
  std::string className;
  std::string method;
  std::string filter;
  std::string fault;
  std::map<std::string, std::string> selectors;
  std::map<std::string, std::string> parameters;
};

// An entry that came near a query, with what differed ("parameter DestinationHost: wanted
// 'HV-NODE3', was 'HV-NODE2'"): what a failing test should print.
struct NearMiss {
  JournalEntry entry;
  std::vector<std::string> differences;
};

struct JournalVerdict {
  std::size_t count = 0;             // entries that match
  std::vector<NearMiss> nearMisses;  // when none matched: the nearest few
};

// A fault rule (README.md section 5): which requests it matches, and exactly one effect.
struct FaultRule {
  // Match; empty fields match anything, compared case-insensitively.
  std::string action;  // Get, Put, Enumerate, Pull, Release, Invoke, Identify, ...
  std::string className;
  std::string method;
  std::map<std::string, std::string> selectors;
  std::uint64_t nth = 0;     // only the Nth matching request (1-based); 0: every one
  double probability = 1.0;  // of the matching requests, this share (seeded, repeatable)
  bool oneShot = false;      // removed once it has fired
  // Effect: set exactly one.
  std::string fault;  // a WS-Man fault by name: "w:TimedOut", "n:InvalidEnumerationContext", ...
  int httpStatus = 0;  // answer with this HTTP status (e.g. 503) instead
  std::optional<std::chrono::milliseconds> delay;     // answer late, by this much real time...
  std::optional<std::chrono::milliseconds> delayMax;  // ...or by a random time in [delay, delayMax]
  bool drop = false;        // close the connection before answering
  bool loseAnswer = false;  // perform the operation, then close without answering
};

// A rule as the double holds it, with its counters.
struct InstalledFault {
  std::uint64_t id = 0;
  FaultRule rule;
  std::uint64_t matched = 0;  // requests it matched
  std::uint64_t fired = 0;    // requests it changed
};

class Double {
 public:
  // Loads the fixture, then listens. Throws Error when the fixture has problems (every one in
  // the message) or the address cannot be bound. Ignores SIGPIPE process-wide if it was at its
  // default: a client closing a connection mid-answer must not kill the test.
  explicit Double(Options options = {});
  // Stops serving (as stop() does) and frees everything.
  ~Double();
  // A moved-from Double may only be destroyed or assigned to.
  Double(Double&&) noexcept;
  Double& operator=(Double&&) noexcept;
  Double(const Double&) = delete;
  Double& operator=(const Double&) = delete;

  // The WS-Man endpoint, "http://127.0.0.1:PORT/wsman", and its parts. The control plane
  // answers under "http://127.0.0.1:PORT/cimdouble/v1/" too, with the same credentials.
  std::string url() const;
  int port() const;
  const std::string& user() const;
  const std::string& password() const;

  // The clock jobs run on. advance() moves it forward (throws Error if negative) and jobs
  // catch up at once; setTime() takes an xs:dateTime ("2030-01-01T00:00:00Z") or a DMTF
  // timestamp (throws Error on anything else); pause() and resume() stop and restart it.
  void advance(std::chrono::microseconds by);
  void setTime(const std::string& dateTime);
  void pause();
  void resume();
  // The clock's time as xs:dateTime.
  std::string now() const;

  // Back to the loaded fixture: store, jobs, enumerations, journal and fault rules.
  void reset();
  // Loads a fixture's text (YAML or JSON): replacing (staged alone, and reset to) or merged
  // into the running state. Throws Error with every problem; with any, nothing changed.
  void loadFixture(const std::string& text, bool merge = false);

  // The journaled requests that match `query` (all of them by default), oldest first.
  std::vector<JournalEntry> journal(const JournalQuery& query = {}) const;
  // How many requests match, and when none does, the nearest ones with what differed.
  JournalVerdict verifyJournal(const JournalQuery& query) const;
  std::size_t journalCount(const JournalQuery& query) const;
  void clearJournal();

  // Adds a fault rule and returns its id. Throws Error (with the reason) on a rule that is
  // not one: no effect or two, an unknown fault name, a status outside 100..599, ...
  std::uint64_t addFault(const FaultRule& rule);
  // The same from the control plane's JSON form: {"action": "Pull", "fault": "w:TimedOut"}.
  std::uint64_t addFault(const std::string& json);
  std::vector<InstalledFault> faults() const;
  // Throws Error when there is no rule `id`.
  void removeFault(std::uint64_t id);
  void clearFaults();

  // Stops listening, closes every connection and waits for requests in progress. Idempotent.
  // The state stays: the journal, faults and clock calls still answer afterwards.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cimdouble
