/**
 * @scaleio-framework/testkit: one implementation each of what tests and the simulators share —
 * a manual clock, TLS test certificates, temporary directories, a child-process harness, and the
 * simulators' command-line convention. It depends on no workspace package.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/testkit';

export { manualClock, MANUAL_CLOCK_START, type ManualClock } from './clock.js';
export {
  makeTestCert,
  writeTestCert,
  type TestCert,
  type TestCertFiles,
  type TestCertOptions,
} from './tls.js';
export { makeTempDir, withTempDir, withTempDirSync, type TempDir } from './temp-dir.js';
export {
  childEnv,
  describeExit,
  runProcess,
  startProcess,
  type ProcessExit,
  type ProcessResult,
  type RunningProcess,
  type StartProcessOptions,
} from './process.js';
export type { OutputStream } from './lines.js';
export { exposedValue } from './exposition.js';
export {
  cliSpec,
  optionTable,
  parseFlags,
  usage,
  versionOption,
  type CliOption,
  type CliParse,
  type CliSpec,
  type Flags,
  type FlagValues,
} from './cli-spec.js';
export {
  packageVersionOf,
  readyLine,
  readyLinePattern,
  runSimCli,
  stopOnSignals,
  type CliServer,
} from './cli.js';
export { checkSimCli, nodeArgsOf, simBin, startSimCli, type SimCliCheck } from './sim-cli-check.js';
export { startCloudSimCli, startWebhookSink, type WebhookSink } from './webhook-sink.js';
export {
  attachmentFeed,
  eventFeed,
  headerOf,
  readBody,
  serveSim,
  type AttachmentEvent,
  type CloudSimRunOptions,
  type EventFeed,
  type SimServer,
  type SimServerOptions,
} from './sim-server.js';
export {
  defaultVolumeTimings,
  patchTimings,
  TIMING_FLAGS,
  VolumeTimings,
  VolumeTimingsPatch,
} from './sim-timings.js';
export {
  adminOk,
  answerAdmin,
  instancesRoute,
  sendJson,
  timingsRoute,
  withJsonBody,
  type AdminAnswer,
  type AdminRoutes,
} from './sim-admin.js';
export {
  fileCliParse,
  parseCloudSimCli,
  type CloudSimCliOptions,
  type CloudSimCliParts,
  type CloudSimConfig,
  type SimCliResult,
} from './sim-cli-parse.js';
export { freePort } from './port.js';
export {
  findProgram,
  isCi,
  pathPrerequisite,
  prerequisite,
  programPrerequisite,
  requirePrereq,
  PREREQ_MISSING_MARK,
  type GatedRegistrar,
  type Prerequisite,
  type TestBody,
  type TestRegistrar,
} from './prereq.js';
export { anyJson, assertUnpolluted, hostileJson, HOSTILE_VALUES } from './hostile-json.js';
