// The critical-path lower bound: hand-computed cases, and never above the wall time of the
// orchestrator's own schedule (runnableSteps) run with the same durations, event by event.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  applyStepEvent,
  criticalPath,
  defaultClusterSpec,
  deployComplete,
  emptyDeployState,
  observeAgents,
  recordDevices,
  runnableSteps,
  type ClusterSpec,
  type DeployState,
  type StepDuration,
} from '../src/index.js';
import { agent } from './fixtures.js';

const spec: ClusterSpec = { ...defaultClusterSpec, faultSetAttribute: 'rack' };
const existing: ClusterSpec = { ...spec, mode: 'existing', existingMdmIps: ['10.0.0.200'] };

/** Runs the orchestrator's schedule with durations `d`, zero overhead; returns its wall time. */
const simulate = (state: DeployState, s: ClusterSpec, d: StepDuration): number => {
  const running = new Map<string, { agentId: string; step: string; end: number }>();
  let now = 0;
  for (let i = 0; i < 100_000 && !deployComplete(state); i++) {
    for (const r of runnableSteps(state, s, now)) {
      state = applyStepEvent(state, s, { agentId: r.agentId, step: r.step, event: 'start', now });
      running.set(`${r.agentId}/${r.step}`, {
        agentId: r.agentId,
        step: r.step,
        end: now + d(r.agentId, r.step),
      });
    }
    const next = Math.min(...[...running.values()].map((x) => x.end));
    if (!Number.isFinite(next)) break;
    now = next;
    for (const [k, x] of running)
      if (x.end <= now) {
        running.delete(k);
        const id = x.agentId as never;
        if (x.step === 'sds') state = recordDevices(state, id, ['/dev/xvdb']);
        state = applyStepEvent(state, s, {
          agentId: id,
          step: x.step as never,
          event: 'finish',
          now,
        });
      }
  }
  assert.ok(deployComplete(state), 'the simulated deploy completes');
  return now;
};

const racks = (n: number, r: number) =>
  Array.from({ length: n }, (_, i) => agent(`a${i + 1}`, { zone: `z${i % 3}`, rack: `r${i % r}` }));

test('existing system, unit steps: the node chain, then restarts one per fault set', () => {
  const d: StepDuration = (_a, step) => (step === 'agent-restart' ? 500 : 1000);
  // prereqs, sds, sdc, rexray, dvdcli, dvdi: six tasks in a row; storage-objects beside them.
  const three = observeAgents(emptyDeployState(), racks(3, 3), existing);
  const cp = criticalPath(three, existing, d);
  assert.is(cp.installMs, 6000);
  assert.is(cp.restartMs, 6500, 'three fault sets restart in parallel');
  assert.is(cp.totalMs, 6500);
  const oneRack = observeAgents(emptyDeployState(), racks(3, 1), {
    ...existing,
    faultSetAttribute: '',
  });
  assert.is(criticalPath(oneRack, existing, d).totalMs, 7500, 'one domain: one at a time');
  const capped = { ...existing, maxConcurrentRestarts: 1 };
  assert.is(criticalPath(three, capped, d).totalMs, 7500, 'a cap of one: one at a time');
  assert.is(simulate(three, existing, d), 6500, 'the schedule meets the bound');
  assert.is(simulate(oneRack, { ...existing, faultSetAttribute: '' }, d), 7500);
});

test('full mode: the MDM chain sets the barriers; MDM restarts run alone', () => {
  const five = observeAgents(emptyDeployState(), racks(5, 3), spec);
  const d: StepDuration = (_a, step) =>
    ({ prereqs: 20_000, 'mdm-package': 5_000, 'mdm-cluster': 4_000, lia: 3_000, gateway: 15_000 })[
      step as string
    ] ?? (step === 'agent-restart' ? 3_500 : 1_000);
  const cp = criticalPath(five, spec, d);
  assert.equal(cp.barriers, { 'mdm-packages': 25_000, 'mdm-cluster': 29_000, gateway: 47_000 });
  // After the gateway: rexray, dvdcli, dvdi on the primary (3 s), then three MDM restarts alone
  // and the two data nodes' (different fault sets) together.
  assert.ok(cp.totalMs >= 47_000 + 3_000 + 3 * 3_500, String(cp.totalMs));
  assert.ok(simulate(five, spec, d) >= cp.totalMs);
});

test('the bound never exceeds the schedule, whatever the durations', () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (const [n, r, s] of [
    [3, 3, spec],
    [10, 3, spec],
    [12, 4, spec],
    [20, 3, { ...spec, maxConcurrentRestarts: 2 }],
    [9, 3, existing],
  ] as const) {
    for (let k = 0; k < 5; k++) {
      const table = new Map<string, number>();
      const d: StepDuration = (a, step) => {
        const key = `${a}/${step}`;
        if (!table.has(key)) table.set(key, Math.round(100 + rnd() * 10_000));
        return table.get(key) ?? 0;
      };
      const st = observeAgents(emptyDeployState(), racks(n, r), s);
      const cp = criticalPath(st, s, d);
      const wall = simulate(st, s, d);
      assert.ok(cp.totalMs <= wall, `${n} agents: bound ${cp.totalMs} > schedule ${wall}`);
      assert.ok(cp.totalMs >= wall * 0.5, `${n} agents: bound ${cp.totalMs} far below ${wall}`);
    }
  }
});

test.run();
