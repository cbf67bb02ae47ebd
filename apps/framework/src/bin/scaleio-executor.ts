#!/usr/bin/env node
// scaleio-executor: one per agent, started by the Mesos fetcher; runs the scheduler's install steps.
import { createLocalHost, type HostEvent } from '@scaleio-framework/installers';
import { describeError, parseExecutorEnv } from '@scaleio-framework/mesos';
import { runExecutor } from '@scaleio-framework/executor';
import { buildInfo, readCommandLine, settleCommandLine } from '@scaleio-framework/operator';

const USAGE = `usage: scaleio-executor [--help | --version]

The ScaleIO framework's executor: one per Mesos agent, launched by the scaleio-scheduler through
the Mesos fetcher (never started by hand). It subscribes to its agent's executor API and runs
each install step the scheduler sends as a task (the step's spec in TaskInfo.data) on this host,
reporting results in TaskStatus.data. It takes no options; everything comes from the environment.

environment (set by the Mesos agent):
  MESOS_FRAMEWORK_ID, MESOS_EXECUTOR_ID, MESOS_AGENT_ENDPOINT   required
  MESOS_DIRECTORY / MESOS_SANDBOX, MESOS_CHECKPOINT, MESOS_RECOVERY_TIMEOUT,
  MESOS_SUBSCRIPTION_BACKOFF_MAX, MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD,
  MESOS_EXECUTOR_AUTHENTICATION_TOKEN                            optional

environment (set by the scheduler or the agent's --executor_environment_variables):
  SCALEIO_HOST_ROOT   the directory that stands for / on this node (default /)
  SCALEIO_HOST_PATH   the PATH install commands run with (default: the executor's own PATH)

options:
  -h, --help      print this help and exit
      --version   print the version and exit

exit status: 0 after SHUTDOWN or when the agent closes the stream; 1 when the executor gives up
on the agent (disconnected without checkpointing, recovery timeout, a fatal error); 2 when the
environment is not a Mesos executor's or the command line is wrong.
`;

settleCommandLine(readCommandLine(process.argv.slice(2), {}), {
  name: 'scaleio-executor',
  version: buildInfo(new URL('../../package.json', import.meta.url)).version,
  usage: () => USAGE,
});

const log = (msg: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg, ...fields })}\n`,
  );

const config = parseExecutorEnv(process.env);
if (config._tag === 'Left') {
  process.stderr.write(
    `scaleio-executor: ${describeError(config.left)}\n(it runs under a Mesos agent; see scaleio-executor --help)\n`,
  );
  process.exit(2);
}
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
