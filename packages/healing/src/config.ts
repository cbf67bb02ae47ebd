/**
 * The healer's configuration: one io-ts codec with documented defaults. The policy part (trigger,
 * clear, samples, lead time, cooldown, step, caps, budget, dry run) is the capacity package's
 * `PolicyConfig`, decoded by its own `resolvePolicyConfig`.
 */
import * as t from 'io-ts';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import {
  decodeSafely,
  PolicyConfig,
  resolvePolicyConfig,
  Tags,
  VolumeSpec,
} from '@scaleio-framework/capacity';
import { resolveShrinkConfig, shrinkDefaults, ShrinkConfig } from './shrink-config.js';

const Count = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 1, 'Count');

/** What every new volume looks like (besides its size): the capacity contract's `VolumeSpec`. */
export const VolumeSettings = t.intersection([
  t.type({
    volumeType: VolumeSpec.types[0].props.volumeType,
    encrypted: VolumeSpec.types[0].props.encrypted,
  }),
  VolumeSpec.types[1],
]);
/** What every new volume looks like. */
export type VolumeSettings = t.TypeOf<typeof VolumeSettings>;

/** The resolved configuration (every field present). */
export const HealingConfig = t.type({
  /** Off: samples are still read and shown, nothing is decided or created. */
  enabled: t.boolean,
  /** Approval mode: each expansion waits for `approve(entryId)` before anything is created. */
  approval: t.boolean,
  /** The expansion policy (thresholds, samples, lead time, cooldown, step, caps, budget, dryRun). */
  policy: PolicyConfig,
  volume: VolumeSettings,
  /** Extra tags on every volume (ownership tags are added by the provider). */
  tags: Tags,
  /** Samples kept per pool (the policy's fill-rate window is cut from these). */
  maxSamplesPerPool: Count,
  /** Failed attempts of one stage (retryable errors, one per tick) before it is rolled back. */
  stepAttempts: Count,
  /** Samples after the add that may show no growth before the entry is marked failed. */
  verifySamples: Count,
  /** Events kept for `status()`. */
  eventLimit: Count,
  /** Scale-down of healing-added devices (off by default): `shrink-config.ts`. */
  shrink: ShrinkConfig,
});
/** The resolved configuration. */
export type HealingConfig = t.TypeOf<typeof HealingConfig>;

/** Defaults, policy included (`defaultPolicyConfig` of the capacity package). */
export const healingDefaults: Omit<HealingConfig, 'policy'> = {
  shrink: shrinkDefaults,
  enabled: false,
  approval: false,
  volume: { volumeType: 'gp3', encrypted: true },
  tags: {},
  maxSamplesPerPool: 240,
  stepAttempts: 5,
  verifySamples: 3,
  eventLimit: 200,
};

const Input = t.partial({
  enabled: t.boolean,
  approval: t.boolean,
  policy: t.unknown,
  volume: t.partial({ ...VolumeSettings.types[0].props, ...VolumeSettings.types[1].props }),
  tags: Tags,
  maxSamplesPerPool: Count,
  stepAttempts: Count,
  verifySamples: Count,
  eventLimit: Count,
  shrink: t.unknown,
});

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

const unknownKeys = (u: unknown, known: ReadonlyArray<string>, prefix: string): string[] =>
  isRecord(u)
    ? Object.keys(u)
        .filter((k) => !known.includes(k))
        .map((k) => `${prefix}${k}`)
    : [];

/**
 * Decodes the operator's `healing` section (any JSON/YAML value; absent = defaults). Left: one
 * message per problem, unknown fields included (a typo is never silently ignored).
 */
export const resolveHealingConfig = (
  input: unknown,
): Either<ReadonlyArray<string>, HealingConfig> => {
  const raw = input ?? {};
  const d = decodeSafely(Input, raw);
  if (isLeft(d)) return left(d.left);
  const unknown = [
    ...unknownKeys(raw, Object.keys(Input.props), ''),
    ...unknownKeys(d.right.volume, Object.keys(Input.props.volume.props), 'volume.'),
  ].map((f) => `unknown field ${f}`);
  const policy = resolvePolicyConfig(d.right.policy);
  const policyErrors = isLeft(policy) ? policy.left.map((m) => `policy: ${m}`) : [];
  if (unknown.length > 0 || isLeft(policy)) return left([...unknown, ...policyErrors]);
  const shrink = resolveShrinkConfig(d.right.shrink, policy.right);
  if (isLeft(shrink)) return shrink;
  const defined = <A extends object>(o: A): Partial<A> =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<A>;
  const { policy: _p, volume, shrink: _s, ...rest } = d.right;
  const c: HealingConfig = {
    ...healingDefaults,
    ...defined(rest),
    policy: policy.right,
    shrink: shrink.right,
    volume: { ...healingDefaults.volume, ...defined(volume ?? {}) } as VolumeSettings,
  };
  if (c.volume.kmsKeyId !== undefined && !c.volume.encrypted)
    return left(['volume.kmsKeyId needs volume.encrypted: true']);
  return right(c);
};
