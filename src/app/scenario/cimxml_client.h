// CIM-XML requests as SMI-S clients send them (DSP0200 1.4: POST /cimom with CIMOperation,
// CIMMethod, CIMObject; DSP0201 bodies), and their answers read back into the scenario's plain
// values (wsman_client.h's WsmanItem and WsmanOutcome, so `expect` and `save` work alike): what
// a scenario's `cimxml` step sends and checks. Keys and parameters travel as text, with the
// VALUETYPE their YAML form suggests, as wbemcli and pywbem send what they are given.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "app/scenario/wsman_client.h"
#include "http/http_client.h"

namespace cimdouble::app {

// What a request names: the class, and for an instance its keys (or the path a saved
// reference holds).
struct CimXmlTarget {
  std::string nameSpace;
  std::string className;
  std::vector<std::pair<std::string, std::string>> keys;
  std::shared_ptr<const cimom::ObjectPath> path;  // a saved reference: typed keys, references among them
};

// A parameter: text, a list of texts, NULL, or a reference.
struct CimXmlParameter {
  std::string name;
  enum class Kind { Value, Array, Null, Reference } kind = Kind::Value;
  std::vector<std::string> values;
  CimXmlTarget reference;
};

class CimXmlClient {
 public:
  explicit CimXmlClient(http::HttpClient& http) : http_(http) {}

  // Whether DSP0200 §5.3.2 names it: an intrinsic method (IMETHODCALL) rather than an extrinsic one.
  static bool isIntrinsic(const std::string& method);
  // An intrinsic method on the namespace: `target`'s class as ClassName and its keys (when it
  // has any) as InstanceName, then `parameters` as IPARAMVALUEs. Instances and paths answered
  // become items; a CIM error is the outcome's fault ("CIM_ERR_NOT_FOUND").
  WsmanOutcome intrinsic(const std::string& method, const CimXmlTarget& target,
                         const std::vector<CimXmlParameter>& parameters);
  // An extrinsic method on the instance (or the class, without keys): one item with
  // ReturnValue and the OUT parameters.
  WsmanOutcome extrinsic(const std::string& method, const CimXmlTarget& target,
                         const std::vector<CimXmlParameter>& parameters);

 private:
  WsmanOutcome send(const std::string& method, const std::string& object, const std::string& body);

  http::HttpClient& http_;
};

}  // namespace cimdouble::app
