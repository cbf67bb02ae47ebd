/**
 * The expansion policy's configuration: one io-ts codec, documented defaults, cross-field checks.
 */
import * as t from 'io-ts';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { decodeSafely } from './decode-report.js';

const NonNegative = t.refinement(
  t.number,
  (n) => Number.isFinite(n) && n >= 0,
  'NonNegativeNumber',
);
const Percent = t.refinement(t.number, (n) => Number.isFinite(n) && n > 0 && n <= 100, 'Percent');
const Count = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 1, 'Count');

/** How big one expansion is: a share of the pool's capacity, or a fixed size. */
export const StepConfig = t.type({
  unit: t.keyof({ percent: null, gib: null }),
  value: NonNegative,
});
/** How big one expansion is. */
export type StepConfig = t.TypeOf<typeof StepConfig>;

/** The full, resolved configuration (every field present). */
export const PolicyConfig = t.type({
  /** Decide, but let the caller only record what it would do. */
  dryRun: t.boolean,
  /** A sample at or above this percent full counts towards the trigger. */
  triggerPercent: Percent,
  /** A sample below this percent full re-arms the trigger (hysteresis). Must be < trigger. */
  clearPercent: Percent,
  /** How many consecutive triggering samples are needed. */
  consecutiveSamples: Count,
  /** A sample whose projected time to full is at most this counts as triggering (if ≥ clear). 0 disables. */
  timeToFullMinutes: NonNegative,
  /** The window of samples used to estimate the fill rate. */
  fillRateWindowMinutes: NonNegative,
  /** The newest sample must be at most this old, or the policy waits. */
  maxSampleAgeMinutes: NonNegative,
  /** After any expansion of the pool (dry-run included), wait this long. */
  cooldownMinutes: NonNegative,
  step: StepConfig,
  /** The step is at least this big (GiB) ... */
  minStepGiB: NonNegative,
  /** ... and at most this big (GiB). */
  maxStepGiB: NonNegative,
  /** One new volume is at least this big (the provider's minimum for the type, or more). */
  minVolumeGiB: Count,
  /** One new volume is at most this big (the provider's maximum for the type, or less). */
  maxVolumeGiB: Count,
  /** At most this many nodes get a volume in one expansion (spread across fault sets first). */
  maxNodesPerExpansion: Count,
  /** A node gets at most this many framework volumes over its lifetime. */
  maxVolumesPerNode: Count,
  /** A node gets at most this many GiB from the framework over its lifetime. */
  maxGiBPerNode: NonNegative,
  /** The framework adds at most this many GiB to the pool over its lifetime. */
  maxTotalGiB: NonNegative,
  /** At most this many GiB in any rolling 24 hours. */
  dailyBudgetGiB: NonNegative,
  /** Attachment slots always left free on a node. */
  attachmentReserve: NonNegative,
});
/** The full, resolved configuration. */
export type PolicyConfig = t.TypeOf<typeof PolicyConfig>;

/** The defaults; each is a documented starting point, not a measured optimum. */
export const defaultPolicyConfig: PolicyConfig = {
  dryRun: false,
  triggerPercent: 80,
  clearPercent: 70,
  consecutiveSamples: 3,
  timeToFullMinutes: 120,
  fillRateWindowMinutes: 30,
  maxSampleAgeMinutes: 10,
  cooldownMinutes: 30,
  step: { unit: 'percent', value: 25 },
  minStepGiB: 100,
  maxStepGiB: 4096,
  minVolumeGiB: 100,
  maxVolumeGiB: 4096,
  maxNodesPerExpansion: 3,
  maxVolumesPerNode: 8,
  maxGiBPerNode: 16384,
  maxTotalGiB: 32768,
  dailyBudgetGiB: 4096,
  attachmentReserve: 1,
};

/** The configuration as written by an operator: every field optional, step partial too. */
export const PolicyConfigInput = t.exact(
  t.partial({ ...PolicyConfig.props, step: t.partial(StepConfig.props) }),
);
/** The configuration as written by an operator. */
export type PolicyConfigInput = t.TypeOf<typeof PolicyConfigInput>;

const knownTop = new Set(Object.keys(PolicyConfig.props));
const knownStep = new Set(Object.keys(StepConfig.props));
const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);
/** Field names the codec does not know (exact codecs would drop them silently). */
const unknownFields = (input: unknown): string[] => {
  if (!isRecord(input)) return [];
  const top = Object.keys(input).filter((k) => !knownTop.has(k));
  const step = isRecord(input['step'])
    ? Object.keys(input['step'])
        .filter((k) => !knownStep.has(k))
        .map((k) => `step.${k}`)
    : [];
  return [...top, ...step];
};

/**
 * Decodes an operator's configuration (any JSON/YAML value), fills in the defaults and checks the
 * cross-field rules. Left: one clear message per problem.
 */
export const resolvePolicyConfig = (
  input: unknown,
): Either<ReadonlyArray<string>, PolicyConfig> => {
  const decoded = decodeSafely(PolicyConfigInput, input ?? {});
  if (decoded._tag === 'Left') return left(decoded.left);
  const unknown = unknownFields(input ?? {});
  if (unknown.length > 0)
    return left(
      unknown.map((f) => `unknown field ${f} (a typo would otherwise be ignored silently)`),
    );
  const { step, ...rest } = decoded.right;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const c: PolicyConfig = {
    ...defaultPolicyConfig,
    ...defined,
    step: {
      ...defaultPolicyConfig.step,
      ...Object.fromEntries(Object.entries(step ?? {}).filter(([, v]) => v !== undefined)),
    },
  };
  const errors = [
    c.clearPercent < c.triggerPercent
      ? null
      : `clearPercent (${c.clearPercent}) must be below triggerPercent (${c.triggerPercent})`,
    c.minStepGiB <= c.maxStepGiB
      ? null
      : `minStepGiB (${c.minStepGiB}) must not exceed maxStepGiB (${c.maxStepGiB})`,
    c.minVolumeGiB <= c.maxVolumeGiB
      ? null
      : `minVolumeGiB (${c.minVolumeGiB}) must not exceed maxVolumeGiB (${c.maxVolumeGiB})`,
    c.step.unit === 'percent' && c.step.value > 100
      ? `step.value (${c.step.value}) is a percent and must be at most 100`
      : null,
    c.step.value > 0 ? null : 'step.value must be positive',
  ].filter((e): e is string => e !== null);
  return errors.length > 0 ? left(errors) : right(c);
};
