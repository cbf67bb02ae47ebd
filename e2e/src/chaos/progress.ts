/**
 * Where a chaos run stands, for the runner's waits and for the log of a run that did not finish:
 * failed nodes in the status, what an unfinished run waited for, whether healing has settled.
 */
import type { SimCluster } from '../cluster.js';
import type { SchedulerRun } from '../deploy.js';
import type { StatusDoc } from '../deploy-watch.js';
import { toldAbout } from '../fault-scenario.js';
import { ourVolumes, poolPercent, readLedger } from '../healing.js';

/** Nodes the status shows failed (a failed node does not recover by itself: the run stops waiting). */
export const failedNodes = (s: StatusDoc | undefined): string[] =>
  (s?.nodes ?? [])
    .filter((n) => n.status === 'failed')
    .map((n) => `${n.hostname} at ${n.step}: ${n.lastError ?? '?'}`);

/** What a run that did not finish was waiting for: unfinished nodes, and what Mesos told of their tasks. */
export function stuck(c: SimCluster, s: StatusDoc | undefined): string[] {
  const open = (s?.nodes ?? []).filter((n) => n.phase !== 'done' || n.status === 'failed');
  const more = s as { pools?: unknown; healing?: { pools?: unknown } } | undefined;
  const pools = more?.healing?.pools ?? more?.pools;
  const ec2 = new Map<string, number>();
  for (const a of c.ec2.calls()) ec2.set(a, (ec2.get(a) ?? 0) + 1);
  return [
    ...(pools === undefined ? [] : [`status pools: ${JSON.stringify(pools).slice(0, 1500)}`]),
    `ec2-sim calls: ${[...ec2].map(([a, n]) => `${a} ${n}`).join(', ') || 'none'}`,
    ...(s?.deploy?.waiting ?? []).map((w) => `status waiting: ${w}`),
    ...open.map((n) => {
      const agent = c.mesos.agents.find((a) => a.hostname === n.hostname);
      return `status ${n.hostname}: ${n.phase}/${n.step} ${n.status} ${n.lastError ?? ''}; mesos-sim: ${
        agent ? toldAbout(c, agent.id) : 'no agent'
      }`;
    }),
  ];
}

/**
 * When to judge the healing round: the pool back under the clear threshold, every ledger entry
 * final (the scheduler's state file says when it is done), and no tagged volume between states in
 * ec2-sim. The verdicts themselves come from the simulators.
 */
export function healed(c: SimCluster, run: SchedulerRun, clearPercent: number): boolean {
  if (poolPercent(c) >= clearPercent) return false;
  const ledger = readLedger(run.stateFile);
  if (ledger.length === 0 || ledger.some((e) => e.state === 'inProgress')) return false;
  return ourVolumes(c).every(
    (v) =>
      (v.state === 'available' || v.state === 'in-use') &&
      (v.attachment === undefined || v.attachment.state === 'attached'),
  );
}
