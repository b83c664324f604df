#include "app/scenario/junit_report.h"

#include <cstdio>

#include "wsman/xml.h"

namespace cimdouble::app {
namespace {

std::string seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", s);
  return text;
}

}  // namespace

std::string junitXml(const std::vector<ScenarioReport>& reports) {
  wsman::XmlDoc doc(xmlNewDoc(BAD_CAST "1.0"));
  xmlNode* suites = xmlNewNode(nullptr, BAD_CAST "testsuites");
  xmlDocSetRootElement(doc.get(), suites);
  wsman::setAttribute(suites, "name", "cimdouble scenarios");
  for (const ScenarioReport& report : reports) {
    xmlNode* suite = wsman::addElement(suites, nullptr, "testsuite");
    std::size_t failures = report.setupError.empty() ? 0 : 1;
    std::size_t skipped = 0;
    for (const StepReport& step : report.steps) {
      failures += step.outcome == StepReport::Outcome::Failed;
      skipped += step.outcome == StepReport::Outcome::Skipped;
    }
    wsman::setAttribute(suite, "name", report.name);
    wsman::setAttribute(suite, "file", report.file);
    wsman::setAttribute(suite, "tests", std::to_string(report.steps.size() + (report.setupError.empty() ? 0 : 1)));
    wsman::setAttribute(suite, "failures", std::to_string(failures));
    wsman::setAttribute(suite, "errors", "0");
    wsman::setAttribute(suite, "skipped", std::to_string(skipped));
    wsman::setAttribute(suite, "time", seconds(report.seconds));
    if (!report.setupError.empty()) {
      xmlNode* testcase = wsman::addElement(suite, nullptr, "testcase");
      wsman::setAttribute(testcase, "classname", report.name);
      wsman::setAttribute(testcase, "name", "set-up");
      xmlNode* failure = wsman::addText(testcase, nullptr, "failure", report.setupError);
      wsman::setAttribute(failure, "message", "the scenario could not start");
    }
    for (const StepReport& step : report.steps) {
      xmlNode* testcase = wsman::addElement(suite, nullptr, "testcase");
      wsman::setAttribute(testcase, "classname", report.name);
      wsman::setAttribute(testcase, "name", step.name);
      wsman::setAttribute(testcase, "time", seconds(step.seconds));
      if (step.outcome == StepReport::Outcome::Failed) {
        xmlNode* failure = wsman::addText(testcase, nullptr, "failure", step.detail);
        wsman::setAttribute(failure, "message", step.detail);
      } else if (step.outcome == StepReport::Outcome::Skipped) {
        wsman::setAttribute(wsman::addElement(testcase, nullptr, "skipped"), "message", step.detail);
      }
    }
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + wsman::serialize(doc.get()) + "\n";
}

}  // namespace cimdouble::app
