/** Builders for the core's tests: entries, volumes, samples, a configuration, a stage input. */
import type {
  IdempotencyKey,
  NodeId,
  PositiveInt,
  Volume,
  VolumeId,
} from '@scaleio-framework/capacity';
import {
  GIB,
  resolveHealingConfig,
  stateOfStage,
  type HealingConfig,
  type HealingEntry,
  type HealingStage,
  type PoolRef,
  type StageInput,
  type TimedFigures,
} from '../src/index.js';

/** The time entries were last changed at. */
export const T0 = 1_000_000;
/** The time the tests decide at (a minute later). */
export const NOW = T0 + 60_000;

/** A configuration from a partial input; throws on a bad one. */
export const config = (input: unknown = {}): HealingConfig => {
  const r = resolveHealingConfig({
    enabled: true,
    tags: { team: 'storage' },
    ...(input as object),
  });
  if (r._tag === 'Left') throw new Error(r.left.join('; '));
  return r.right;
};

/** The pool every test entry belongs to: `pd1/sp1`. */
export const pool1: PoolRef = {
  key: 'pd1/sp1',
  id: 'sp1',
  name: 'sp1',
  protectionDomain: 'pd1',
  protectionDomainId: 'pd1',
};

/** The default test configuration: 5 attempts per stage, 3 verify samples. */
export const cfg = config();

/** An entry of pool `pd1/sp1` on node `i-1` at `stage`. */
export const entry = (stage: HealingStage, extra: Partial<HealingEntry> = {}): HealingEntry => ({
  id: 'exp-1',
  seq: 1,
  expansion: 1,
  pool: 'pd1/sp1',
  poolId: 'sp1',
  protectionDomainId: 'pd1',
  node: 'i-1' as NodeId,
  sizeGiB: 100,
  atMs: T0,
  updatedAtMs: T0,
  stage,
  state: stateOfStage(stage),
  dryRun: false,
  attempts: 0,
  decision: 'pd1/sp1: 81% ≥ 80%; add 100 GiB as 1 volume(s) on i-1',
  key: 'k-1' as IdempotencyKey,
  ...extra,
});

/** Volume `vol-1` of node `i-1`, available unless told otherwise. */
export const volume = (extra: Partial<Volume> = {}): Volume => ({
  id: 'vol-1' as VolumeId,
  node: 'i-1' as NodeId,
  zone: 'us-east-1a',
  sizeGiB: 100 as PositiveInt,
  volumeType: 'gp3',
  encrypted: true,
  state: 'available',
  tags: {},
  ...extra,
});

/** A sample of a pool with `usableGiB` usable (no spare) and `usedGiB` in use. */
export const sample = (atMs: number, usableGiB: number, usedGiB = 0): TimedFigures => ({
  atMs,
  inUseBytes: usedGiB * GIB,
  maxBytes: usableGiB * GIB,
  spareBytes: 0,
});

/** The stage input at {@link NOW} with no samples unless given. */
export const input = (over: Partial<StageInput> = {}): StageInput => ({
  config: cfg,
  nowMs: NOW,
  samples: [],
  ...over,
});

/** The entry without its idempotency key (an entry written by a broken build). */
export const withoutKey = (e: HealingEntry): HealingEntry => {
  const { key: _key, ...rest } = e;
  return rest;
};
