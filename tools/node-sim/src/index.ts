/**
 * @scaleio-framework/node-sim: simulated agent hosts. Each node has a root directory (its
 * `/etc/os-release`, block devices, package and service state) and fake system tools on its PATH
 * that record every call and change the node and scaleio-sim the way the real tools would.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/node-sim';

export { startNodeSim, NodeSimOptions } from './sim.js';
export type { NodeSim, HostOptions, RepoControl, AttachmentSource } from './sim.js';
export type { NodeHandle, FailCommand } from './node-handle.js';
export { AttachmentEvent, applyAttachment, guestName } from './attachments.js';
export { volumeOfPath, type DeviceUse, type DeviceUseSource, type GuestHoldSink } from './guest.js';
export { NodeSpec, NodeConfig, DeviceSpec, OsId } from './spec.js';
export { osFacts } from './os.js';
export { OS_TABLE, SERVICES, osRow, kernelCovered } from './facts/os-table.js';
export type { OsRow, UnitKind, ServiceName } from './facts/os-table.js';
export { UTIL_LINUX } from './facts/util-linux.js';
export type { UtilLinux, UtilLinuxVersion, LsblkJson } from './facts/util-linux.js';
export { factsMarkdown } from './facts/markdown.js';
export { DVDI_MODULE, requestedVolumes } from './volumes/dvdi.js';
export type { DvdiIsolator } from './volumes/dvdi.js';
export { REXRAY_VOLUMES } from './volumes/rexray.js';
export { MEMORY_PEAKS, toolPeak, type PeakFact } from './facts/memory.js';
export {
  DEFAULT_TIME_SCALE,
  TOOL_DURATIONS,
  toolDuration,
  type DurationFact,
} from './facts/durations.js';
export type { MemoryCgroups, MemoryCharge } from './tools/memory.js';
export type { OsFacts } from './os.js';
export { CallRecord, InstalledPackage, Service } from './state/model.js';
export {
  defaultCatalog,
  scaleioFiles,
  isolatorFile,
  decodePackageFile,
  PackageFile,
} from './repo/catalog.js';
export type { RepoFile } from './repo/catalog.js';
export type { RepoRequest } from './repo/server.js';
export { GATEWAY_PROPERTIES } from './tools/effects.js';
export { SCALEIO_URL_ENV } from './tools/admin.js';
export { LOADER, libDirOf, missingVersions } from './tools/loader.js';
export { RUNTIME_NEEDS, simulatedRuntime, tarGz } from './runtime/archive.js';
export type { RuntimeArchive, RuntimeFlavour } from './runtime/archive.js';
export { unusedDisks, sdcGuid, SDC_DRV_CFG } from './tools/service-hooks.js';
export type { NodeSimError, InvalidSpec, UnknownNode, StateError, ServerError } from './errors.js';
