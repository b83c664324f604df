// What a scenario step expects, and how it is judged (fixtures/scenarios/README.md,
// "Expectations"): values compared as a tester means them, a WS-Man answer's status, fault
// and items checked against the step's `expect`. A check that fails throws StepFailure with
// what differed; the runner turns it into the step's report.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/scenario/wsman_client.h"

namespace cimdouble::app {

struct StepFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};
[[noreturn]] void fail(const std::string& message);

// Replaces the $var references in expected text by what earlier steps saved.
using Substitute = std::function<std::string(const std::string&)>;

// Text equality as a tester means it: numbers by value (4096 == "4096.0"), booleans in any case.
bool sameValue(const std::string& expected, const std::string& actual);
// Whether `actual` (a property's values; none for NULL) is what `expected` says: a value, a
// list, null, {matches: REGEX}, {contains: VALUE} or {count: N}.
bool matches(const YAML::Node& expected, const std::vector<std::string>& actual);

// Values and expectations as messages show them: 'a', ['a', 'b'], NULL; YAML flow style.
std::string joined(const std::vector<std::string>& values);
std::string describeExpected(const YAML::Node& expected);

// Each property of `expected` against an instance or method output (`what` starts the message).
void checkItem(const WsmanItem& item, const YAML::Node& expected, const std::string& what, const Substitute& substitute);
// A WS-Man answer against a step's `expect` (none: HTTP 200 without a fault).
void checkOutcome(const WsmanOutcome& outcome, const YAML::Node& expect, const Substitute& substitute);

}  // namespace cimdouble::app
