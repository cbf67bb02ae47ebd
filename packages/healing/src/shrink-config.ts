/**
 * The shrink (scale-down) section of the healer's configuration: one io-ts codec with documented
 * defaults and its cross-field rules against the growth policy (hysteresis: the low-water mark
 * sits below the clear threshold, which sits below the trigger).
 */
import * as t from 'io-ts';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { decodeSafely, type PolicyConfig } from '@scaleio-framework/capacity';

const Percent = t.refinement(t.number, (n) => Number.isFinite(n) && n > 0 && n <= 100, 'Percent');
const Minutes = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'Minutes');
const Count = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 1, 'Count');

/** The resolved shrink configuration (every field present). */
export const ShrinkConfig = t.type({
  /** Off by default: a healing-added device is never removed unless this is on (or an operator drains one). */
  enabled: t.boolean,
  /** Decide and record (event, status), but remove nothing. */
  dryRun: t.boolean,
  /** Each shrink waits for `approve(entryId)` before the device is removed. */
  approval: t.boolean,
  /** A pool counts as low while it is below this percent full. Must be below the policy's clear threshold. */
  lowPercent: Percent,
  /** The pool must have stayed low this long (every sample of the window low, the window covered). */
  lowForMinutes: Minutes,
  /** No shrink within this long of any growth of the pool (decided or finished). */
  quietAfterGrowMinutes: Minutes,
  /** Shrinks started in any rolling 24 hours, across all pools (a daily cap). */
  maxPerDay: Count,
});
/** The resolved shrink configuration. */
export type ShrinkConfig = t.TypeOf<typeof ShrinkConfig>;

/** The defaults; documented starting points, not measured optima. */
export const shrinkDefaults: ShrinkConfig = {
  enabled: false,
  dryRun: false,
  approval: false,
  lowPercent: 40,
  lowForMinutes: 120,
  quietAfterGrowMinutes: 60,
  maxPerDay: 1,
};

const Input = t.exact(t.partial(ShrinkConfig.props));

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * Decodes the operator's `shrink` section (absent = defaults) and checks it against the growth
 * policy. Left: one message per problem, unknown fields included (prefixed `shrink.`).
 */
export const resolveShrinkConfig = (
  input: unknown,
  policy: Pick<PolicyConfig, 'clearPercent' | 'triggerPercent'>,
): Either<ReadonlyArray<string>, ShrinkConfig> => {
  const raw = input ?? {};
  const d = decodeSafely(Input, raw);
  if (isLeft(d)) return left(d.left.map((m) => `shrink: ${m}`));
  const unknown = isRecord(raw)
    ? Object.keys(raw)
        .filter((k) => !(k in ShrinkConfig.props))
        .map((k) => `unknown field shrink.${k}`)
    : [];
  if (unknown.length > 0) return left(unknown);
  const defined = Object.fromEntries(Object.entries(d.right).filter(([, v]) => v !== undefined));
  const c: ShrinkConfig = { ...shrinkDefaults, ...defined };
  // Checked only when shrinking is on: an operator who never shrinks may keep any clear threshold.
  return !c.enabled || c.lowPercent < policy.clearPercent
    ? right(c)
    : left([
        `shrink.lowPercent (${c.lowPercent}) must be below policy.clearPercent (${policy.clearPercent}), itself below triggerPercent (${policy.triggerPercent})`,
      ]);
};
