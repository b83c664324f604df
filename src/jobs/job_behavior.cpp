#include "jobs/job_behavior.h"

#include <algorithm>
#include <cmath>

#include "cimom/case_insensitive.h"
#include "jobs/job_kind.h"

namespace cimdouble::jobs {

namespace {

// A kind's row of the catalogue as a behaviour; a name no row has gets JobBehavior's defaults.
JobBehavior defaultFor(const std::string& kindName) {
  JobBehavior b;
  const JobKind* kind = jobKindNamed(kindName);
  if (!kind) return b;
  b.durationMicros = kind->durationMicros;
  b.cancellable = kind->cancellable;
  b.error.message = kind->errorMessage;
  b.error.messageId = kind->errorMessageId;
  for (const auto& [state, text] : kind->statusTexts) b.statusText[state] = text;
  return b;
}

bool fieldMatches(const std::string& wanted, const std::string& actual) {
  return wanted.empty() || cimom::iequals(wanted, actual);
}

}  // namespace

BehaviorTable::BehaviorTable() {
  for (const JobKind& kind : jobKinds()) defaults_.emplace_back(kind.name, defaultFor(kind.name));
}

void BehaviorTable::setDefault(const std::string& kind, JobBehavior behavior) {
  for (auto& [k, b] : defaults_) {
    if (k == kind) {
      b = std::move(behavior);
      return;
    }
  }
  defaults_.emplace_back(kind, std::move(behavior));
}

void BehaviorTable::addRule(BehaviorRule rule) { rules_.push_back(std::move(rule)); }

JobBehavior BehaviorTable::select(const BehaviorMatch& job) const {
  for (auto it = rules_.rbegin(); it != rules_.rend(); ++it) {
    const BehaviorMatch& m = it->match;
    // A rule's VM may name the VM by ElementName or GUID; the job carries "name|guid".
    const bool vmMatches = m.vm.empty() || [&] {
      const std::size_t bar = job.vm.find('|');
      return cimom::iequals(m.vm, job.vm.substr(0, bar)) ||
             (bar != std::string::npos && cimom::iequals(m.vm, job.vm.substr(bar + 1)));
    }();
    if (fieldMatches(m.kind, job.kind) && vmMatches && fieldMatches(m.host, job.host) &&
        fieldMatches(m.collection, job.collection) && fieldMatches(m.method, job.method) &&
        fieldMatches(m.volume, job.volume)) {
      return it->behavior;
    }
  }
  for (const auto& [kind, behavior] : defaults_) {
    if (kind == job.kind) return behavior;
  }
  return defaultFor(job.kind);
}

namespace {

// The curve with its implied ends: (0, 0) before the first point, (1, 100) after the last.
std::vector<std::pair<double, double>> fullCurve(const std::vector<std::pair<double, double>>& points) {
  std::vector<std::pair<double, double>> curve;
  if (points.empty() || points.front().first > 0) curve.emplace_back(0.0, 0.0);
  curve.insert(curve.end(), points.begin(), points.end());
  if (curve.back().first < 1) curve.emplace_back(1.0, 100.0);
  return curve;
}

}  // namespace

double JobBehavior::percentAt(int64_t runMicros) const {
  if (durationMicros <= 0) return 100;
  const double fraction = static_cast<double>(runMicros) / static_cast<double>(durationMicros);
  if (fraction >= 1) return 100;
  if (progressCurve.empty()) return std::max(0.0, fraction * 100);
  const auto curve = fullCurve(progressCurve);
  for (std::size_t i = 1; i < curve.size(); ++i) {
    const auto& [x0, y0] = curve[i - 1];
    const auto& [x1, y1] = curve[i];
    if (fraction <= x1) return x1 > x0 ? y0 + (y1 - y0) * (fraction - x0) / (x1 - x0) : y1;
  }
  return 100;
}

int64_t JobBehavior::runMicrosAt(double percent) const {
  if (durationMicros <= 0 || percent <= 0) return 0;
  const double duration = static_cast<double>(durationMicros);
  if (progressCurve.empty()) return static_cast<int64_t>(std::ceil(std::min(percent, 100.0) / 100 * duration));
  const auto curve = fullCurve(progressCurve);
  for (std::size_t i = 1; i < curve.size(); ++i) {
    const auto& [x0, y0] = curve[i - 1];
    const auto& [x1, y1] = curve[i];
    if (percent <= y1 && y1 > y0) return static_cast<int64_t>(std::ceil((x0 + (x1 - x0) * (percent - y0) / (y1 - y0)) * duration));
  }
  return durationMicros;
}

}  // namespace cimdouble::jobs
