#include "control/journal.h"

#include <algorithm>
#include <iterator>

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

void cut(std::string& text) {
  if (text.size() <= kMaxEntryText) return;
  const std::size_t was = text.size();
  text.resize(kMaxEntryText);
  text += "... (" + std::to_string(was) + " bytes)";
}

void cut(std::map<std::string, std::string>& pairs) {
  while (pairs.size() > kMaxEntryPairs) pairs.erase(std::prev(pairs.end()));
  std::map<std::string, std::string> kept;
  for (auto& [name, value] : pairs) {
    std::string key = name;
    cut(key);
    cut(value);
    kept.emplace(std::move(key), std::move(value));
  }
  pairs = std::move(kept);
}

// Roughly what an entry holds on the heap; the byte bound only needs the order of magnitude.
std::size_t bytesOf(const JournalEntry& e) {
  std::size_t n = sizeof(JournalEntry) + e.user.size() + e.node.size() + e.action.size() + e.resourceUri.size() +
                  e.nameSpace.size() + e.className.size() + e.method.size() + e.filterDialect.size() + e.filter.size() +
                  e.fault.size();
  for (const auto* pairs : {&e.selectors, &e.parameters}) {
    for (const auto& [name, value] : *pairs) n += 64 + name.size() + value.size();
  }
  return n;
}

}  // namespace

void Journal::observe(const wsman::Exchange& exchange, const wsman::HttpReply&, double) {
  if (exchange.bodyless) return;
  JournalEntry entry;
  if (exchange.user.empty() && (exchange.httpStatus != 200 || !exchange.fault.empty())) {
    // Refused before authentication (401, or a fault): what was refused and why, not what
    // it carried.
    entry.micros = exchange.micros;
    entry.node = exchange.node;
    entry.action = exchange.action;
    entry.fault = exchange.fault;
    entry.httpStatus = exchange.httpStatus;
  } else {
    static_cast<wsman::Exchange&>(entry) = exchange;
  }
  record(std::move(entry));
}

void Journal::record(JournalEntry entry) {
  for (std::string* text : {&entry.user, &entry.action, &entry.resourceUri, &entry.nameSpace, &entry.className,
                            &entry.method, &entry.filterDialect, &entry.filter, &entry.fault}) {
    cut(*text);
  }
  cut(entry.selectors);
  cut(entry.parameters);
  const std::size_t bytes = bytesOf(entry);
  std::lock_guard lock(mutex_);
  if (!enabled_) return;
  entry.sequence = next_++;
  if (entries_.size() >= capacity_ || bytes_ + bytes > maxBytes_) {
    const std::size_t drop = std::min(entries_.size(), entries_.size() / 10 + 1);
    for (std::size_t i = 0; i < drop; ++i) bytes_ -= bytesOf(entries_[i]);
    entries_.erase(entries_.begin(), entries_.begin() + static_cast<long>(drop));
  }
  bytes_ += bytes;
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
  // The best `limit` so far, by (number of differences, position): entries are copied only
  // once they are known to be among them, not the whole journal.
  std::vector<std::pair<std::size_t, std::vector<std::string>>> best;
  for (std::size_t i = 0; i < entries_.size() && limit > 0; ++i) {
    auto diff = differences(query, entries_[i]);
    if (diff.empty()) continue;
    if (best.size() == limit && diff.size() >= best.back().second.size()) continue;
    auto at = std::upper_bound(best.begin(), best.end(), diff.size(),
                               [](std::size_t n, const auto& kept) { return n < kept.second.size(); });
    best.insert(at, {i, std::move(diff)});
    if (best.size() > limit) best.pop_back();
  }
  std::vector<NearMiss> misses;
  for (auto& [index, diff] : best) misses.push_back({entries_[index], std::move(diff)});
  return misses;
}

void Journal::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
  bytes_ = 0;
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
