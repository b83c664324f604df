#include "cimom/instance_store.h"

#include <mutex>
#include <unordered_set>

#include "cimom/value_coercion.h"

namespace cimdouble::cimom {
namespace {

Result<ClassPtr> lookUpClass(const ClassRepository& repository, std::string_view nameSpace,
                             std::string_view className) {
  if (!repository.hasNamespace(nameSpace)) {
    return makeError(CimStatus::InvalidNamespace, "namespace '" + std::string(nameSpace) + "' does not exist");
  }
  ClassPtr cls = repository.findClass(nameSpace, className);
  if (!cls) {
    return makeError(CimStatus::InvalidClass, "class '" + std::string(className) + "' does not exist in namespace " +
                                                  repository.displayName(nameSpace));
  }
  return cls;
}

}  // namespace

std::string InstanceStore::bucketKey(std::string_view nameSpace, std::string_view className) const {
  const ClassRepository::InstanceScope scope = repository_.instanceScope(nameSpace);
  std::string key = scope.instancesOf + ":" + toLowerAscii(className);
  // Each server's own instances, apart (ClassRepository::setInstanceScope's keysPerServer).
  const std::string_view server = splitServer(nameSpace).server;
  if (!server.empty() && scope.keysPerServer) key = "//" + toLowerAscii(server) + "/" + key;
  return key;
}

std::string InstanceStore::storedCanonical(const ObjectPath& path) const {
  ObjectPath stored(repository_.instanceNamespace(path.nameSpace()), path.className(), path.keys());
  return stored.canonical();
}

InstanceStore::View InstanceStore::viewOf(std::string_view nameSpace) const {
  const ServerNamespace split = splitServer(nameSpace);
  if (split.server.empty() || !repository_.instanceScope(split.nameSpace).perServer) return {};
  return {std::string(split.server)};
}

bool InstanceStore::visible(const Instance& instance, const ClassDecl& cls, const View& view) const {
  if (view.server.empty()) return true;
  if (!instance.server().empty()) return iequals(instance.server(), view.server);
  if (!cls.isAssociation()) return true;
  for (const PropertyRef p : instance.properties()) {
    if (p.value.isNull() || p.value.isArray() || p.value.type() != CimType::Reference) continue;
    // An end the store does not hold (a dangling reference) hides nothing.
    const InstancePtr end = findLocked(p.value.asReference());
    if (end && !end->server().empty() && !iequals(end->server(), view.server)) return false;
  }
  return true;
}

const InstanceStore::ClassBucket* InstanceStore::bucket(const std::string& key) const {
  auto it = buckets_.find(key);
  return it == buckets_.end() ? nullptr : it->second.get();
}

template <typename Bucket>
auto InstanceStore::findEntry(Bucket& bucket, const std::string& canonical) {
  auto [first, last] = bucket.byPath.equal_range(std::hash<std::string>{}(canonical));
  for (auto it = first; it != last; ++it) {
    if (bucket.ordered[it->second]->path(*bucket.cls).canonical() == canonical) return it;
  }
  return bucket.byPath.end();
}

InstancePtr InstanceStore::findLocked(const ObjectPath& path) const {
  const ClassBucket* b = bucket(bucketKey(path.nameSpace(), path.className()));
  if (!b) return nullptr;
  auto it = findEntry(*b, storedCanonical(path));
  return it == b->byPath.end() ? nullptr : b->ordered[it->second];
}

InstanceStore::ClassBucket& InstanceStore::writableBucket(const std::string& key, const ClassPtr& cls) {
  std::shared_ptr<const ClassBucket>& shared = buckets_[key];
  // Only holders of a snapshot can share the bucket, and they cannot take a new reference
  // while the exclusive lock is held: a count of one means the store alone has it.
  if (!shared) shared = std::make_shared<ClassBucket>(ClassBucket{cls, {}, 0, {}});
  else if (shared.use_count() > 1) shared = std::make_shared<ClassBucket>(*shared);
  // Every bucket was made non-const by make_shared<ClassBucket> above, so this is its owner
  // writing to it, not a write through a const object.
  return const_cast<ClassBucket&>(*shared);
}

void InstanceStore::append(ClassBucket& bucket, const std::string& canonical, InstancePtr instance) {
  bucket.byPath.emplace(std::hash<std::string>{}(canonical), bucket.ordered.size());
  bucket.ordered.push_back(std::move(instance));
  ++size_;
}

void InstanceStore::compact(ClassBucket& bucket) {
  std::vector<std::size_t> moved(bucket.ordered.size());
  std::size_t kept = 0;
  for (std::size_t i = 0; i < bucket.ordered.size(); ++i) {
    if (!bucket.ordered[i]) continue;
    moved[i] = kept;
    bucket.ordered[kept++] = std::move(bucket.ordered[i]);
  }
  bucket.ordered.resize(kept);
  for (auto& [hash, position] : bucket.byPath) position = moved[position];
  bucket.removed = 0;
}

std::shared_ptr<const InstanceShape> InstanceStore::shapeOf(const ClassDecl& cls, std::string_view nameSpace) const {
  auto names = cls.propertyNames();
  std::lock_guard lock(shapesMutex_);
  std::shared_ptr<const InstanceShape>& shape = shapes_[bucketKey(nameSpace, cls.name)];
  // A class the repository declared anew has a new name list: its instances get a new shape.
  if (!shape || shape->names != names || shape->className != cls.name) {
    // Named by the namespace that keeps the instances: one shape for both views of them.
    const std::string display = repository_.displayName(repository_.instanceNamespace(nameSpace));
    shape = std::make_shared<const InstanceShape>(InstanceShape{cls.name, display, names});
  }
  return shape;
}

Result<Instance> InstanceStore::complete(const ClassDecl& cls, std::string_view nameSpace,
                                         const Instance& instance) const {
  for (const auto& given : instance.properties()) {
    if (!cls.property(given.name)) {
      return makeError(CimStatus::NoSuchProperty,
                       "class " + cls.name + " has no property '" + given.name + "'");
    }
  }
  Instance out(shapeOf(cls, nameSpace));
  out.setServer(instance.server());
  for (std::size_t index = 0; index < cls.properties.size(); ++index) {
    const PropertyDecl& decl = cls.properties[index];
    const Value* given = instance.get(decl.name);
    const std::string what = cls.name + "." + decl.name;
    Value value;
    if (given) {
      auto coerced = coerceValue(*given, decl.type, what);
      if (!coerced) return coerced.error();
      value = std::move(coerced).value();
    } else {
      value = decl.defaultValue.isNull() ? Value::null(decl.type.type, decl.type.array) : decl.defaultValue;
    }
    if (value.isNull() && decl.isKey()) {
      return makeError(CimStatus::InvalidParameter, "key property " + what + " must not be NULL");
    }
    if (value.isNull() && decl.isRequired()) {
      return makeError(CimStatus::InvalidParameter, "required property " + what + " must not be NULL");
    }
    if (!value.isNull() && value.type() == CimType::Instance) {
      auto embeddedClass = decl.embeddedInstanceClass();
      std::string wrongClass;
      value.forEachElement([&](const Scalar& s) {
        const auto& embedded = std::get<InstancePtr>(s);
        if (embedded && embeddedClass && wrongClass.empty() &&
            !repository_.isA(nameSpace, embedded->className(), *embeddedClass)) {
          wrongClass = embedded->className();
        }
      });
      if (!wrongClass.empty()) {
        return makeError(CimStatus::TypeMismatch,
                         what + " takes an embedded " + *embeddedClass + ", not an instance of " + wrongClass);
      }
    }
    out.setAt(index, std::move(value));
  }
  return out;
}

Result<ObjectPath> InstanceStore::write(std::string_view asked, const Instance& instance, WriteMode mode) {
  // An instance of a server's own (keys per server) is written on that server's side.
  std::string named;
  if (splitServer(asked).server.empty() && !instance.server().empty() && repository_.instanceScope(asked).keysPerServer) {
    named = onServer(instance.server(), asked);
    asked = named;
  }
  const std::string_view nameSpace = asked;
  auto cls = lookUpClass(repository_, nameSpace, instance.className());
  if (!cls) return cls.error();
  if ((*cls)->isAbstract()) {
    return makeError(CimStatus::InvalidClass, "class " + (*cls)->name + " is abstract and cannot have instances");
  }
  if ((*cls)->keyProperties().empty()) {
    return makeError(CimStatus::InvalidClass, "class " + (*cls)->name + " has no key properties");
  }
  auto completed = complete(**cls, nameSpace, instance);
  if (!completed) return completed.error();
  ObjectPath path = completed->path(**cls);
  path.setNameSpace(onServer(splitServer(nameSpace).server, repository_.displayName(nameSpace)));
  std::string canonical = storedCanonical(path);
  const View view = viewOf(nameSpace);

  std::unique_lock lock(mutex_);
  ClassBucket& b = writableBucket(bucketKey(nameSpace, (*cls)->name), *cls);
  auto existing = findEntry(b, canonical);
  if (existing != b.byPath.end()) {
    const Instance& old = *b.ordered[existing->second];
    if (mode == WriteMode::Create || (mode == WriteMode::Put && !visible(old, **cls, view))) {
      return makeError(CimStatus::AlreadyExists, "an instance " + path.toString() + " already exists");
    }
    if (!visible(old, **cls, view)) return makeError(CimStatus::NotFound, "no instance " + path.toString());
    if (completed->server().empty()) completed->setServer(old.server());
    b.ordered[existing->second] = std::make_shared<const Instance>(std::move(completed).value());
    return path;
  }
  if (mode == WriteMode::Modify) return makeError(CimStatus::NotFound, "no instance " + path.toString());
  // Associations belong to no server: their ends decide where they show (visible()).
  if (completed->server().empty() && !(*cls)->isAssociation()) completed->setServer(std::string(splitServer(nameSpace).server));
  append(b, canonical, std::make_shared<const Instance>(std::move(completed).value()));
  return path;
}

Result<ObjectPath> InstanceStore::create(std::string_view nameSpace, const Instance& instance) {
  return write(nameSpace, instance, WriteMode::Create);
}

Result<ObjectPath> InstanceStore::modify(std::string_view nameSpace, const Instance& instance) {
  return write(nameSpace, instance, WriteMode::Modify);
}

Result<ObjectPath> InstanceStore::put(std::string_view nameSpace, const Instance& instance) {
  return write(nameSpace, instance, WriteMode::Put);
}

Result<ObjectPath> InstanceStore::normalizePath(const ObjectPath& path) const {
  auto cls = lookUpClass(repository_, path.nameSpace(), path.className());
  if (!cls) return cls.error();
  std::vector<KeyBinding> typed;
  for (const KeyBinding& k : path.keys()) {
    const PropertyDecl* decl = (*cls)->property(k.name);
    if (!decl || !decl->isKey()) {
      return makeError(CimStatus::InvalidParameter, "'" + k.name + "' is not a key of class " + (*cls)->name);
    }
  }
  for (const PropertyDecl* key : (*cls)->keyProperties()) {
    const Value* given = path.key(key->name);
    if (!given || given->isNull()) {
      return makeError(CimStatus::InvalidParameter, "key '" + key->name + "' of class " + (*cls)->name + " is missing");
    }
    auto coerced = coerceValue(*given, key->type, (*cls)->name + "." + key->name);
    if (!coerced) return makeError(CimStatus::InvalidParameter, coerced.error().message);
    typed.push_back({key->name, std::move(coerced).value()});
  }
  return ObjectPath(path.nameSpace(), (*cls)->name, std::move(typed));
}

Result<InstancePtr> InstanceStore::get(const ObjectPath& path) const {
  auto normalized = normalizePath(path);
  if (!normalized) return normalized.error();
  std::vector<std::string> classNames{normalized->className()};
  for (const ClassPtr& sub : repository_.subclasses(path.nameSpace(), normalized->className(), true)) {
    classNames.push_back(sub->name);
  }
  const View view = viewOf(path.nameSpace());
  std::shared_lock lock(mutex_);
  for (const std::string& className : classNames) {
    const ClassBucket* b = bucket(bucketKey(path.nameSpace(), className));
    if (!b) continue;
    ObjectPath candidate(normalized->nameSpace(), className, normalized->keys());
    auto it = findEntry(*b, storedCanonical(candidate));
    if (it != b->byPath.end() && visible(*b->ordered[it->second], *b->cls, view)) return b->ordered[it->second];
  }
  return makeError(CimStatus::NotFound, "no instance " + normalized->toString());
}

Status InstanceStore::remove(const ObjectPath& path) {
  auto found = get(path);
  if (!found) return found.error();
  auto cls = repository_.findClass(path.nameSpace(), (*found)->className());
  const std::string canonical = (*found)->path(*cls).canonical();
  std::unique_lock lock(mutex_);
  const std::string key = bucketKey(path.nameSpace(), (*found)->className());
  const ClassBucket* existing = bucket(key);
  if (!existing || findEntry(*existing, canonical) == existing->byPath.end()) {
    return makeError(CimStatus::NotFound, "no instance " + path.toString());
  }
  ClassBucket& b = writableBucket(key, cls);
  auto it = findEntry(b, canonical);
  b.ordered[it->second] = nullptr;
  b.byPath.erase(it);
  if (++b.removed > 64 && b.removed * 2 > b.ordered.size()) compact(b);
  --size_;
  return okStatus();
}

Result<std::vector<InstancePtr>> InstanceStore::enumerate(std::string_view nameSpace, std::string_view className,
                                                          bool deep) const {
  auto cls = lookUpClass(repository_, nameSpace, className);
  if (!cls) return cls.error();
  std::vector<std::string> classNames{(*cls)->name};
  if (deep) {
    for (const ClassPtr& sub : repository_.subclasses(nameSpace, (*cls)->name, true)) classNames.push_back(sub->name);
  }
  std::vector<InstancePtr> out;
  const View view = viewOf(nameSpace);
  std::shared_lock lock(mutex_);
  for (const std::string& name : classNames) {
    const ClassBucket* b = bucket(bucketKey(nameSpace, name));
    if (!b) continue;
    for (const InstancePtr& instance : b->ordered) {
      if (instance && visible(*instance, *b->cls, view)) out.push_back(instance);
    }
  }
  return out;
}

std::size_t InstanceStore::size() const {
  std::shared_lock lock(mutex_);
  return size_;
}

std::shared_ptr<const InstanceStore::Snapshot> InstanceStore::snapshot() const {
  std::shared_lock lock(mutex_);
  return std::make_shared<const Snapshot>(Snapshot{buckets_, size_});
}

void InstanceStore::restore(const Snapshot& snapshot) {
  std::unique_lock lock(mutex_);
  buckets_ = snapshot.buckets;
  size_ = snapshot.size;
}

Status InstanceStore::addCreatedSince(const Snapshot& before, const Snapshot& after) {
  struct Created {
    const std::string* bucketKey;
    const ClassPtr* cls;
    InstancePtr instance;
    std::string canonical;
  };
  // Told apart by identity, not by comparing values: the store that made `after` shared every
  // instance of `before` and copied only the buckets it added to.
  std::vector<Created> created;
  for (const auto& [key, bucket] : after.buckets) {
    auto old = before.buckets.find(key);
    if (old != before.buckets.end() && old->second == bucket) continue;
    std::unordered_set<const Instance*> known;
    if (old != before.buckets.end()) {
      for (const InstancePtr& i : old->second->ordered) known.insert(i.get());
    }
    for (const InstancePtr& i : bucket->ordered) {
      if (i && !known.contains(i.get())) created.push_back({&key, &bucket->cls, i, i->path(*bucket->cls).canonical()});
    }
  }
  std::unique_lock lock(mutex_);
  for (const Created& c : created) {
    const ClassBucket* existing = bucket(*c.bucketKey);
    if (existing && findEntry(*existing, c.canonical) != existing->byPath.end()) {
      ObjectPath path = c.instance->path(**c.cls);
      path.setNameSpace(c.instance->nameSpace());
      return makeError(CimStatus::AlreadyExists, "an instance " + path.toString() + " already exists");
    }
  }
  for (Created& c : created) {
    append(writableBucket(*c.bucketKey, *c.cls), c.canonical, std::move(c.instance));
  }
  return okStatus();
}

void InstanceStore::clear() {
  std::unique_lock lock(mutex_);
  buckets_.clear();
  size_ = 0;
}

}  // namespace cimdouble::cimom
