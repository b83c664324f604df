// DSP0200 1.4's pull operations (§5.3.2.25-35): an Open* runs the query and answers its first
// MaxObjectCount results with an EnumerationContext; Pull* goes on from there until
// EndOfSequence; CloseEnumeration ends a context early, EnumerationCount says what is left.
#include <limits>

#include "cimom/case_insensitive.h"
#include "cimxml/operations.h"
#include "cimxml/parameters.h"
#include "xml/cim_xml.h"

namespace cimdouble::cimxml {
namespace {

using cimom::CimStatus;

uint32_t unsignedParameter(const Request& request, const char* name, uint32_t byDefault, bool required) {
  const std::string text = xml::trimWhitespace(valueText(request, name));
  if (text.empty()) {
    if (required) fail(CimStatus::InvalidParameter, std::string("the ") + name + " parameter is missing");
    return byDefault;
  }
  if (text.find_first_not_of("0123456789") != std::string::npos || text.size() > 10 ||
      std::stoull(text) > std::numeric_limits<uint32_t>::max()) {
    fail(CimStatus::InvalidParameter, std::string(name) + " is a uint32, not '" + text + "'");
  }
  return static_cast<uint32_t>(std::stoull(text));
}

// What every Open* takes besides its query: OperationTimeout, ContinueOnError, MaxObjectCount,
// and no filter (FilterQuery on an enumeration is optional in DSP0200, and not served).
struct OpenParameters {
  uint32_t timeout;
  uint32_t maxObjects;
};

// OpenQueryInstances' filter is its query (`queryIsTheFilter`); the other Open* take none.
OpenParameters openParameters(const Request& request, bool queryIsTheFilter) {
  if (!queryIsTheFilter && (!valueText(request, "FilterQuery").empty() || !valueText(request, "FilterQueryLanguage").empty())) {
    fail(CimStatus::FilteredEnumerationNotSupported, "filtered pull enumerations are not supported (use OpenQueryInstances)");
  }
  if (boolParameter(request, "ContinueOnError", false)) {
    fail(CimStatus::ContinuationOnErrorNotSupported, "ContinueOnError is not supported");
  }
  OpenParameters out{unsignedParameter(request, "OperationTimeout", 0, false), unsignedParameter(request, "MaxObjectCount", 0, false)};
  if (out.timeout > PullContexts::kMaxTimeoutSeconds) {
    fail(CimStatus::InvalidOperationTimeout, "OperationTimeout " + std::to_string(out.timeout) + " is over the server's " +
                                                 std::to_string(PullContexts::kMaxTimeoutSeconds) + " seconds");
  }
  return out;
}

void writePiece(const OperationContext& ctx, ResponseWriter& response, const PullContexts::Piece& piece, PullKind kind,
                const std::optional<std::vector<std::string>>& properties) {
  xmlNode* out = response.returnValue();
  const std::vector<std::string>* only = properties ? &*properties : nullptr;
  for (const PullItem& item : piece.items) {
    if (kind == PullKind::Paths) {
      xml::addInstancePath(out, item.path, ctx.host);
    } else if (kind == PullKind::Instances) {
      xml::addInstance(out, *item.instance, xml::ReferenceForm::Structured, only);
    } else {
      xmlNode* withPath = xml::addElement(out, nullptr, "VALUE.INSTANCEWITHPATH");
      xml::addInstancePath(withPath, item.path, ctx.host);
      xml::addInstance(withPath, *item.instance, xml::ReferenceForm::Structured, only);
    }
  }
  response.outParameter("EndOfSequence", "boolean", piece.endOfSequence ? "TRUE" : "FALSE");
  response.outParameter("EnumerationContext", "string", piece.context);
}

std::vector<PullItem> itemsOf(const OperationContext& ctx, const std::vector<cimom::InstancePtr>& found,
                              const std::string& view, bool keepInstances) {
  std::vector<PullItem> items;
  items.reserve(found.size());
  for (const cimom::InstancePtr& instance : found) {
    items.push_back(PullItem{pathOf(ctx, *instance, view), keepInstances ? instance : nullptr});
  }
  return items;
}

void open(const OperationContext& ctx, const Request& request, ResponseWriter& response, PullKind kind,
          std::vector<PullItem> items, bool queryIsTheFilter = false) {
  const OpenParameters parameters = openParameters(request, queryIsTheFilter);
  std::optional<PullContexts::Piece> piece = ctx.pulls.open(kind, std::move(items), parameters.maxObjects, parameters.timeout);
  if (!piece) {
    fail(CimStatus::ServerLimitsExceeded,
         "the server holds " + std::to_string(PullContexts::kMaxOpen) + " open enumeration contexts; close some first");
  }
  writePiece(ctx, response, *piece, kind, propertyList(request));
}

std::vector<cimom::InstancePtr> associated(const OperationContext& ctx, const Request& request, const std::string& view,
                                           bool associators) {
  const cimom::ObjectPath source = instanceNameParameter(request, view);
  const cimom::AssociationFilter filter = associationFilter(request, associators);
  return valueOr(associators ? ctx.query.associators(view, source, filter) : ctx.query.references(view, source, filter)).instances;
}

std::string contextParameter(const Request& request) {
  const std::string context = xml::trimWhitespace(valueText(request, "EnumerationContext"));
  if (context.empty()) fail(CimStatus::InvalidParameter, "the EnumerationContext parameter is missing");
  return context;
}

void pull(const OperationContext& ctx, const Request& request, ResponseWriter& response, PullKind kind) {
  const std::string context = contextParameter(request);
  const uint32_t count = unsignedParameter(request, "MaxObjectCount", 0, true);
  std::optional<PullContexts::Piece> piece = ctx.pulls.pull(context, kind, count);
  if (!piece) {
    fail(CimStatus::InvalidEnumerationContext,
         "the enumeration context " + context + " is not open for " + request.method + " (ended, closed, timed out, or opened by another operation)");
  }
  writePiece(ctx, response, *piece, kind, std::nullopt);
}

}  // namespace

bool runPullOperation(const OperationContext& ctx, const Request& request, ResponseWriter& response) {
  const std::string view = viewOf(ctx, request.nameSpace);
  const std::string& m = request.method;
  if (cimom::iequals(m, "OpenEnumerateInstances") || cimom::iequals(m, "OpenEnumerateInstancePaths")) {
    const bool paths = cimom::iequals(m, "OpenEnumerateInstancePaths");
    const cimom::ClassPtr cls = requireClass(ctx, view, classParameter(request, "ClassName", true));
    open(ctx, request, response, paths ? PullKind::Paths : PullKind::InstancesWithPath,
         itemsOf(ctx, valueOr(ctx.store.enumerate(view, cls->name)), view, !paths));
  } else if (cimom::iequals(m, "OpenAssociatorInstances") || cimom::iequals(m, "OpenAssociatorInstancePaths") ||
             cimom::iequals(m, "OpenReferenceInstances") || cimom::iequals(m, "OpenReferenceInstancePaths")) {
    requireNamespace(ctx, view);
    const bool associators = cimom::iequals(m.substr(0, 14), "OpenAssociator");
    const bool paths = m.size() > 5 && cimom::iequals(m.substr(m.size() - 5), "Paths");
    open(ctx, request, response, paths ? PullKind::Paths : PullKind::InstancesWithPath,
         itemsOf(ctx, associated(ctx, request, view, associators), view, !paths));
  } else if (cimom::iequals(m, "OpenQueryInstances")) {
    requireNamespace(ctx, view);
    requireQueryLanguage(request, "FilterQueryLanguage");
    if (boolParameter(request, "ReturnQueryResultClass", false)) {
      fail(CimStatus::NotSupported, "ReturnQueryResultClass is not supported");
    }
    const cimom::QueryResult result = valueOr(ctx.query.execute(view, valueText(request, "FilterQuery")));
    open(ctx, request, response, PullKind::Instances, itemsOf(ctx, result.instances, view, true), true);
  } else if (cimom::iequals(m, "PullInstancesWithPath")) {
    pull(ctx, request, response, PullKind::InstancesWithPath);
  } else if (cimom::iequals(m, "PullInstancePaths")) {
    pull(ctx, request, response, PullKind::Paths);
  } else if (cimom::iequals(m, "PullInstances")) {
    pull(ctx, request, response, PullKind::Instances);
  } else if (cimom::iequals(m, "CloseEnumeration")) {
    const std::string context = contextParameter(request);
    if (!ctx.pulls.close(context)) fail(CimStatus::InvalidEnumerationContext, "the enumeration context " + context + " is not open");
  } else if (cimom::iequals(m, "EnumerationCount")) {
    const std::string context = contextParameter(request);
    std::optional<std::size_t> left = ctx.pulls.remaining(context);
    if (!left) fail(CimStatus::InvalidEnumerationContext, "the enumeration context " + context + " is not open");
    xml::addText(response.returnValue(), nullptr, "VALUE", std::to_string(*left));
  } else {
    return false;
  }
  return true;
}

}  // namespace cimdouble::cimxml
