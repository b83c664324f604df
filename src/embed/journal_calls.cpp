// cimdouble::Double's journal calls: straight to the sandbox's Journal, which takes selector
// and parameter matches that the control plane's GET journal has no query syntax for.
#include "cimom/datetime.h"
#include "control/journal.h"
#include "double_impl.h"

namespace cimdouble {
namespace {

control::JournalQuery internalQuery(const JournalQuery& query) {
  control::JournalQuery q;
  // The field names of the control plane's journal API (control/journal.h).
  const std::pair<const char*, const std::string*> fields[] = {
      {"user", &query.user},         {"action", &query.action}, {"resourceUri", &query.resourceUri},
      {"namespace", &query.nameSpace}, {"class", &query.className}, {"method", &query.method},
      {"filter", &query.filter},     {"fault", &query.fault}};
  for (const auto& [name, value] : fields) {
    if (!value->empty()) q.fields[name] = *value;
  }
  q.selectors = query.selectors;
  q.parameters = query.parameters;
  return q;
}

JournalEntry publicEntry(const control::JournalEntry& e) {
  JournalEntry out;
  out.sequence = e.sequence;
  out.time = cimom::DateTime::timestamp(e.micros).toXs();
  out.user = e.user;
  out.action = e.action;
  out.resourceUri = e.resourceUri;
  out.nameSpace = e.nameSpace;
  out.className = e.className;
  out.method = e.method;
  out.selectors = e.selectors;
  out.parameters = e.parameters;
  out.filterDialect = e.filterDialect;
  out.filter = e.filter;
  out.httpStatus = e.httpStatus;
  out.fault = e.fault;
  return out;
}

}  // namespace

std::vector<JournalEntry> Double::journal(const JournalQuery& query) const {
  std::vector<JournalEntry> entries;
  for (const control::JournalEntry& e : impl_->sandbox().journal().find(internalQuery(query))) {
    entries.push_back(publicEntry(e));
  }
  return entries;
}

JournalVerdict Double::verifyJournal(const JournalQuery& query) const {
  const control::Journal& journal = impl_->sandbox().journal();
  const control::JournalQuery q = internalQuery(query);
  JournalVerdict verdict;
  verdict.count = journal.find(q).size();
  if (verdict.count == 0) {
    for (const control::NearMiss& miss : journal.nearMisses(q)) {
      verdict.nearMisses.push_back({publicEntry(miss.entry), miss.differences});
    }
  }
  return verdict;
}

std::size_t Double::journalCount(const JournalQuery& query) const {
  return impl_->sandbox().journal().find(internalQuery(query)).size();
}

void Double::clearJournal() { impl_->sandbox().journal().clear(); }

}  // namespace cimdouble
