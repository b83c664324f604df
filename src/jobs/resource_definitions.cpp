#include "jobs/resource_definitions.h"

namespace cimdouble::jobs {
namespace {

using cimom::CimType;
using cimom::Value;

// One kind of resource. The GUIDs name the kinds (cimdouble's own: Microsoft documents the
// form, not the values).
struct Kind {
  const char* guid;
  const char* className;
  uint16_t resourceType;
  const char* subType;
  const char* caption;
  // VirtualQuantity of Minimum, Maximum, Default and Increment; all zero: only a Default.
  uint64_t minimum, maximum, byDefault, increment;
};

// Windows Server 2022's per-VM maxima (a generation 2 VM's): 240 virtual processors, 12 TB.
constexpr Kind kKinds[] = {
    {"B637F346-6A0E-4DEC-AF52-BD70CB80A21D", "Msvm_ProcessorSettingData", 3, "Microsoft:Hyper-V:Processor", "Processor", 1, 240, 1, 1},
    {"4764334D-E001-4176-82EE-5594EC9B530E", "Msvm_MemorySettingData", 4, "Microsoft:Hyper-V:Memory", "Memory", 32, 12582912, 1024, 2},
    {"83F8638B-8DCA-4152-9EDA-2CA8B33039B4", "Msvm_ResourceAllocationSettingData", 5, "Microsoft:Hyper-V:Emulated IDE Controller", "IDE Controller", 0, 0, 0, 0},
    {"D422512D-2BF2-4752-809D-7B82B5FCB1B4", "Msvm_ResourceAllocationSettingData", 6, "Microsoft:Hyper-V:Synthetic SCSI Controller", "SCSI Controller", 0, 0, 0, 0},
    {"6E9C3B7C-0F35-4A88-8C2B-2A6B4B7D1E01", "Msvm_ResourceAllocationSettingData", 17, "Microsoft:Hyper-V:Synthetic Disk Drive", "Hard Drive", 0, 0, 0, 0},
    {"6E9C3B7C-0F35-4A88-8C2B-2A6B4B7D1E02", "Msvm_ResourceAllocationSettingData", 16, "Microsoft:Hyper-V:Synthetic DVD Drive", "DVD Drive", 0, 0, 0, 0},
    {"6E9C3B7C-0F35-4A88-8C2B-2A6B4B7D1E03", "Msvm_StorageAllocationSettingData", 31, "Microsoft:Hyper-V:Virtual Hard Disk", "Hard Disk Image", 0, 0, 0, 0},
    {"6E9C3B7C-0F35-4A88-8C2B-2A6B4B7D1E04", "Msvm_StorageAllocationSettingData", 31, "Microsoft:Hyper-V:Virtual CD/DVD Disk", "ISO Disk Image", 0, 0, 0, 0},
    {"6E9C3B7C-0F35-4A88-8C2B-2A6B4B7D1E05", "Msvm_SyntheticEthernetPortSettingData", 10, "Microsoft:Hyper-V:Synthetic Ethernet Port", "Ethernet Port", 0, 0, 0, 0},
    {"72027ECE-E44A-446E-AF2B-8D8C4B8A2279", "Msvm_EthernetPortAllocationSettingData", 33, "Microsoft:Hyper-V:Ethernet Connection", "Ethernet Connection", 0, 0, 0, 0},
};

// Msvm_SettingsDefineCapabilities' pairs: "Point/Default (0/0)", "Minimums/Supported (1/3)",
// "Maximums/Supported (2/3)", "Increments/Supported (3/3)".
// A processor's Limit and Reservation (thousandths of a percent) and Weight for each.
struct Role {
  const char* type;
  uint16_t valueRole;
  uint16_t valueRange;
  uint64_t processorLimit, processorReservation, processorWeight;
};
constexpr Role kRoles[] = {{"Default", 0, 0, 100000, 0, 100},
                           {"Minimum", 1, 3, 0, 0, 0},
                           {"Maximum", 2, 3, 100000, 100000, 10000},
                           {"Increment", 3, 3, 1, 1, 1}};

}  // namespace

std::vector<cimom::Instance> resourceDefinitions(const ClusterLookup& cluster) {
  std::vector<cimom::Instance> made;
  if (!cluster.hasClass("Msvm_AllocationCapabilities") || !cluster.hasClass("Msvm_SettingsDefineCapabilities")) return made;
  for (const Kind& k : kKinds) {
    if (!cluster.hasClass(k.className)) continue;
    const std::string definition = std::string("Microsoft:Definition\\") + k.guid;
    cimom::Instance capabilities("Msvm_AllocationCapabilities", cluster.nameSpace());
    capabilities.set("InstanceID", Value::string(definition));
    capabilities.set("ElementName", Value::string(std::string(k.caption) + " Allocation Capabilities"));
    capabilities.set("ResourceType", Value::unsignedInt(CimType::UInt16, k.resourceType));
    capabilities.set("ResourceSubType", Value::string(k.subType));
    capabilities.set("RequestTypesSupported", Value::unsignedInt(CimType::UInt16, 3));  // General
    capabilities.set("SharingMode", Value::unsignedInt(CimType::UInt16, k.resourceType == 3 ? 3 : 2));
    const cimom::ObjectPath capabilitiesPath = cluster.pathOf(capabilities);
    made.push_back(std::move(capabilities));
    const bool ranged = k.maximum != 0;
    for (const Role& role : kRoles) {
      if (!ranged && role.valueRole != 0) continue;
      const uint64_t quantity = role.valueRole == 0 ? k.byDefault : role.valueRole == 1 ? k.minimum
                              : role.valueRole == 2 ? k.maximum : k.increment;
      cimom::Instance setting(k.className, cluster.nameSpace());
      setting.set("InstanceID", Value::string(definition + "\\" + role.type));
      setting.set("Caption", Value::string(std::string(k.caption) + " " + role.type + " Settings"));
      setting.set("ElementName", Value::string(k.caption));
      setting.set("ResourceType", Value::unsignedInt(CimType::UInt16, k.resourceType));
      setting.set("ResourceSubType", Value::string(k.subType));
      setting.set("PoolID", Value::string(""));
      if (ranged || k.resourceType == 10 || k.resourceType == 16 || k.resourceType == 17 || k.resourceType == 31) {
        setting.set("VirtualQuantity", Value::unsignedInt(CimType::UInt64, ranged ? quantity : 1));
      }
      if (k.resourceType == 3) {
        setting.set("Limit", Value::unsignedInt(CimType::UInt64, role.processorLimit));
        setting.set("Reservation", Value::unsignedInt(CimType::UInt64, role.processorReservation));
        setting.set("Weight", Value::unsignedInt(CimType::UInt32, role.processorWeight));
      } else if (k.resourceType == 4) {
        setting.set("DynamicMemoryEnabled", Value::boolean(false));
        setting.set("Reservation", Value::unsignedInt(CimType::UInt64, quantity));
        setting.set("Limit", Value::unsignedInt(CimType::UInt64, role.valueRole == 0 ? 1048576 : quantity));
      }
      cimom::ObjectPath settingPath = cluster.pathOf(setting);
      made.push_back(std::move(setting));
      cimom::Instance link("Msvm_SettingsDefineCapabilities", cluster.nameSpace());
      link.set("GroupComponent", Value::reference(capabilitiesPath));
      link.set("PartComponent", Value::reference(settingPath));
      link.set("SupportStatement", Value::unsignedInt(CimType::UInt16, 0));
      link.set("PropertyPolicy", Value::unsignedInt(CimType::UInt16, 0));
      link.set("ValueRole", Value::unsignedInt(CimType::UInt16, role.valueRole));
      link.set("ValueRange", Value::unsignedInt(CimType::UInt16, role.valueRange));
      made.push_back(std::move(link));
    }
  }
  return made;
}

}  // namespace cimdouble::jobs
