#include "control/journal.h"

#include <algorithm>

#include "cimom/case_insensitive.h"

namespace cimdouble::control {
namespace {

std::string field(const JournalEntry& e, const std::string& name) {
  if (name == "user") return e.user;
  if (name == "node") return e.node;
  if (name == "action") return e.action;
  if (name == "resourceUri") return e.resourceUri;
  if (name == "namespace") return e.nameSpace;
  if (name == "class") return e.className;
  if (name == "method") return e.method;
  if (name == "filter") return e.filter;
  if (name == "fault") return e.fault;
  return "\x01unknown field";
}

bool sameNamespace(const std::string& a, const std::string& b) {
  auto fold = [](std::string s) {
    for (char& c : s) c = c == '\\' ? '/' : cimom::asciiLower(c);
    return s;
  };
  return fold(a) == fold(b);
}

}  // namespace

void Journal::observe(const wsman::Exchange& exchange, const wsman::HttpReply&, double) {
  if (exchange.bodyless) return;
  JournalEntry entry;
  static_cast<wsman::Exchange&>(entry) = exchange;
  record(std::move(entry));
}

void Journal::record(JournalEntry entry) {
  std::lock_guard lock(mutex_);
  if (!enabled_) return;
  entry.sequence = next_++;
  if (entries_.size() >= capacity_) entries_.erase(entries_.begin(), entries_.begin() + static_cast<long>(capacity_ / 10 + 1));
  entries_.push_back(std::move(entry));
}

std::vector<std::string> Journal::differences(const JournalQuery& query, const JournalEntry& entry) {
  std::vector<std::string> out;
  for (const auto& [name, wanted] : query.fields) {
    const std::string actual = field(entry, name);
    const bool equal = name == "namespace" ? sameNamespace(wanted, actual) : cimom::iequals(wanted, actual);
    if (!equal) out.push_back(name + ": wanted '" + wanted + "', was '" + actual + "'");
  }
  auto compareMap = [&](const char* what, const std::map<std::string, std::string>& wanted,
                        const std::map<std::string, std::string>& actual) {
    for (const auto& [name, value] : wanted) {
      const std::string& key = name;  // (clang 14 cannot capture a structured binding)
      auto it = std::find_if(actual.begin(), actual.end(), [&](const auto& kv) { return cimom::iequals(kv.first, key); });
      if (it == actual.end()) out.push_back(std::string(what) + " " + name + ": wanted '" + value + "', was absent");
      else if (it->second != value) out.push_back(std::string(what) + " " + name + ": wanted '" + value + "', was '" + it->second + "'");
    }
  };
  compareMap("selector", query.selectors, entry.selectors);
  compareMap("parameter", query.parameters, entry.parameters);
  return out;
}

std::vector<JournalEntry> Journal::find(const JournalQuery& query) const {
  std::lock_guard lock(mutex_);
  std::vector<JournalEntry> out;
  for (const JournalEntry& e : entries_) {
    if (differences(query, e).empty()) out.push_back(e);
  }
  return out;
}

std::vector<NearMiss> Journal::nearMisses(const JournalQuery& query, std::size_t limit) const {
  std::lock_guard lock(mutex_);
  std::vector<NearMiss> misses;
  for (const JournalEntry& e : entries_) {
    auto diff = differences(query, e);
    if (!diff.empty()) misses.push_back({e, std::move(diff)});
  }
  std::stable_sort(misses.begin(), misses.end(),
                   [](const NearMiss& a, const NearMiss& b) { return a.differences.size() < b.differences.size(); });
  if (misses.size() > limit) misses.resize(limit);
  return misses;
}

void Journal::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

void Journal::setEnabled(bool enabled) {
  std::lock_guard lock(mutex_);
  enabled_ = enabled;
}

bool Journal::enabled() const {
  std::lock_guard lock(mutex_);
  return enabled_;
}

std::size_t Journal::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace cimdouble::control
