#!/usr/bin/env node
// scaleio-scheduler: decode the configuration, then hand over to the composition root.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/load.js';
import { helpText } from '../config/reference.js';
import {
  artifactProblem,
  buildInfo,
  createLogger,
  passwordOnArgv,
  realFs,
  withPasswordFile,
} from '@scaleio-framework/operator';
import { prepareRuntime, runtimeWarnings } from '@scaleio-framework/scheduler';
import { compose, StoppedBeforeLeading, type RunningScheduler } from '../scheduler/compose.js';

const build = buildInfo(new URL('../../package.json', import.meta.url));
/** A usage or configuration problem: one line each on stderr, exit 2, never a stack. */
const refuse = (lines: readonly string[]): never => {
  process.stderr.write(lines.map((l) => `scaleio-scheduler: ${l}\n`).join(''));
  process.exit(2);
};
let result: ReturnType<typeof loadConfig>;
try {
  result = loadConfig(
    withPasswordFile({ argv: process.argv.slice(2), env: process.env, ...realFs }),
  );
} catch (e) {
  result = refuse([`cannot read the configuration: ${(e as Error).name}`]);
}
if (result._tag === 'help') {
  process.stdout.write(
    `${helpText('scaleio-scheduler')}  ${'-h, --help'.padEnd(28)} print this help and exit\n  ${'--version'.padEnd(28)} print the version and exit\n`,
  );
  process.exit(0);
}
if (result._tag === 'version') {
  process.stdout.write(`scaleio-scheduler ${build.version}\n`);
  process.exit(0);
}
if (result._tag === 'invalid') refuse(result.problems);
const config = (result as Extract<typeof result, { _tag: 'ok' }>).config;
const log = createLogger({
  level: config.logLevel,
  secrets: [config.password, config.operatorToken],
  base: { component: 'scheduler' },
});
if (passwordOnArgv(process.argv))
  log.warn(
    '--password on the command line is visible to every local user (ps): use SCALEIO_PASSWORD or --password-file',
  );
if (config.gatewayInsecure)
  log.warn(
    'GATEWAY TLS VERIFICATION IS OFF (--gateway-insecure): anyone on the path can read the admin password',
  );
const here = dirname(fileURLToPath(import.meta.url));
const executorFile =
  config.executorPath !== ''
    ? config.executorPath
    : [join(here, 'scaleio-executor.mjs'), join(here, '../bundle/scaleio-executor.mjs')].find((p) =>
        existsSync(p),
      );
// Every file the Mesos fetcher will ask this scheduler for must be there before anything starts.
const unservable = artifactProblem([
  { name: 'scaleio-executor.mjs', path: executorFile, option: '--executor-path' },
]);
if (unservable !== undefined) refuse([unservable]);
// The Node.js the executor runs on: fetched once, checked against its sha256, then served.
const fetched = await prepareRuntime({
  url: config.executorRuntimeUrl,
  sha256: config.executorRuntimeSha256,
  cacheDir: join(tmpdir(), 'scaleio-framework-runtime'),
});
if (fetched._tag === 'Left') refuse([`--executor-runtime-url: ${fetched.left.message}`]);
const executorRuntime = (fetched as Extract<typeof fetched, { _tag: 'Right' }>).right;
for (const w of runtimeWarnings(executorRuntime)) log.warn(w);

// Signals are handled from the start: a standby waiting for leadership withdraws cleanly.
const abort = new AbortController();
let running: RunningScheduler | undefined;
const stop = async (signal: string) => {
  log.info('stopping', { signal });
  if (running === undefined) return abort.abort();
  await running.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));
try {
  running = await compose(config, {
    log,
    executorFile,
    executorRuntime,
    now: Date.now,
    signal: abort.signal,
    build,
  }).run();
  const why = await running.ended;
  log.error('scheduler ended', { reason: why });
  await running.stop();
  process.exit(1);
} catch (e) {
  if (e instanceof StoppedBeforeLeading) process.exit(0);
  log.error('scheduler failed to start', { error: (e as Error).message });
  process.exit(1);
}
