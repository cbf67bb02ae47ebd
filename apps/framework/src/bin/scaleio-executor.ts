#!/usr/bin/env node
// scaleio-executor: one per agent, started by the Mesos fetcher; runs the scheduler's install steps.
import { createLocalHost, type HostEvent } from '@scaleio-framework/installers';
import { describeError, parseExecutorEnv } from '@scaleio-framework/mesos';
import { runExecutor } from '@scaleio-framework/executor';

const log = (msg: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg, ...fields })}\n`,
  );

const config = parseExecutorEnv(process.env);
if (config._tag === 'Left') {
  process.stderr.write(`scaleio-executor: ${describeError(config.left)}\n`);
  process.exit(2);
}
// SCALEIO_HOST_ROOT: the directory that stands for / on this node (default /). The agent sets it
// with --executor_environment_variables when the node's root is mounted elsewhere.
// SCALEIO_HOST_PATH: the PATH install commands run with (default: the executor's own PATH).
const root = process.env['SCALEIO_HOST_ROOT'] ?? '/';
const path = process.env['SCALEIO_HOST_PATH'];
const host = createLocalHost({
  ...(path === undefined ? {} : { path }),
  root,
  logger: (e: HostEvent) => log('host', { ...e }),
});
const exit = await runExecutor(config.right, host, log);
log('executor exiting', { ...exit });
process.exit(exit.code);
