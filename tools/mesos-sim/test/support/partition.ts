/**
 * The set-up shared by the partition and KILL tests: a scheduler subscribed to a one-agent fault
 * cluster, optionally a task running there, then the agent cut off and a task launched on it that
 * the master, not knowing of the partition yet, sends into the void.
 */
import * as assert from 'uvu/assert';
import type { MesosSim, MesosSimOptions } from '../../src/index.js';
import {
  executorTask,
  launchBody,
  subscribeScheduler,
  testExecutor,
  type TestScheduler,
} from './cluster.js';
import { offerOf, withFaultSim } from './faults.js';
import { eventually } from './scheduler.js';

/** Launches `taskId` with `exec` on an offer of `agentId` and acknowledges its TASK_RUNNING. */
export const runTask = async (
  s: TestScheduler,
  agentId: string,
  taskId: string,
  exec: Record<string, unknown>,
): Promise<void> => {
  const o = await offerOf(s, agentId);
  await s.call('ACCEPT', launchBody([o.id.value], [executorTask(taskId, agentId, exec)]));
  assert.is(await s.ack(await s.update(taskId, 'TASK_RUNNING')), 202);
};

/**
 * Waits until the simulator's own records show the launch of `taskId` sent to `agentId` while it
 * was cut off: the master recorded it as launched, the link is partitioned, and the agent never
 * had the task (nothing delivered, no state on the agent).
 */
export const launchLost = (sim: MesosSim, agentId: string, taskId: string): Promise<true> =>
  eventually(
    () => {
      const run = sim.history().tasks.find((x) => x.taskId === taskId && x.agentId === agentId);
      const link = sim.state().agents.find((a) => a.id === agentId);
      return run?.outcome === 'launched' &&
        !run.delivered &&
        run.agentState === undefined &&
        link?.partitioned === true
        ? true
        : undefined;
    },
    5000,
    `the launch of ${taskId} recorded as lost on the way to ${agentId}`,
  );

/** What {@link withLostLaunch} sets up. */
export interface LostLaunch {
  readonly sim: MesosSim;
  readonly s: TestScheduler;
  /** The one agent, still partitioned when `fn` starts. */
  readonly agentId: string;
}

/**
 * Runs `fn` on a one-agent {@link withFaultSim} cluster (`opts` added) with a scheduler subscribed
 * with `info`: `running` (when given) runs there and is acknowledged, then the agent is
 * partitioned and `lost` is launched on it through a fresh offer. The master accepts the launch
 * (202) and, unable to reach the agent, loses it (`partition` in src/master/links.ts); `fn` starts
 * once the simulator has recorded that. The scheduler's stream is closed after `fn`.
 */
export const withLostLaunch = (
  opts: Omit<MesosSimOptions, 'agents'>,
  info: Record<string, unknown>,
  tasks: { readonly running?: string; readonly lost: string },
  fn: (l: LostLaunch) => Promise<void>,
): Promise<void> =>
  withFaultSim({ ...opts, agents: 1 }, async (sim, artifacts) => {
    const s = await subscribeScheduler(sim, info);
    const agentId = sim.agents[0]?.id as string;
    try {
      const exec = testExecutor(artifacts);
      if (tasks.running !== undefined) await runTask(s, agentId, tasks.running, exec);
      const o = await offerOf(s, agentId);
      sim.partitionAgent(agentId);
      assert.is(
        await s.call('ACCEPT', launchBody([o.id.value], [executorTask(tasks.lost, agentId, exec)])),
        202,
        'the master does not know yet: the launch is accepted',
      );
      await launchLost(sim, agentId, tasks.lost);
      await fn({ sim, s, agentId });
    } finally {
      s.stream.close();
    }
  });
