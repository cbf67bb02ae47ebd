/**
 * A synthetic scheduler state for the HTTP, status and dashboard tests: five nodes in various
 * phases (one failed), a ScaleIO system, one pool with a rising capacity history and one
 * expansion, and secrets planted everywhere a careless view could pick them up.
 */
import {
  applyStepEvent,
  defaultClusterSpec,
  deployPlan,
  emptyDeployState,
  observeAgents,
  type AgentId,
  type DeployState,
  type DeployStep,
} from '@scaleio-framework/orchestrator';
import { figuresFromKb } from '@scaleio-framework/healing';
import { Secret } from '../src/secret.js';
import { percentFull as shownPercent, type CapacitySample } from '../src/pool-view.js';
import type { Metrics } from '../src/metrics.js';
import type { HealingPoolInfo, SchedulerFacts, StatusInputs } from '../src/status.js';

/** Planted secret values; none may appear in any output. */
export const SECRETS = {
  password: 'Pw-S3cret-4f9a2c',
  token: 'Tok-S3cret-77d1e0',
  awsKey: 'AwsKey-S3cret-0b5e91',
} as const;
/** The planted secrets as `Secret`s, as the app holds them. */
export const secretList = Object.values(SECRETS).map((v) => new Secret(v));

const spec = defaultClusterSpec;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

const agents = [0, 1, 2, 3, 4].map((i) => ({
  agentId: `agent-${i}` as AgentId,
  hostname: `node-${i}.example`,
  ip: `10.0.0.${10 + i}`,
  attributes: { rack: `r${i % 3}`, zone: `z${i % 3}` },
  resources: { cpus: 4, memMb: 8192 },
}));

/** Finishes the first `n` steps of a node, in plan order. */
export function advance(state: DeployState, agentId: AgentId, n: number, now = T0): DeployState {
  let s = state;
  const node = s.nodes[agentId];
  if (!node) return s;
  const ids = deployPlan.map((d) => d.id).filter((id) => node.steps[id] !== undefined);
  for (const step of ids.slice(0, n)) {
    s = applyStepEvent(s, spec, { agentId, step, event: 'start', now });
    s = applyStepEvent(s, spec, { agentId, step, event: 'finish', now });
  }
  return s;
}

/** Fails a node's current step until it is marked failed, with `reason` as its last error. */
export function failCurrent(state: DeployState, agentId: AgentId, reason: string): DeployState {
  let s = state;
  const node = s.nodes[agentId];
  const step = deployPlan
    .map((d) => d.id)
    .find((id) => {
      const st = node?.steps[id];
      return st !== undefined && st.status !== 'done';
    }) as DeployStep;
  for (let i = 0; i < spec.maxAttempts; i += 1) {
    s = applyStepEvent(s, spec, { agentId, step, event: 'start', now: T0 });
    s = applyStepEvent(s, spec, { agentId, step, event: 'fail', now: T0, reason });
  }
  return s;
}

/** The deploy state: nodes at different steps, node-3 failed with a secret in its error. */
export function demoState(): DeployState {
  let s = observeAgents(emptyDeployState(), agents, spec);
  s = advance(s, 'agent-0' as AgentId, 6);
  s = advance(s, 'agent-1' as AgentId, 4);
  s = applyStepEvent(s, spec, {
    agentId: 'agent-1' as AgentId,
    step: 'sds',
    event: 'start',
    now: T0,
  });
  s = advance(s, 'agent-2' as AgentId, 3);
  s = advance(s, 'agent-3' as AgentId, 1);
  s = failCurrent(s, 'agent-3' as AgentId, `install failed: mdm --password ${SECRETS.password}`);
  return s;
}

/** Scheduler facts of the demo. */
export const demoFacts: SchedulerFacts = {
  frameworkId: 'fw-2026-0001',
  master: 'http://master.example:5050',
  subscribed: true,
  leader: true,
  suppressed: false,
  startedAt: T0,
};

/** A pool's statistics as the gateway reports them (KiB). */
export interface KbSample {
  readonly capacityInUseInKb: number;
  readonly maxCapacityInKb: number;
  readonly spareCapacityInKb: number;
}

