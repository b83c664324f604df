#include "control/fault_injection.h"

#include <algorithm>

#include "cimom/case_insensitive.h"
#include "control/match_names.h"

namespace cimdouble::control {
namespace {

bool fieldMatches(const std::string& wanted, const std::string& actual) {
  return wanted.empty() || cimom::iequals(wanted, actual);
}

}  // namespace

using wsman::Fault;
using wsman::FaultSpec;

std::optional<Fault> faultByName(const std::string& name) {
  static const std::pair<const char*, const char*> kPrefixAliases[] = {
      {"wsman", "w"}, {"wsen", "n"}, {"wsa", "a"}, {"wxf", "x"}, {"wsmb", "b"}};
  std::string prefix;
  std::string local = name;
  if (const std::size_t colon = name.find(':'); colon != std::string::npos) {
    prefix = name.substr(0, colon);
    local = name.substr(colon + 1);
    for (const auto& [alias, canonical] : kPrefixAliases) {
      if (cimom::iequals(prefix, alias)) prefix = canonical;
    }
  }
  std::optional<Fault> found;
  for (int i = 0; i <= static_cast<int>(Fault::PolymorphismModeNotSupported); ++i) {
    const Fault f = static_cast<Fault>(i);
    const FaultSpec& spec = faultSpec(f);
    const std::string subcode = spec.subcode ? spec.subcode : spec.code;
    if (!cimom::iequals(subcode, local)) continue;
    if (!prefix.empty() && !cimom::iequals(prefix, spec.subcodePrefix ? spec.subcodePrefix : "s")) continue;
    if (!found) found = f;  // the catalogue's first of a name is the plain one (e.g. w:TimedOut)
  }
  return found;
}

uint64_t FaultInjector::add(FaultRule rule) {
  std::lock_guard lock(mutex_);
  if (count_ >= kMaxFaultRules) return 0;
  rule.id = next_++;
  rule.matched = rule.fired = 0;
  std::vector<FaultRule>& rules = byAction_[cimom::toLowerAscii(rule.action)];
  rules.push_back(std::move(rule));
  ++count_;
  return rules.back().id;
}

bool FaultInjector::remove(uint64_t id) {
  std::lock_guard lock(mutex_);
  for (auto& [action, rules] : byAction_) {
    for (auto it = rules.begin(); it != rules.end(); ++it) {
      if (it->id == id) {
        rules.erase(it);
        --count_;
        return true;
      }
    }
  }
  return false;
}

void FaultInjector::clear() {
  std::lock_guard lock(mutex_);
  byAction_.clear();
  count_ = 0;
}

std::vector<FaultRule> FaultInjector::list() const {
  std::lock_guard lock(mutex_);
  std::vector<FaultRule> all;
  all.reserve(count_);
  for (const auto& [action, rules] : byAction_) all.insert(all.end(), rules.begin(), rules.end());
  std::sort(all.begin(), all.end(), [](const FaultRule& a, const FaultRule& b) { return a.id < b.id; });
  return all;
}

std::optional<wsman::Intervention> FaultInjector::intervene(const wsman::Exchange& request) {
  std::optional<FaultRule> rule = decide(request);
  if (!rule) return std::nullopt;
  using Kind = wsman::Intervention::Kind;
  wsman::Intervention out;
  switch (rule->effect) {
    case InjectedEffect::Delay:
      out.kind = Kind::Delay;
      out.delayMillis = delayOf(*rule);
      break;
    case InjectedEffect::HttpStatus:
      out.kind = Kind::HttpStatus;
      out.httpStatus = rule->httpStatus;
      break;
    case InjectedEffect::Fault:
      out.kind = Kind::Fault;
      out.fault = rule->fault;
      break;
    case InjectedEffect::DropConnection:
      out.kind = Kind::DropConnection;
      break;
    case InjectedEffect::LoseAnswer:
      out.kind = Kind::LoseAnswer;
      break;
    case InjectedEffect::CimError:  // never matches a WS-Man request (matches())
      return std::nullopt;
  }
  return out;
}

int64_t FaultInjector::delayOf(const FaultRule& rule) {
  std::uniform_int_distribution<int64_t> pick(rule.delayMinMillis, std::max(rule.delayMinMillis, rule.delayMaxMillis));
  std::lock_guard lock(mutex_);
  return pick(random_);
}

bool FaultInjector::matches(const FaultRule& rule, const wsman::Exchange& request) const {
  // Each protocol's own error: a WS-Man fault for WS-Man, a CIM error for CIM-XML.
  const bool cimXml = isCimXmlAction(request.action);
  if ((rule.effect == InjectedEffect::Fault && cimXml) || (rule.effect == InjectedEffect::CimError && !cimXml)) {
    return false;
  }
  if (!fieldMatches(rule.node, request.node) || !fieldMatches(rule.action, request.action) ||
      !fieldMatches(rule.className, request.className) || !fieldMatches(rule.method, request.method)) {
    return false;
  }
  for (const auto& [name, value] : rule.selectors) {
    bool found = false;
    for (const auto& [n, v] : request.selectors) found = found || (cimom::iequals(n, name) && v == value);
    if (!found) return false;
  }
  return true;
}

std::optional<FaultRule> FaultInjector::decide(const wsman::Exchange& request) {
  std::lock_guard lock(mutex_);
  if (count_ == 0) return std::nullopt;
  // The request's action's rules and the any-action rules, walked together in the order they
  // were added, so the first added that matches fires, as with one list.
  std::vector<FaultRule>* lists[2] = {nullptr, nullptr};
  if (auto it = byAction_.find(cimom::toLowerAscii(request.action)); it != byAction_.end() && !request.action.empty()) {
    lists[0] = &it->second;
  }
  if (auto it = byAction_.find(""); it != byAction_.end()) lists[1] = &it->second;
  std::size_t next[2] = {0, 0};
  while (true) {
    int pick = -1;
    for (int l = 0; l < 2; ++l) {
      if (!lists[l] || next[l] >= lists[l]->size()) continue;
      if (pick < 0 || (*lists[l])[next[l]].id < (*lists[pick])[next[pick]].id) pick = l;
    }
    if (pick < 0) return std::nullopt;
    std::vector<FaultRule>& rules = *lists[pick];
    const std::size_t at = next[pick]++;
    FaultRule& rule = rules[at];
    if (!matches(rule, request)) continue;
    ++rule.matched;
    if (rule.nth && rule.matched != rule.nth) continue;
    if (rule.probability < 1.0 && std::uniform_real_distribution<double>(0, 1)(random_) >= rule.probability) continue;
    ++rule.fired;
    FaultRule fired = rule;
    if (rule.oneShot) {
      rules.erase(rules.begin() + static_cast<std::ptrdiff_t>(at));
      --count_;
    }
    return fired;
  }
}

}  // namespace cimdouble::control
