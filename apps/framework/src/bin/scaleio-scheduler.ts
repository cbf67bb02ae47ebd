#!/usr/bin/env node
// scaleio-scheduler: decode the configuration, then hand over to the composition root.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/load.js';
import { helpText } from '../config/reference.js';
import { buildInfo, createLogger } from '@scaleio-framework/operator';
import { compose, StoppedBeforeLeading, type RunningScheduler } from '../scheduler/compose.js';

const build = buildInfo(new URL('../../package.json', import.meta.url));
const result = loadConfig({
  argv: process.argv.slice(2),
  env: process.env,
  readFile: (p) => readFileSync(p, 'utf8'),
});
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
if (result._tag === 'invalid') {
  process.stderr.write(
    `scaleio-scheduler: invalid configuration:\n${result.problems.map((p) => `  ${p}`).join('\n')}\n`,
  );
  process.exit(2);
}
const config = result.config;
const log = createLogger({
  level: config.logLevel,
  secrets: [config.password, config.operatorToken],
  base: { component: 'scheduler' },
});
const here = dirname(fileURLToPath(import.meta.url));
const executorFile =
  config.executorPath !== ''
    ? config.executorPath
    : [join(here, 'scaleio-executor.mjs'), join(here, '../bundle/scaleio-executor.mjs')].find((p) =>
        existsSync(p),
      );

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
