#include "app/scenario/junit_report.h"

#include <cstdio>

#include "xml/xml.h"

namespace cimdouble::app {
namespace {

std::string seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", s);
  return text;
}

}  // namespace

std::string junitXml(const std::vector<ScenarioReport>& reports) {
  xml::XmlDoc doc(xmlNewDoc(BAD_CAST "1.0"));
  xmlNode* suites = xmlNewNode(nullptr, BAD_CAST "testsuites");
  xmlDocSetRootElement(doc.get(), suites);
  xml::setAttribute(suites, "name", "cimdouble scenarios");
  for (const ScenarioReport& report : reports) {
    xmlNode* suite = xml::addElement(suites, nullptr, "testsuite");
    std::size_t failures = report.setupError.empty() ? 0 : 1;
    std::size_t skipped = 0;
    for (const StepReport& step : report.steps) {
      failures += step.outcome == StepReport::Outcome::Failed;
      skipped += step.outcome == StepReport::Outcome::Skipped;
    }
    xml::setAttribute(suite, "name", report.name);
    xml::setAttribute(suite, "file", report.file);
    xml::setAttribute(suite, "tests", std::to_string(report.steps.size() + (report.setupError.empty() ? 0 : 1)));
    xml::setAttribute(suite, "failures", std::to_string(failures));
    xml::setAttribute(suite, "errors", "0");
    xml::setAttribute(suite, "skipped", std::to_string(skipped));
    xml::setAttribute(suite, "time", seconds(report.seconds));
    if (!report.setupError.empty()) {
      xmlNode* testcase = xml::addElement(suite, nullptr, "testcase");
      xml::setAttribute(testcase, "classname", report.name);
      xml::setAttribute(testcase, "name", "set-up");
      xmlNode* failure = xml::addText(testcase, nullptr, "failure", report.setupError);
      xml::setAttribute(failure, "message", "the scenario could not start");
    }
    for (const StepReport& step : report.steps) {
      xmlNode* testcase = xml::addElement(suite, nullptr, "testcase");
      xml::setAttribute(testcase, "classname", report.name);
      xml::setAttribute(testcase, "name", step.name);
      xml::setAttribute(testcase, "time", seconds(step.seconds));
      if (step.outcome == StepReport::Outcome::Failed) {
        xmlNode* failure = xml::addText(testcase, nullptr, "failure", step.detail);
        xml::setAttribute(failure, "message", step.detail);
      } else if (step.outcome == StepReport::Outcome::Skipped) {
        xml::setAttribute(xml::addElement(testcase, nullptr, "skipped"), "message", step.detail);
      }
    }
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml::serialize(doc.get()) + "\n";
}

}  // namespace cimdouble::app
