// Object paths: which instance (namespace + class + key bindings) a reference names.
//
// Text form, as WMI writes it (and as __PATH, ErrorSource and CIM-XML carry it):
//   [\\host\]root/HyperVCluster/v2:Msvm_MigrationJob.InstanceID="Microsoft:1234"
//   root/cimv2:CIM_Foo.A=5,B="x",C=TRUE
// Class names, key names and namespaces compare case-insensitively; so do string key values,
// as they do in WMI (a Get by InstanceID in other letter case finds the same instance).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cimom/result.h"
#include "cimom/value.h"

namespace cimdouble::cimom {

struct KeyBinding {
  std::string name;
  Value value;
};

class ObjectPath {
 public:
  ObjectPath() = default;
  ObjectPath(std::string nameSpace, std::string className, std::vector<KeyBinding> keys = {});

  // Parses the text form above. String values are in double or single quotes (WMI takes both)
  // and accept backslash escapes; TRUE/FALSE are booleans; unquoted numbers are sint64/uint64.
  static Result<ObjectPath> parse(std::string_view text);

  const std::string& nameSpace() const { return namespace_; }
  const std::string& className() const { return className_; }
  const std::vector<KeyBinding>& keys() const { return keys_; }
  const Value* key(std::string_view name) const;

  void setNameSpace(std::string nameSpace) { namespace_ = std::move(nameSpace); }
  void setKey(std::string name, Value value);

  // The text form (namespace omitted when empty; keys in the order given).
  std::string toString() const;
  // A form equal for exactly the paths that name the same instance: lower-case namespace and
  // class, keys sorted by name, string values folded. Used as the instance-store key.
  std::string canonical() const;
  // Just the key bindings of canonical(), ".a=1,b=\"x\"" ("" without keys): equal for paths
  // that name an instance by the same keys, whatever class or namespace they go through.
  std::string canonicalKeys() const;

  bool operator==(const ObjectPath& other) const { return canonical() == other.canonical(); }

 private:
  std::string namespace_;
  std::string className_;
  std::vector<KeyBinding> keys_;
};

// "root\HyperVCluster\v2", "/root/hypervcluster/v2/" and "ROOT/HyperVCluster/V2" all become
// "root/hypervcluster/v2": the form namespaces are compared in. A server part is dropped.
std::string canonicalNamespace(std::string_view nameSpace);

// A namespace as one server answers it, in WMI's form "\\HV-NODE1\root\virtualization\v2" (or
// "//HV-NODE1/root/virtualization/v2"): the server part picks that node's view of the instances
// (instance_store.h) and names the answering server (__SERVER); it is not part of the
// namespace's identity.
struct ServerNamespace {
  std::string_view server;     // "" when the namespace names none
  std::string_view nameSpace;  // the rest, as given
};
ServerNamespace splitServer(std::string_view nameSpace);
// "//server/nameSpace" (any server part `nameSpace` had replaced); `nameSpace` alone when
// `server` is empty.
std::string onServer(std::string_view server, std::string_view nameSpace);

}  // namespace cimdouble::cimom
