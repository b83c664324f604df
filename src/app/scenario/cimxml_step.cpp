// The `cimxml` step (fixtures/scenarios/README.md): one CIM-XML request to the server's /cimom
// listener, an intrinsic method on a class or instance or an extrinsic method call, judged and
// saved like a WS-Man step; with `until`, a GetInstance repeated (the clock moving by `every`
// between tries) until the instance shows the values wanted.
#include "app/scenario/scenario_runner.h"

namespace cimdouble::app {
namespace {

std::vector<std::string> texts(const YAML::Node& value) {
  std::vector<std::string> out;
  for (const YAML::Node& v : value) out.push_back(v.Scalar());
  return out;
}

}  // namespace

CimXmlTarget ScenarioRunner::cimXmlTarget(const YAML::Node& body) {
  CimXmlTarget named;
  named.nameSpace = body["namespace"] ? body["namespace"].Scalar() : scenario_.nameSpace;
  if (body["epr"]) {
    const Epr epr = target(body);  // a saved reference
    named.className = epr.resourceUri;
    named.path = epr.path;
    if (!epr.path) named.keys = epr.selectors;
    return named;
  }
  if (body["class"]) named.className = body["class"].Scalar();
  if (const YAML::Node keys = body["keys"]) {
    if (!keys.IsMap()) fail("'keys' maps key names to values");
    for (auto it = keys.begin(); it != keys.end(); ++it) named.keys.emplace_back(it->first.Scalar(), substitute(it->second.Scalar()));
  }
  return named;
}

CimXmlParameter ScenarioRunner::cimXmlParameter(const std::string& name, const YAML::Node& value,
                                                const std::string& nameSpace) {
  CimXmlParameter p;
  p.name = name;
  if (value.IsNull()) {
    p.kind = CimXmlParameter::Kind::Null;
  } else if (value.IsScalar()) {
    p.values = {substitute(value.Scalar())};
  } else if (value.IsSequence()) {
    p.kind = CimXmlParameter::Kind::Array;
    for (const std::string& v : texts(value)) p.values.push_back(substitute(v));
  } else if (value["epr"] || value["ref"]) {
    p.kind = CimXmlParameter::Kind::Reference;
    YAML::Node spec = value["epr"] ? value : value["ref"];
    if (!spec["namespace"]) {
      spec = YAML::Clone(spec);
      spec["namespace"] = nameSpace;
    }
    p.reference = cimXmlTarget(spec);
  } else {
    fail("parameter " + name + ": a value, a list, null, {epr: $var} or {ref: {class, keys}}");
  }
  return p;
}

std::string ScenarioRunner::cimxmlStep(const YAML::Node& body, const YAML::Node& step) {
  if (!cimXmlHttp_) fail("this server has no CIM-XML listener");
  if (!body["method"]) fail("cimxml needs 'method' (GetInstance, EnumerateInstances, CreateGroupReplica, ...)");
  const std::string method = body["method"].Scalar();
  const CimXmlTarget object = cimXmlTarget(body);
  std::vector<CimXmlParameter> parameters;
  if (const YAML::Node given = body["parameters"]) {
    if (!given.IsMap()) fail("'parameters' maps parameter names to values");
    for (auto it = given.begin(); it != given.end(); ++it) {
      parameters.push_back(cimXmlParameter(it->first.Scalar(), it->second, object.nameSpace));
    }
  }
  CimXmlClient client(*cimXmlHttp_);
  const bool intrinsic = CimXmlClient::isIntrinsic(method);
  auto once = [&] { return intrinsic ? client.intrinsic(method, object, parameters) : client.extrinsic(method, object, parameters); };
  if (!body["until"]) {
    const WsmanOutcome outcome = once();
    std::string detail = answered(outcome, step);
    if (!intrinsic && !outcome.items.empty()) {
      auto rv = outcome.items.front().values.find("ReturnValue");
      if (rv != outcome.items.front().values.end() && !rv->second.empty()) detail += ", ReturnValue " + rv->second.front();
    } else if (intrinsic) {
      detail += ", " + std::to_string(outcome.items.size()) + " item(s)";
    }
    return detail;
  }
  WsmanOutcome reached;
  std::string detail = pollUntil(body, once, reached);
  return answered(reached, step) + ", " + detail;
}

}  // namespace cimdouble::app
