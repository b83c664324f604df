#include "app/scenario/expectations.h"

#include <regex.h>

#include <cstdlib>

#include "cimom/case_insensitive.h"
#include "xml/xml.h"

namespace cimdouble::app {
namespace {

// POSIX extended regular expressions (libc's; GCC 12's std::regex trips -Werror under the
// sanitizers with false maybe-uninitialized warnings).
bool regexSearch(const std::string& pattern, const std::string& text) {
  regex_t compiled;
  if (const int error = regcomp(&compiled, pattern.c_str(), REG_EXTENDED | REG_NOSUB); error != 0) {
    char message[256];
    regerror(error, &compiled, message, sizeof message);
    fail("bad regular expression '" + pattern + "': " + message);
  }
  const bool found = regexec(&compiled, text.c_str(), 0, nullptr, 0) == 0;
  regfree(&compiled);
  return found;
}

}  // namespace

void fail(const std::string& message) { throw StepFailure(message); }

std::string joined(const std::vector<std::string>& values) {
  if (values.empty()) return "NULL";
  if (values.size() == 1) return "'" + values.front() + "'";
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", '" : "'") + values[i] + "'";
  return out + "]";
}

bool sameValue(const std::string& expected, const std::string& actual) {
  const std::string a = xml::trimWhitespace(actual);
  if (expected == a || (cimom::iequals(expected, a) && (cimom::iequals(a, "true") || cimom::iequals(a, "false")))) {
    return true;
  }
  char* endE = nullptr;
  char* endA = nullptr;
  const double e = std::strtod(expected.c_str(), &endE);
  const double v = std::strtod(a.c_str(), &endA);
  return !expected.empty() && !a.empty() && *endE == '\0' && *endA == '\0' && e == v;
}

bool matches(const YAML::Node& expected, const std::vector<std::string>& actual) {
  if (expected.IsNull()) return actual.empty();
  if (expected.IsScalar()) return actual.size() == 1 && sameValue(expected.Scalar(), actual.front());
  if (expected.IsSequence()) {
    if (expected.size() != actual.size()) return false;
    for (std::size_t i = 0; i < actual.size(); ++i) {
      if (!expected[i].IsScalar() || !sameValue(expected[i].Scalar(), actual[i])) return false;
    }
    return true;
  }
  if (expected.IsMap() && expected["matches"]) {
    if (actual.empty()) return false;
    for (const std::string& v : actual) {
      if (!regexSearch(expected["matches"].Scalar(), v)) return false;
    }
    return true;
  }
  if (expected.IsMap() && expected["contains"]) {
    for (const std::string& v : actual) {
      if (sameValue(expected["contains"].Scalar(), v)) return true;
    }
    return false;
  }
  if (expected.IsMap() && expected["count"]) {
    return std::to_string(actual.size()) == expected["count"].Scalar();
  }
  fail("an expected value is a value, a list, null, or {matches: REGEX} / {contains: VALUE} / {count: N}");
}

std::string describeExpected(const YAML::Node& expected) {
  YAML::Emitter out;
  out << YAML::Flow << expected;
  return out.c_str();
}

void checkItem(const WsmanItem& item, const YAML::Node& expected, const std::string& what, const Substitute& substitute) {
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    const std::string property = it->first.Scalar();
    std::vector<std::string> actual;
    auto values = item.values.find(property);
    if (values != item.values.end()) actual = values->second;
    auto reference = item.references.find(property);
    if (reference != item.references.end()) {
      for (const auto& [name, value] : reference->second.selectors) actual.push_back(name + "=" + value);
    }
    YAML::Node wanted = it->second;
    if (wanted.IsScalar()) wanted = YAML::Node(substitute(wanted.Scalar()));
    if (!matches(wanted, actual)) {
      fail((what.empty() ? "" : what + " ") + property + " is " + joined(actual) + ", expected " + describeExpected(wanted));
    }
  }
}

void checkOutcome(const WsmanOutcome& outcome, const YAML::Node& expect, const Substitute& substitute) {
  const std::string wantedFault = expect && expect["fault"] ? expect["fault"].Scalar() : "";
  if (!outcome.error.empty() && wantedFault != "dropped") fail(outcome.error);
  if (wantedFault == "dropped") {
    if (outcome.httpStatus != 0) fail("expected the connection to be dropped, got " + outcome.describe());
    return;
  }
  if (expect && expect["status"] && !sameValue(expect["status"].Scalar(), std::to_string(outcome.httpStatus))) {
    fail("HTTP status " + std::to_string(outcome.httpStatus) + ", expected " + expect["status"].Scalar() + " (" + outcome.describe() + ")");
  }
  if (wantedFault.empty() || wantedFault == "none") {
    if (!outcome.fault.empty()) fail("a fault came back: " + outcome.describe());
    if (!(expect && expect["status"]) && outcome.httpStatus != 200) fail("not answered: " + outcome.describe());
  } else if (!cimom::iequals(outcome.fault, wantedFault)) {
    fail("expected fault " + wantedFault + ", got " + (outcome.fault.empty() ? "success" : outcome.describe()));
  }
  if (!expect) return;
  for (auto it = expect.begin(); it != expect.end(); ++it) {
    const std::string key = it->first.Scalar();
    const YAML::Node wanted = it->second;
    if (key == "fault" || key == "status") continue;
    if (key == "reason") {
      if (outcome.faultReason.find(substitute(wanted.Scalar())) == std::string::npos) {
        fail("fault reason '" + outcome.faultReason + "' does not contain '" + wanted.Scalar() + "'");
      }
    } else if (key == "count") {
      if (!sameValue(wanted.Scalar(), std::to_string(outcome.items.size()))) {
        fail(std::to_string(outcome.items.size()) + " item(s), expected " + wanted.Scalar());
      }
    } else if (key == "retries") {
      if (!sameValue(wanted.Scalar(), std::to_string(outcome.retries))) {
        fail(std::to_string(outcome.retries) + " Pull retries, expected " + wanted.Scalar());
      }
    } else if (key == "each") {
      for (const WsmanItem& item : outcome.items) checkItem(item, wanted, "an item's", substitute);
    } else if (key == "some") {
      bool any = false;
      for (const WsmanItem& item : outcome.items) {
        try {
          checkItem(item, wanted, "", substitute);
          any = true;
        } catch (const StepFailure&) {
        }
      }
      if (!any) fail("no item has " + describeExpected(wanted));
    } else {
      if (outcome.items.empty()) fail("no instance or output came back to check " + key + " on");
      YAML::Node one;
      one[key] = wanted;
      checkItem(outcome.items.front(), one, "", substitute);
    }
  }
}

}  // namespace cimdouble::app