/** A sample as the read models hold it (bytes, through the gateway edge), with its KiB beside. */
export type GatewaySample = CapacitySample & KbSample;

/** A capacity sample at minute `i` with `pct` percent of 1 TiB usable in use. */
export const sampleAt = (i: number, pct: number, extraTiB = 0): GatewaySample => {
  const usable = (1 + extraTiB) * 1024 ** 3; // KiB
  const spare = usable / 9;
  const kb = {
    capacityInUseInKb: Math.round((usable * pct) / 100),
    maxCapacityInKb: usable + spare,
    spareCapacityInKb: spare,
  };
  return { atMs: T0 + i * 60_000, ...kb, ...figuresFromKb(kb) };
};

/** Percent full of gateway statistics as the status shows it (KiB in through the gateway edge). */
export const percentFull = (s: KbSample & { readonly atMs?: number }): number =>
  shownPercent(figuresFromKb(s));

/** Pool fill over 30 minutes: rises to 84 %, an expansion at minute 20, then drops to ~62 %. */
export const demoSamples = (): GatewaySample[] =>
  Array.from({ length: 31 }, (_, i) =>
    i <= 20 ? sampleAt(i, 50 + i * 1.7) : sampleAt(i, 62 + (i - 21) * 0.4, 0.5),
  );

/** Everything beyond the deploy state, with secrets planted in extra fields and texts. */
export function demoInputs(samples: readonly CapacitySample[] = demoSamples()): StatusInputs {
  const latest = samples[samples.length - 1];
  return {
    system: {
      id: 'sys-1a2b',
      name: 'scaleio',
      version: 'R3_6.0.0',
      mdmClusterMode: 'ThreeNodes',
      mdmClusterState: 'ClusteredNormal',
      members: [
        { name: 'mdm1', ip: '10.0.0.10', role: 'primary', status: 'Normal', zone: 'zone-a' },
        { name: 'mdm2', ip: '10.0.0.11', role: 'secondary', status: 'Normal', zone: 'zone-b' },
        { name: 'tb1', ip: '10.0.0.12', role: 'tiebreaker', status: 'Normal', zone: 'zone-c' },
      ],
      // extra fields a gateway adapter might pass along unfiltered
      ...({ password: SECRETS.password, token: new Secret(SECRETS.token) } as object),
    },
    pools: [
      {
        protectionDomain: 'default',
        name: 'default',
        latest,
        triggerPercent: 80,
        clearPercent: 70,
        ...({ secretAccessKey: SECRETS.awsKey } as object),
      },
    ],
    ledger: [
      {
        seq: 1,
        pool: 'default',
        node: 'node-1.example',
        sizeGiB: 512,
        atMs: T0 + 20 * 60_000,
        state: 'completed',
        dryRun: false,
        volume: 'vol-0abc',
        reason: `pool at 84% (trigger 80%); key ${SECRETS.awsKey}`,
      },
    ],
    events: [
      { atMs: T0 + 60_000, level: 'info', kind: 'subscribed', message: 'subscribed to the master' },
      {
        atMs: T0 + 5 * 60_000,
        level: 'error',
        kind: 'step-failed',
        node: 'node-3.example',
        message: `mdm-package failed: token=${SECRETS.token}`,
      },
      {
        atMs: T0 + 20 * 60_000,
        level: 'info',
        kind: 'expansion',
        message: 'added 512 GiB to default/default',
      },
    ],
    healing: { enabled: true, paused: false, approvalMode: false, dryRun: false },
    secrets: secretList,
  };
}

/** Minute `i` of the demo, epoch ms. */
export const demoTime = (i: number): number => T0 + i * 60_000;

/**
 * Feeds `m` what a leading scheduler observes of the demo: leadership, the deploy state, the
 * pools, the system, and the default pool's last healing `decision`.
 */
export function observeDemo(
  m: Metrics,
  decision: Omit<HealingPoolInfo, 'protectionDomain' | 'pool'>,
): void {
  m.observeLeader(true);
  m.observeState(demoState());
  m.observePools(demoInputs().pools);
  m.observeSystem(demoInputs().system);
  m.observeHealingDecisions([{ protectionDomain: 'default', pool: 'default', ...decision }]);
}
