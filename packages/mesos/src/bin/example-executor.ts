#!/usr/bin/env node
/**
 * `mesos-example-executor`: a minimal custom executor built on this package's executor client,
 * used by the acceptance tests and as a worked example. Per task, `TaskInfo.data` (base64 JSON)
 * may hold `{"finish": true}`: the task then sends TASK_RUNNING and TASK_FINISHED; otherwise it
 * runs until KILL. MESSAGE data is echoed back. SHUTDOWN kills every task and exits.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import type { TaskID } from '../codecs/base.js';
import { createExecutorClient } from '../executor/client.js';
import { parseExecutorEnv } from '../executor/env.js';
import { describeError } from '../errors.js';

const log = (line: string): void => {
  process.stderr.write(`example-executor: ${line}\n`);
};

const finishRequested = (data: string | undefined): boolean => {
  if (data === undefined) return false;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      (parsed as { finish?: unknown }).finish === true
    );
  } catch {
    return false;
  }
};

const USAGE = `usage: mesos-example-executor [--help | --version]

A minimal Mesos executor built on @scaleio-framework/mesos, started by a Mesos agent (its
environment: MESOS_FRAMEWORK_ID, MESOS_EXECUTOR_ID, MESOS_AGENT_ENDPOINT, ...). A task whose
TaskInfo.data (base64 JSON) holds {"finish": true} sends TASK_RUNNING then TASK_FINISHED; any
other runs until KILL. MESSAGE data is echoed back; SHUTDOWN kills every task and exits.
`;

/** Answers --help and --version; a usage error exits 2 naming the option. */
const commandLine = (): void => {
  let values: { help?: boolean; version?: boolean };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`mesos-example-executor: ${(e as Error).message.split('. ')[0] ?? ''}\n`);
    process.exit(2);
  }
  if (values.help === true) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (values.version === true) {
    const pkg = new URL('../../package.json', import.meta.url);
    const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };
    process.stdout.write(`mesos-example-executor ${version}\n`);
    process.exit(0);
  }
};

const main = async (): Promise<number> => {
  commandLine();
  const config = parseExecutorEnv(process.env);
  if (E.isLeft(config)) {
    log(describeError(config.left));
    return 2;
  }
  const client = createExecutorClient({ config: config.right });
  const running = new Map<string, TaskID>();
  const report = async (
    taskId: TaskID,
    state: 'TASK_RUNNING' | 'TASK_FINISHED' | 'TASK_KILLED',
    message: string,
  ): Promise<void> => {
    const sent = await client.update({ taskId, state, message });
    if (E.isLeft(sent))
      log(`update ${state} for ${taskId.value} not sent: ${describeError(sent.left)}`);
  };
  for await (const item of client.events()) {
    if (item._tag === 'Exit') {
      log(
        `exit: ${item.reason}${item.error === undefined ? '' : ` (${describeError(item.error)})`}`,
      );
      return item.reason === 'closed' ? 0 : 1;
    }
    if (item._tag === 'Disconnected') {
      log(`disconnected: ${describeError(item.error)}; retrying in ${item.retryInMs} ms`);
      continue;
    }
    if (item._tag === 'BadEvent') {
      log(`bad event: ${describeError(item.error)}`);
      continue;
    }
    const event = item.event;
    switch (event.type) {
      case 'LAUNCH': {
        const task = event.launch.task;
        running.set(task.task_id.value, task.task_id);
        await report(task.task_id, 'TASK_RUNNING', 'running');
        if (finishRequested(task.data)) {
          running.delete(task.task_id.value);
          await report(task.task_id, 'TASK_FINISHED', 'done');
        }
        break;
      }
      case 'KILL':
        running.delete(event.kill.task_id.value);
        await report(event.kill.task_id, 'TASK_KILLED', 'killed');
        break;
      case 'MESSAGE':
        await client.message(Buffer.from(event.message.data, 'base64'));
        break;
      case 'SHUTDOWN':
        for (const taskId of [...running.values()]) await report(taskId, 'TASK_KILLED', 'shutdown');
        client.close();
        return 0;
      default:
        break;
    }
  }
  return 0;
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log(`crashed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
